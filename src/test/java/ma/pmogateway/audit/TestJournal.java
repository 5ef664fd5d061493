package ma.pmogateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ma.pmogateway.rules.CompiledChecks;
import ma.pmogateway.error.Reason;
import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.it.Identities;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.TestDatabase;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.journal.TrustArchive;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.support.Sha256;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.transform.XsltRuntime;

/** A fresh journal in a temporary folder, written through the real {@link Journal}, and raw SQL to tamper with it. */
final class TestJournal implements AutoCloseable {

    private final Database database;

    private TestJournal(Database database) {
        this.database = database;
    }

    static TestJournal create() {
        try {
            Path dir = Files.createTempDirectory("pmo-gateway-audit");
            return new TestJournal(Database.open(GatewayConfig.defaults().with(Map.of("data-dir", dir.toString(), "database.embedded-engine", "h2"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This build's transformation, compiled once for all the audit tests that re-run it. */
    static Transformer transformer() {
        return CompiledTransformer.INSTANCE;
    }

    private static final class CompiledTransformer {
        static final Transformer INSTANCE = CompiledChecks.compile().transformer();
    }

    Database database() {
        return database;
    }

    /** Returns the journal's archive of trust material. */
    TrustArchive trustArchive() {
        return new TrustArchive(database.dataSource());
    }

    /** Archives the development CA and its CRL as in use since {@code since}, as a gateway started then would. */
    void trustDevelopmentPkiSince(Instant since) {
        KeyMaterial pki = Identities.of("gateway");
        trustArchive().keep(pki.trustAnchors(), pki.crls(), since);
    }

    /** Records {@code request} as an accepted exchange received at {@code receivedAt} and returns its id. */
    String recordAccepted(byte[] request, Instant receivedAt) {
        String id = UUID.randomUUID().toString();
        // The journal keeps milliseconds, as the gateway's capture step gives them.
        new Journal(database.groupCommit(), TestDatabase.VERSIONS).recordAccepted(new ReceivedRequest(id, receivedAt.truncatedTo(ChronoUnit.MILLIS),
                request, Sha256.hex(request)),
                new Submission("SoumettreProjets", "AO-CS", null, UUID.randomUUID().toString(), Sha256.hex(request),
                        List.of(), Map.of(), Map.of(), List.of(),
                        new Submission.Delivery("DeposerFiches", "<document/>".getBytes(StandardCharsets.UTF_8))), admission -> { });
        return id;
    }

    /** Records {@code request} as a rejected exchange and returns its id. */
    String recordRejected(byte[] request) {
        String id = UUID.randomUUID().toString();
        new Journal(database.groupCommit(), TestDatabase.VERSIONS).recordRejected(new ReceivedRequest(id, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                request, Sha256.hex(request)), "SoumettreProjets", "AO-CS", null, null, Reason.REGION_OUT_OF_SCOPE, "test");
        return id;
    }

    /** Runs {@code statements} directly, as an administrator tampering with the database would. */
    void tamper(String... statements) {
        try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
