package ma.pmogateway.pmo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.CodeEtat;
import ma.pmogateway.contract.pmo.Projet;
import ma.pmogateway.contract.pmo.ReferenceExterne;
import ma.pmogateway.contract.pmo.ResultatDepot;
import ma.pmogateway.contract.pmo.Suivi;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.pmo.Review.KnownProject;

/**
 * The reference PMO's register in the {@code pmo_*} tables: deposits with their acknowledgements,
 * projects with their PMO references, and every project record and monitoring update received.
 *
 * <p>A deposit is recorded in one transaction that first claims its message id (the primary key of
 * {@code pmo_depot}): of two deliveries of one message, however concurrent, one records the deposit
 * and the other waits for it and gets its acknowledgement, marked {@code doublon}. If two deposits
 * race to create the same project, the loser's transaction is rolled back and replayed, then finds
 * the project. This is the sandbox's only database access, standing in for the PMO's own system.
 */
final class PmoRegister {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;

    PmoRegister(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A deposit's header, as recorded.
     *
     * @param messageId        {@code entete/identifiant-message}, the deduplication key
     * @param nature           {@code FICHES} or {@code SITUATIONS}
     * @param sender           {@code entete/emetteur/@code}
     * @param callerThumbprint SHA-256 of the certificate that signed the request
     * @param sourceExchange   {@code entete/reference-source/@echange}, the gateway's exchange
     * @param asOf             {@code entete/date-arrete}
     * @param receivedAt       when this delivery arrived
     */
    record Deposit(String messageId, String nature, String sender, String callerThumbprint, String sourceExchange,
            LocalDate asOf, Instant receivedAt) {
    }

    /** Decides and records a deposit's items inside its transaction, and returns the acknowledgement. */
    @FunctionalInterface
    interface Work {
        AccuseDepot record(Transaction transaction) throws SQLException;
    }

    /**
     * Records {@code deposit} with the items {@code work} records, and returns its acknowledgement; or,
     * if its message id was recorded before, records one more delivery and returns the stored
     * acknowledgement with {@code doublon} true, recording nothing else.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database fails; nothing is kept
     */
    AccuseDepot deposit(Deposit deposit, Work work) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                Optional<AccuseDepot> recorded = depositOnce(connection, deposit, work);
                if (recorded.isPresent()) {
                    return recorded.get();
                }
                Optional<AccuseDepot> previous = redelivery(connection, deposit);
                if (previous.isPresent()) {
                    return previous.get();
                }
                // The first delivery was rolled back meanwhile: claim the message again.
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == ATTEMPTS) {
                    throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, deposit.messageId());
                }
                // A concurrent deposit created the same project first: replay, and find it.
            }
        }
        throw new GatewayException(ErrorCode.ERREUR_INTERNE,
                new SQLException("deposit not settled after " + ATTEMPTS + " attempts"), deposit.messageId());
    }

    /** Returns the first arrival of every deposit, in order of arrival. */
    List<Arrival> arrivals() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT rang_arrivee, identifiant_message,"
                        + " nature, recu_le, livraisons FROM pmo_depot ORDER BY rang_arrivee");
                ResultSet rows = select.executeQuery()) {
            List<Arrival> arrivals = new ArrayList<>();
            while (rows.next()) {
                arrivals.add(new Arrival(rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getTimestamp(4).toInstant(), rows.getInt(5)));
            }
            return arrivals;
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "pmo_depot");
        }
    }

    /** Returns the PMO reference of the project {@code code} declared by {@code organisme}, if known. */
    Optional<String> referencePmo(String organisme, String code) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT reference_pmo FROM pmo_projet WHERE organisme = ? AND reference_externe = ?")) {
            select.setString(1, organisme);
            select.setString(2, code);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "pmo_projet");
        }
    }

    /** Returns the new deposit's acknowledgement, committed; or empty if the message id was already claimed. */
    private static Optional<AccuseDepot> depositOnce(Connection connection, Deposit deposit, Work work)
            throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (!claim(connection, deposit)) {
                connection.rollback();
                return Optional.empty();
            }
            AccuseDepot accuse = work.record(new Transaction(connection, deposit));
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE pmo_depot SET accuse = ? WHERE identifiant_message = ?")) {
                update.setBytes(1, PmoXml.acknowledgement(accuse));
                update.setString(2, deposit.messageId());
                update.executeUpdate();
            }
            connection.commit();
            return Optional.of(accuse);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Inserts the deposit's row, whose primary key is its message id, and returns true; or returns false
     * if that id is already recorded. A concurrent first delivery makes this wait for its outcome.
     */
    private static boolean claim(Connection connection, Deposit deposit) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pmo_depot (identifiant_message,"
                + " nature, emetteur, empreinte_appelant, echange_source, date_arrete, recu_le, livraisons,"
                + " derniere_livraison) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)")) {
            insert.setString(1, deposit.messageId());
            insert.setString(2, deposit.nature());
            insert.setString(3, deposit.sender());
            insert.setString(4, deposit.callerThumbprint());
            insert.setString(5, deposit.sourceExchange());
            insert.setDate(6, Date.valueOf(deposit.asOf()));
            insert.setTimestamp(7, Timestamp.from(deposit.receivedAt()));
            insert.setTimestamp(8, Timestamp.from(deposit.receivedAt()));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Counts one more delivery of a recorded deposit and returns its acknowledgement, marked doublon. */
    private static Optional<AccuseDepot> redelivery(Connection connection, Deposit deposit) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE pmo_depot SET livraisons = livraisons + 1,"
                + " derniere_livraison = ? WHERE identifiant_message = ? AND accuse IS NOT NULL");
                PreparedStatement select = connection.prepareStatement(
                        "SELECT accuse FROM pmo_depot WHERE identifiant_message = ?")) {
            update.setTimestamp(1, Timestamp.from(deposit.receivedAt()));
            update.setString(2, deposit.messageId());
            if (update.executeUpdate() == 0) {
                return Optional.empty();
            }
            select.setString(1, deposit.messageId());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                AccuseDepot accuse = PmoXml.acknowledgement(row.getBytes(1));
                accuse.setDoublon(true);
                return Optional.of(accuse);
            }
        }
    }

    /** The register as one deposit's transaction sees it. */
    static final class Transaction {

        private final Connection connection;
        private final Deposit deposit;

        private Transaction(Connection connection, Deposit deposit) {
            this.connection = connection;
            this.deposit = deposit;
        }

        /** Returns the project designated by {@code reference}, if known, locked until the deposit ends. */
        Optional<KnownProject> project(ReferenceExterne reference) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement("SELECT numero, reference_pmo, date_situation"
                    + " FROM pmo_projet WHERE organisme = ? AND reference_externe = ? FOR UPDATE")) {
                select.setString(1, reference.getOrganisme());
                select.setString(2, reference.getValue());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Date situation = row.getDate(3);
                    return Optional.of(new KnownProject(row.getLong(1), row.getString(2),
                            situation == null ? null : situation.toLocalDate()));
                }
            }
        }

        /**
         * Registers the project {@code projet} and returns it with its new PMO reference,
         * {@code PMO-<year of arrival>-<row number on 6 digits>}.
         */
        KnownProject createProject(Projet projet) throws SQLException {
            long numero;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pmo_projet (organisme,"
                    + " reference_externe, etat, budget, cree_le, modifie_le) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"numero"})) {
                insert.setString(1, projet.getReferenceExterne().getOrganisme());
                insert.setString(2, projet.getReferenceExterne().getValue());
                insert.setString(3, projet.getEtat().getCode().value());
                insert.setBigDecimal(4, projet.getBudget().getMontant());
                insert.setTimestamp(5, Timestamp.from(deposit.receivedAt()));
                insert.setTimestamp(6, Timestamp.from(deposit.receivedAt()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    numero = keys.getLong(1);
                }
            }
            String reference = String.format(Locale.ROOT, "PMO-%d-%06d",
                    deposit.receivedAt().atZone(PmoXml.PMO_ZONE).getYear(), numero);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE pmo_projet SET reference_pmo = ? WHERE numero = ?")) {
                update.setString(1, reference);
                update.setLong(2, numero);
                update.executeUpdate();
            }
            return new KnownProject(numero, reference, null);
        }

        /**
         * Records the project's current state and budget, and the as-of date of a monitoring update
         * ({@code situationDate}, or null to keep the one recorded).
         */
        void updateProject(KnownProject project, CodeEtat etat, BigDecimal budget, LocalDate situationDate)
                throws SQLException {
            try (PreparedStatement update = connection.prepareStatement("UPDATE pmo_projet SET etat = ?, budget = ?,"
                    + " date_situation = COALESCE(?, date_situation), modifie_le = ? WHERE numero = ?")) {
                update.setString(1, etat.value());
                update.setBigDecimal(2, budget);
                if (situationDate == null) {
                    update.setNull(3, Types.DATE);
                } else {
                    update.setDate(3, Date.valueOf(situationDate));
                }
                update.setTimestamp(4, Timestamp.from(deposit.receivedAt()));
                update.setLong(5, project.numero());
                update.executeUpdate();
            }
        }

        /** Records the deposit's {@code rang}-th project record and the PMO's decision on it. */
        void recordFiche(int rang, Projet projet, ResultatDepot result) throws SQLException {
            recordItem("INSERT INTO pmo_fiche (identifiant_message, rang, organisme, reference_externe, decision,"
                    + " reference_pmo, contenu, operation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rang, result, PmoXml.projet(projet), projet.getOperation().value());
        }

        /** Records the deposit's {@code rang}-th monitoring update and the PMO's decision on it. */
        void recordSuivi(int rang, Suivi suivi, ResultatDepot result) throws SQLException {
            recordItem("INSERT INTO pmo_suivi (identifiant_message, rang, organisme, reference_externe, decision,"
                    + " reference_pmo, contenu, date_arrete) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rang, result, PmoXml.suivi(suivi), Date.valueOf(Review.date(suivi.getDateArrete())));
        }

        private void recordItem(String insertSql, int rang, ResultatDepot result, byte[] content, Object lastColumn)
                throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
                insert.setString(1, deposit.messageId());
                insert.setInt(2, rang);
                insert.setString(3, result.getReferenceExterne().getOrganisme());
                insert.setString(4, result.getReferenceExterne().getValue());
                insert.setString(5, result.getDecision());
                insert.setString(6, result.getReferencePmo());
                insert.setBytes(7, content);
                insert.setObject(8, lastColumn);
                insert.executeUpdate();
            }
        }
    }
}
