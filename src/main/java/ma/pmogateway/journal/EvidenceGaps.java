package ma.pmogateway.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The exchanges whose evidence the journal could not record (its database failed while the gateway
 * answered): one line each in {@code evidence-gaps.log} under the data directory, written and forced to
 * disk before the caller gets the answer, so that an auditor learns of every gap from {@code audit verify}
 * instead of from a log that may have rotated away.
 *
 * <p>A file, not a table: the failure it records is usually the database's. Thread-safe.
 */
public final class EvidenceGaps {

    /** The file's name under the data directory. */
    public static final String FILE = "evidence-gaps.log";

    /**
     * One gap.
     *
     * @param at         when the gateway failed to record it
     * @param exchangeId the exchange whose record, refusal or answer is missing
     * @param what       which piece of evidence is missing (e.g. {@code REFUS}, {@code REPONSE})
     * @param cause      why, in one line
     */
    public record Gap(Instant at, String exchangeId, String what, String cause) {

        @Override
        public String toString() {
            return at + " " + exchangeId + " " + what + ": " + cause;
        }
    }

    private final Path file;

    public EvidenceGaps(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /**
     * Appends {@code gap} and forces it to disk.
     *
     * @throws UncheckedIOException if even that fails (the caller logs it: nothing else is left)
     */
    public synchronized void record(Gap gap) {
        String line = String.join("\t", gap.at().toString(), gap.exchangeId(), gap.what(),
                gap.cause().replaceAll("[\\t\\r\\n]+", " ")) + "\n";
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns every gap recorded, oldest first (none if the file does not exist). */
    public List<Gap> all() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Gap> gaps = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t", 4);
            if (fields.length == 4) {
                gaps.add(new Gap(Instant.parse(fields[0]), fields[1], fields[2], fields[3]));
            }
        }
        return gaps;
    }
}
