package ma.pmogateway.journal;

import java.nio.file.Path;
import java.util.Map;

import ma.pmogateway.config.GatewayConfig;

/**
 * The databases the journal supports, for tests that must hold on each: the embedded H2 file (the
 * default) and a real PostgreSQL (several nodes). {@link #open} returns a freshly migrated journal.
 */
public enum TestDatabase {

    /** H2 in file mode under the data directory, commits written through (WRITE_DELAY=0). */
    H2 {
        @Override
        public Map<String, String> settings(Path dataDir) {
            return Map.of("data-dir", dataDir.toString(), "database.embedded-engine", "h2");
        }
    },

    /** A new database on the shared embedded PostgreSQL server. */
    POSTGRESQL {
        @Override
        public Map<String, String> settings(Path dataDir) {
            return Map.of("data-dir", dataDir.toString(), "database.url", EmbeddedPostgresServer.newDatabase(),
                    "database.user", EmbeddedPostgresServer.USER, "database.password", "");
        }
    };

    /** What the journals of these tests name as the rules, stylesheets and code lists that ran. */
    public static final Versions VERSIONS = new Versions("regles-test", "transformation-test", "listes-test");

    /** Returns the configuration overrides that point a gateway at a new, empty database of this kind. */
    public abstract Map<String, String> settings(Path dataDir);

    /** Opens a new, empty, migrated database of this kind. */
    public Database open(Path dataDir) {
        return Database.open(GatewayConfig.load(null, Map.of(), settings(dataDir)));
    }
}
