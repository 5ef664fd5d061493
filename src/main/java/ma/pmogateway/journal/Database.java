package ma.pmogateway.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.io.IOException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The journal's database: a pooled connection to H2 in file mode under the data directory by
 * default, or to the PostgreSQL named by {@code database.url}, with its schema brought up to date by
 * the Flyway migrations in {@code db/migration} before first use.
 */
public final class Database implements AutoCloseable {

    /** Where the schema's Flyway migrations are: what the journal is migrated with, and inspected against. */
    static final String MIGRATIONS = "classpath:db/migration";

    /** H2's error code for a database file locked by another process. */
    private static final int H2_DATABASE_IN_USE = 90020;

    private final HikariDataSource dataSource;
    /** The PostgreSQL server this process runs for the embedded journal, if it does. */
    private final LocalPostgres server;
    private final GroupCommit groupCommit;

    private Database(HikariDataSource dataSource, LocalPostgres server, int maxGroupSize) {
        this.dataSource = dataSource;
        this.server = server;
        this.groupCommit = new GroupCommit(dataSource, maxGroupSize);
    }

    /**
     * Opens the configured database, creating the data directory and migrating the schema: the
     * PostgreSQL named by {@code database.url}, or else the embedded journal under {@code data-dir}
     * that {@code database.embedded-engine} names (an H2 file, or a PostgreSQL server of the gateway's
     * own, started here and stopped by {@link #close}).
     */
    public static Database open(GatewayConfig config) {
        String url = config.string("database.url");
        String user = config.string("database.user");
        String password = config.string("database.password");
        LocalPostgres server = null;
        if (url.isEmpty() && config.string("database.embedded-engine").equals("postgresql")) {
            server = localPostgres(config.path("data-dir"));
            url = server.url();
            user = LocalPostgres.USER;
            password = server.password();
        } else if (url.isEmpty()) {
            url = embeddedUrl(config.path("data-dir"));
        }
        try {
            return new Database(pool(config, url, user, password), server,
                    config.integer("database.group-commit-max-size"));
        } catch (RuntimeException e) {
            closeQuietly(server, e);
            throw e;
        }
    }

    private static LocalPostgres localPostgres(Path dataDir) {
        try {
            return LocalPostgres.open(dataDir);
        } catch (IOException | RuntimeException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e,
                    dataDir.resolve("postgres") + " cannot be started: " + e.getMessage());
        }
    }

    private static void closeQuietly(LocalPostgres server, RuntimeException failure) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static HikariDataSource pool(GatewayConfig config, String url, String user, String password) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(config.integer("database.pool-size"));
        // A database out of reach is answered SERVICE_INDISPONIBLE within seconds, not after the pool's 30 s.
        pool.setConnectionTimeout(config.seconds("database.connection-timeout-seconds").toMillis());
        pool.setAutoCommit(true);
        pool.setPoolName("journal");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, unreachable(url, e));
        }
        try {
            Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, url);
        }
        return dataSource;
    }

    /** Says why the journal at {@code url} cannot be opened, in terms an operator can act on. */
    private static String unreachable(String url, RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
                // The embedded journal admits one process: the running gateway, or this command.
                return url + " [in use by another process: stop the gateway or work on a copy of data-dir / "
                        + "utilisé par un autre processus : arrêter la passerelle ou travailler sur une copie de data-dir]";
            }
        }
        return url + " cannot be opened: " + failure.getMessage();
    }

    /**
     * Returns the URL of the embedded H2 journal in {@code dataDir}. Commits are written to disk before
     * they return (WRITE_DELAY=0): an acknowledged message must survive a crash the next millisecond.
     * H2's own shutdown hook is off (DB_CLOSE_ON_EXIT=FALSE): on SIGTERM the gateway stops its endpoints
     * and deliveries first and closes the journal last, instead of H2 closing it under them.
     */
    static String embeddedUrl(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, dataDir);
        }
        return h2Url(dataDir) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The JDBC URL of the embedded H2 file {@code dataDir/journal.mv.db}, without options. */
    static String h2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("journal").toAbsolutePath();
    }

    /** Returns the pooled data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * Returns the committer of the chain's appends to this database, shared by the journal and the
     * outbox so that records, answers and deliveries commit in the same groups.
     */
    public GroupCommit groupCommit() {
        return groupCommit;
    }

    /**
     * Refuses the chain appends still waiting for a group, closes the pool, then stops the embedded
     * PostgreSQL server if this process started it.
     */
    @Override
    public void close() {
        groupCommit.close();
        dataSource.close();
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the embedded PostgreSQL server did not stop", e);
            }
        }
    }
}
