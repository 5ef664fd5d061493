package ma.pmogateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.journal.ChainVerifier;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.service.GatewayServer;

/**
 * A real gateway for end-to-end tests: Jetty on 127.0.0.1 on a free port, its own H2 journal in a
 * temporary folder, the development PKI, and a sender registry that also registers the deliberately
 * bad certificates (so that their refusal is proven to come from certificate checks, not from the
 * registry).
 */
public final class TestGateway implements AutoCloseable {

    private final Path dataDir;
    private final Map<String, String> overrides;
    private GatewayServer server;

    private TestGateway(Path dataDir, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.overrides = overrides;
    }

    /** Starts a gateway with a fresh journal. */
    public static TestGateway start(Map<String, String> extraOverrides) {
        try {
            Path dataDir = Files.createTempDirectory("pmo-gateway-it");
            Path registry = dataDir.resolve("senders.properties");
            Files.writeString(registry, registry());
            Map<String, String> overrides = new HashMap<>();
            overrides.put("server.port", Integer.toString(TestPorts.free()));
            overrides.put("data-dir", dataDir.resolve("data").toString());
            // The operator's port on a free port too, its maintenance switch in this gateway's folder.
            overrides.put("admin.port", "0");
            overrides.put("admin.maintenance-file", dataDir.resolve("maintenance").toString());
            overrides.put("security.sender-registry", registry.toString());
            // Delivery to the PMO is exercised by the tests that ask for it (DeliveryIT).
            overrides.put("delivery.enabled", "false");
            // In-process gateways use the H2 file, started in milliseconds; the default engine, the embedded
            // PostgreSQL, is exercised by the tests that run the gateway as a process (KillCampaignIT,
            // EmbeddedPostgresJournalIT) and by those on TestDatabase.POSTGRESQL.
            overrides.put("database.embedded-engine", "h2");
            overrides.putAll(extraOverrides);
            TestGateway gateway = new TestGateway(dataDir, overrides);
            gateway.restart();
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestGateway start() {
        return start(Map.of());
    }

    /** Stops the gateway and starts it again on the same port and journal, with {@code changes} to its settings. */
    public void restart(Map<String, String> changes) {
        overrides.putAll(changes);
        restart();
    }

    /** Stops the gateway (if running) and starts it again on the same port and journal. */
    public void restart() {
        if (server != null) {
            server.close();
        }
        server = GatewayServer.start(GatewayConfig.load(null, Map.of(), overrides));
    }

    public String soap12Address() {
        return server.gatewayAddress();
    }

    public String soap11Address() {
        return server.gatewaySoap11Address();
    }

    /** Returns the operator's port's address (health, metrics), {@code http://127.0.0.1:PORT}. */
    public String adminAddress() {
        return server.adminAddress();
    }

    /** Returns the file whose presence puts this gateway in maintenance (/health/ready answers 503). */
    public Path maintenanceFile() {
        return dataDir.resolve("maintenance");
    }

    public Path dataDir() {
        return dataDir.resolve("data");
    }

    /** Returns the running gateway's PMO reference service, to steer and inspect it. */
    public ma.pmogateway.pmo.PmoReferenceService pmo() {
        return server.sandbox().orElseThrow();
    }

    /** Returns the running gateway's delivery queue. */
    public ma.pmogateway.journal.Outbox outbox() {
        return server.outbox();
    }

    /** Returns the running gateway's journal, to check what it recorded. */
    public Journal journal() {
        return server.journal();
    }

    /**
     * Opens a connection to the running gateway's journal, for what {@link Journal} does not offer:
     * its PostgreSQL if {@code database.url} names one, else its embedded H2 (same URL and user as the
     * gateway, so H2 shares the open database).
     */
    public java.sql.Connection journalConnection() throws java.sql.SQLException {
        if (postgres()) {
            return java.sql.DriverManager.getConnection(overrides.get("database.url"), overrides.get("database.user"),
                    overrides.getOrDefault("database.password", ""));
        }
        return java.sql.DriverManager.getConnection(journalUrl(), "pmo", "");
    }

    /** Returns every break of the running gateway's hash chain (none when it is intact). */
    public java.util.List<ChainVerifier.Break> chainBreaks() {
        if (postgres()) {
            org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
            dataSource.setURL(overrides.get("database.url"));
            dataSource.setUser(overrides.get("database.user"));
            dataSource.setPassword(overrides.getOrDefault("database.password", ""));
            return new ChainVerifier(dataSource).verify();
        }
        org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
        dataSource.setURL(journalUrl());
        dataSource.setUser("pmo");
        return new ChainVerifier(dataSource).verify();
    }

    private boolean postgres() {
        return !overrides.getOrDefault("database.url", "").isEmpty();
    }

    private String journalUrl() {
        return "jdbc:h2:file:" + dataDir().resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    @Override
    public void close() {
        server.close();
    }

    private static String registry() {
        StringBuilder registry = new StringBuilder();
        String all = "SoumettreProjets,SoumettreSituations,ValiderEnvoi,ConsulterEchange,RecupererRetours";
        // The head office may call every operation, TransfererProjet included.
        registry.append(entry("AO-SIEGE", "ao-siege", "*", "*"));
        registry.append(entry("AO-CS", "ao-cs", all, "06"));
        registry.append(entry("AO-RSK", "ao-rsk", "SoumettreSituations,ValiderEnvoi,ConsulterEchange", "04"));
        registry.append(entry("AO-MS", "ao-ms", all, "07"));
        // Each deliberately bad certificate registered, so that its own defect, not its absence, is what fails.
        Map.of("bad-expired", "AO-EXPIRED", "bad-not-yet-valid", "AO-NOTYET", "bad-revoked", "AO-REVOKED",
                "bad-untrusted", "AO-UNTRUST", "bad-rsa1024", "AO-RSAWEAK", "bad-sha1", "AO-SHAWEAK",
                "bad-keyusage", "AO-KEYUSAGE").forEach((identity, code) -> registry.append(entry(code, identity, all, "*")));
        return registry.toString();
    }

    /**
     * Returns the configuration override naming a sender registry made of {@code entries} (each from
     * {@link #entry}), written to a temporary file.
     */
    public static Map<String, String> registryOverride(String... entries) {
        try {
            Path registry = Files.createTempFile("senders", ".properties");
            registry.toFile().deleteOnExit();
            Files.writeString(registry, String.join("", entries));
            return Map.of("security.sender-registry", registry.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the sender-registry lines of {@code code}, recognised by the certificate of {@code identity}. */
    public static String entry(String code, String identity, String operations, String regions) {
        return "sender." + code + ".certificate=" + Identities.certificateFile(identity) + "\n"
                + "sender." + code + ".operations=" + operations + "\n"
                + "sender." + code + ".regions=" + regions + "\n";
    }
}
