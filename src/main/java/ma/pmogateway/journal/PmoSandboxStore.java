package ma.pmogateway.journal;

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
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The PMO sandbox's tables ({@code pmo_*}, migration V8), kept here so that the journal stays the one
 * package that speaks SQL: deposits with their acknowledgements, projects with their PMO references,
 * and every project record and monitoring update received. It stores and reads plain values; what they
 * mean (the review, the PMO references, what a redelivery is answered) is the sandbox's
 * ({@code ma.pmogateway.pmo}).
 *
 * <p>A deposit is recorded in one transaction that first claims its message id (the primary key of
 * {@code pmo_depot}): of two deliveries of one message, however concurrent, one records the deposit
 * and the other waits on the key for its outcome and gets its stored acknowledgement. If two deposits
 * race to create the same project, the loser's transaction is rolled back and replayed, then finds
 * the project.
 */
public final class PmoSandboxStore {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;

    /** Creates the store of the sandbox's tables in {@code dataSource}. */
    public PmoSandboxStore(DataSource dataSource) {
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
    public record Deposit(String messageId, String nature, String sender, String callerThumbprint,
            String sourceExchange, LocalDate asOf, Instant receivedAt) {
    }

    /**
     * A project of the register.
     *
     * @param numero        its row number, from which its PMO reference is made
     * @param referencePmo  its PMO reference (null only inside the transaction that creates it, before
     *                      {@link Transaction#assignReference})
     * @param situationDate the as-of date of its current monitoring update, or null if none
     */
    public record Project(long numero, String referencePmo, LocalDate situationDate) {
    }

    /**
     * One item of a deposit and the PMO's decision on it.
     *
     * @param rang             its 1-based rank in the deposit
     * @param organisme        {@code reference-externe/@organisme} of its project
     * @param referenceExterne the project's external reference
     * @param decision         {@code accepte} or {@code rejete}
     * @param referencePmo     the project's PMO reference, or null if rejected before it had one
     * @param content          the item as received (a PMO-schema document)
     */
    public record Item(int rang, String organisme, String referenceExterne, String decision, String referencePmo,
            byte[] content) {
    }

    /** Decides and records a deposit's items inside its transaction, and returns its acknowledgement. */
    @FunctionalInterface
    public interface Work<A> {
        A record(Transaction transaction) throws SQLException;
    }

    /**
     * Records {@code deposit} with the items {@code work} records and the acknowledgement it returns
     * (stored as {@code stored} encodes it), and returns that acknowledgement; or, if its message id was
     * recorded before, counts one more delivery and returns {@code redelivered} of the stored
     * acknowledgement, recording nothing else. {@code work} may run again if its transaction lost a race.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database fails; nothing is kept
     */
    public <A> A deposit(Deposit deposit, Work<A> work, Function<A, byte[]> stored, Function<byte[], A> redelivered) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                Optional<A> recorded = depositOnce(connection, deposit, work, stored);
                if (recorded.isPresent()) {
                    return recorded.get();
                }
                Optional<byte[]> previous = redelivery(connection, deposit);
                if (previous.isPresent()) {
                    return redelivered.apply(previous.get());
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
    public List<PmoArrival> arrivals() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT rang_arrivee, identifiant_message,"
                        + " nature, recu_le, livraisons FROM pmo_depot ORDER BY rang_arrivee");
                ResultSet rows = select.executeQuery()) {
            List<PmoArrival> arrivals = new ArrayList<>();
            while (rows.next()) {
                arrivals.add(new PmoArrival(rows.getLong(1), rows.getString(2), rows.getString(3),
                        rows.getTimestamp(4).toInstant(), rows.getInt(5)));
            }
            return arrivals;
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "pmo_depot");
        }
    }

    /** Returns the PMO reference of the project {@code referenceExterne} declared by {@code organisme}, if known. */
    public Optional<String> referencePmo(String organisme, String referenceExterne) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT reference_pmo FROM pmo_projet WHERE organisme = ? AND reference_externe = ?")) {
            select.setString(1, organisme);
            select.setString(2, referenceExterne);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "pmo_projet");
        }
    }

    /** Returns the new deposit's acknowledgement, committed; or empty if the message id was already claimed. */
    private static <A> Optional<A> depositOnce(Connection connection, Deposit deposit, Work<A> work,
            Function<A, byte[]> stored) throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (!claim(connection, deposit)) {
                connection.rollback();
                return Optional.empty();
            }
            A acknowledgement = work.record(new Transaction(connection, deposit));
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE pmo_depot SET accuse = ? WHERE identifiant_message = ?")) {
                update.setBytes(1, stored.apply(acknowledgement));
                update.setString(2, deposit.messageId());
                update.executeUpdate();
            }
            connection.commit();
            return Optional.of(acknowledgement);
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

    /** Counts one more delivery of a recorded deposit and returns its stored acknowledgement. */
    private static Optional<byte[]> redelivery(Connection connection, Deposit deposit) throws SQLException {
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
                return Optional.of(row.getBytes(1));
            }
        }
    }

    /** The register as one deposit's transaction sees it. */
    public static final class Transaction {

        private final Connection connection;
        private final Deposit deposit;

        private Transaction(Connection connection, Deposit deposit) {
            this.connection = connection;
            this.deposit = deposit;
        }

        /** Returns the deposit this transaction records. */
        public Deposit deposit() {
            return deposit;
        }

        /** Returns the project {@code referenceExterne} of {@code organisme}, if known, locked until the deposit ends. */
        public Optional<Project> project(String organisme, String referenceExterne) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement("SELECT numero, reference_pmo, date_situation"
                    + " FROM pmo_projet WHERE organisme = ? AND reference_externe = ? FOR UPDATE")) {
                select.setString(1, organisme);
                select.setString(2, referenceExterne);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Date situation = row.getDate(3);
                    return Optional.of(new Project(row.getLong(1), row.getString(2),
                            situation == null ? null : situation.toLocalDate()));
                }
            }
        }

        /**
         * Registers the project {@code referenceExterne} of {@code organisme} in state {@code etat} with
         * {@code budget}, and returns its row number; its PMO reference follows ({@link #assignReference}).
         * A concurrent deposit that registers it first makes this fail, and the deposit replay.
         */
        public long createProject(String organisme, String referenceExterne, String etat, BigDecimal budget)
                throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pmo_projet (organisme,"
                    + " reference_externe, etat, budget, cree_le, modifie_le) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"numero"})) {
                insert.setString(1, organisme);
                insert.setString(2, referenceExterne);
                insert.setString(3, etat);
                insert.setBigDecimal(4, budget);
                insert.setTimestamp(5, Timestamp.from(deposit.receivedAt()));
                insert.setTimestamp(6, Timestamp.from(deposit.receivedAt()));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }

        /** Gives the project numbered {@code numero} its PMO reference. */
        public void assignReference(long numero, String referencePmo) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE pmo_projet SET reference_pmo = ? WHERE numero = ?")) {
                update.setString(1, referencePmo);
                update.setLong(2, numero);
                update.executeUpdate();
            }
        }

        /**
         * Records the project's current state and budget, and the as-of date of a monitoring update
         * ({@code situationDate}, or null to keep the one recorded).
         */
        public void updateProject(long numero, String etat, BigDecimal budget, LocalDate situationDate)
                throws SQLException {
            try (PreparedStatement update = connection.prepareStatement("UPDATE pmo_projet SET etat = ?, budget = ?,"
                    + " date_situation = COALESCE(?, date_situation), modifie_le = ? WHERE numero = ?")) {
                update.setString(1, etat);
                update.setBigDecimal(2, budget);
                if (situationDate == null) {
                    update.setNull(3, Types.DATE);
                } else {
                    update.setDate(3, Date.valueOf(situationDate));
                }
                update.setTimestamp(4, Timestamp.from(deposit.receivedAt()));
                update.setLong(5, numero);
                update.executeUpdate();
            }
        }

        /** Records a project record of the deposit, whose {@code operation} is creation or mise-a-jour. */
        public void recordFiche(Item item, String operation) throws SQLException {
            recordItem("INSERT INTO pmo_fiche (identifiant_message, rang, organisme, reference_externe, decision,"
                    + " reference_pmo, contenu, operation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", item, operation);
        }

        /** Records a monitoring update of the deposit, as of {@code asOf}. */
        public void recordSuivi(Item item, LocalDate asOf) throws SQLException {
            recordItem("INSERT INTO pmo_suivi (identifiant_message, rang, organisme, reference_externe, decision,"
                    + " reference_pmo, contenu, date_arrete) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", item, Date.valueOf(asOf));
        }

        private void recordItem(String insertSql, Item item, Object lastColumn) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
                insert.setString(1, deposit.messageId());
                insert.setInt(2, item.rang());
                insert.setString(3, item.organisme());
                insert.setString(4, item.referenceExterne());
                insert.setString(5, item.decision());
                insert.setString(6, item.referencePmo());
                insert.setBytes(7, item.content());
                insert.setObject(8, lastColumn);
                insert.executeUpdate();
            }
        }
    }
}
