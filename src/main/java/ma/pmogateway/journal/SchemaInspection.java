package ma.pmogateway.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

import ma.pmogateway.config.GatewayConfig;

/**
 * What {@code serve --check} reads of the configured journal without creating or migrating it: does
 * it exist, at which schema version, with how many migrations to apply. Flyway only reads its
 * history table; an embedded journal that does not exist yet is not created.
 *
 * @param where   the journal, as an operator finds it (a JDBC URL, or the embedded journal's directory)
 * @param exists  false when the embedded journal has not been created yet (then nothing else is known)
 * @param version the schema's version, or null for an empty schema
 * @param pending migrations {@code serve} would apply
 * @param newer   the schema was migrated by a later version of the gateway
 * @param failed  the last migration failed
 */
public record SchemaInspection(String where, boolean exists, String version, int pending, boolean newer,
        boolean failed) {

    /**
     * Inspects the journal {@code config} names. An embedded PostgreSQL journal is read through its
     * server: the running gateway's, or one started for the inspection and stopped after it.
     *
     * @throws RuntimeException if the journal exists but cannot be read (its message says why)
     */
    public static SchemaInspection of(GatewayConfig config) {
        String url = config.string("database.url");
        if (!url.isEmpty()) {
            return read(url, url, config.string("database.user"), config.string("database.password"));
        }
        Path dataDir = config.path("data-dir");
        if (config.string("database.embedded-engine").equals("postgresql")) {
            Path cluster = dataDir.resolve("postgres");
            if (!Files.exists(cluster.resolve("PG_VERSION"))) {
                return absent(cluster);
            }
            try (LocalPostgres server = LocalPostgres.open(dataDir)) {
                return read(cluster.toString(), server.url(), LocalPostgres.USER, server.password());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(cluster + " cannot be started: " + e.getMessage(), e);
            }
        }
        Path file = dataDir.resolve("journal.mv.db");
        if (!Files.exists(file)) {
            return absent(file);
        }
        String h2 = Database.h2Url(dataDir) + ";IFEXISTS=TRUE";
        return read(h2, h2, config.string("database.user"), config.string("database.password"));
    }

    private static SchemaInspection absent(Path where) {
        return new SchemaInspection(where.toString(), false, null, 0, false, false);
    }

    private static SchemaInspection read(String where, String url, String user, String password) {
        MigrationInfoService info = Flyway.configure().dataSource(url, user, password).connectRetries(0)
                .locations(Database.MIGRATIONS).load().info();
        MigrationInfo current = info.current();
        boolean newer = Arrays.stream(info.all()).anyMatch(migration -> migration.getState().name().startsWith("FUTURE"));
        return new SchemaInspection(where, true, current == null ? null : current.getVersion().toString(),
                info.pending().length, newer, current != null && current.getState().isFailed());
    }
}
