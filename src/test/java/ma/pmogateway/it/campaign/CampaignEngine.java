package ma.pmogateway.it.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A journal engine the kill campaign runs against, and what the gateway's configuration must say to
 * use it. An engine that runs outside the gateway (a PostgreSQL server) is started here, once per
 * campaign, and survives the gateway's kills, as a production database server would.
 */
public enum CampaignEngine {

    /** The embedded H2 file under the data directory (development only: production refuses it). */
    H2 {
        @Override
        Map<String, String> settings() {
            return Map.of("database.embedded-engine", "h2");
        }
    },

    /** The default: the embedded journal on a PostgreSQL server the gateway starts itself on its data directory. */
    EMBEDDED_POSTGRESQL {
        @Override
        Map<String, String> settings() {
            return Map.of();
        }
    },

    /** A PostgreSQL server of its own (durable commits), shared by every node. */
    POSTGRESQL {
        private EmbeddedPostgres server;

        @Override
        void start(Path work) throws IOException {
            server = EmbeddedPostgres.builder().setDataDirectory(work.resolve("postgres"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").start();
            try (Connection connection = server.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE journal");
            } catch (SQLException e) {
                throw new IOException("cannot create the journal database", e);
            }
        }

        @Override
        Map<String, String> settings() {
            return Map.of("database.url", server.getJdbcUrl("postgres", "journal"), "database.user", "postgres",
                    "database.password", "");
        }

        @Override
        boolean shared() {
            return true;
        }

        @Override
        public void stop() throws IOException {
            server.close();
        }
    };

    /** Starts what the engine needs outside the gateway, under {@code work}. */
    void start(Path work) throws IOException {
        // Nothing outside the gateway.
    }

    /** The configuration keys that point a gateway node at this engine. */
    abstract Map<String, String> settings();

    /** Whether several nodes can share the journal. */
    boolean shared() {
        return false;
    }

    /** Stops what {@link #start} started. */
    public void stop() throws IOException {
        // Nothing outside the gateway.
    }
}
