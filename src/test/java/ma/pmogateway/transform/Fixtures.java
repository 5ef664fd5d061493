package ma.pmogateway.transform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.rules.BusinessRules;
import ma.pmogateway.rules.CompiledChecks;
import ma.pmogateway.rules.EnvoiValidator;
import ma.pmogateway.rules.ProgressNeverDecreases;

/**
 * Shared, expensive test objects (the Saxon runtime, the compiled stylesheets and rules, built once per
 * test JVM as the gateway builds them once at start-up) and the locations of the fixture documents.
 */
public final class Fixtures {

    /** The published samples (colleagues' folder) and this package's own fixtures. */
    public static final Path SAMPLES = Path.of("samples/ao");
    public static final Path TRANSFORM = Path.of("src/test/resources/transform");
    public static final Path RULES = Path.of("src/test/resources/rules");

    /** The fixed context of every golden transformation, so expected documents are stable. */
    public static final TransformContext CONTEXT = new TransformContext(
            UUID.fromString("7d0c6a52-3b8e-4f21-9c4d-2e5f8a1b0c93"), Instant.parse("2026-10-02T09:00:00Z"));

    public static final CompiledChecks COMPILED = CompiledChecks.compile();
    public static final ContractValidator VALIDATOR = COMPILED.contracts();
    public static final XsltRuntime RUNTIME = COMPILED.runtime();
    public static final Transformer TRANSFORMER = COMPILED.transformer();
    public static final BusinessRules RULES_ENGINE = COMPILED.rules();
    public static final EnvoiValidator ENVOI_VALIDATOR = COMPILED.validator();

    private Fixtures() {
    }

    /** Returns the XML files directly in {@code folder}, sorted by name; none if it does not exist yet. */
    public static List<Path> xmlFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
