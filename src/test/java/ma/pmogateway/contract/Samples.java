package ma.pmogateway.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Locates the published samples (top-level {@code samples/} folder) for the contract tests. */
final class Samples {

    static final Path ROOT = Path.of("samples");
    static final Path FICHES = ROOT.resolve("ao/fiches");
    static final Path SITUATIONS = ROOT.resolve("ao/situations");
    static final Path OPERATIONS = ROOT.resolve("operations");
    static final Path INVALID = ROOT.resolve("invalides");

    private Samples() {
    }

    /** Returns the XML files directly in {@code folder}, sorted by name. */
    static List<Path> xmlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the XML files anywhere under {@code folder}, sorted by path. */
    static List<Path> xmlFilesUnder(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
