package ma.pmogateway.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.Messages;

/**
 * The declared keys and the defaults file describe the same configuration: every key of
 * {@code gateway-defaults.properties} is declared, every declared key has a default there, under a
 * comment that documents it, docs/CONFIGURATION.md gives its type, and its environment variable is
 * the one documented.
 */
class ConfigKeyTest {

    @Test
    void everyDefaultIsDeclaredAndEveryDeclaredKeyHasADefault() throws IOException {
        Set<String> declared = Arrays.stream(ConfigKey.values()).map(ConfigKey::key)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(declared, new TreeSet<>(defaultKeys(defaultsFile())));
    }

    /** A paragraph of keys (lines without a blank one between) opens with, or holds, a comment saying what they are. */
    @Test
    void everyDefaultIsDocumentedByACommentInItsParagraph() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (List<String> paragraph : paragraphs(defaultsFile())) {
            if (paragraph.stream().noneMatch(line -> line.startsWith("#"))) {
                undocumented.addAll(defaultKeys(paragraph));
            }
        }

        assertEquals(List.of(), undocumented);
    }

    /** docs/CONFIGURATION.md's table gives every key, in declaration order, with its default and its type. */
    @Test
    void theConfigurationGuideListsEveryKeyWithItsDefaultAndType() throws IOException {
        GatewayConfig defaults = GatewayConfig.defaults();
        List<String> expected = Arrays.stream(ConfigKey.values()).map(key -> {
            String value = defaults.string(key.key());
            return "| `" + key.key() + "` | " + (value.isEmpty() ? "*(empty)*" : "`" + value + "`") + " | "
                    + key.type().describe(Messages.ENGLISH) + " |";
        }).toList();

        assertEquals(expected, Files.readAllLines(Path.of("docs/CONFIGURATION.md")).stream()
                .filter(line -> line.startsWith("| `")).toList());
    }

    @Test
    void theDefaultsAreValid() {
        assertEquals(8080, GatewayConfig.defaults().integer("server.port"));
    }

    @Test
    void aConstantIsNamedAfterItsEnvironmentVariable() {
        assertAll(Arrays.stream(ConfigKey.values()).map(key -> () -> assertEquals(
                "PMO_GATEWAY_" + key.key().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                key.variable())));
    }

    @Test
    void everyTypeIsDescribedInFrenchAndEnglish() {
        assertAll(Arrays.stream(ConfigKey.values()).map(key -> () -> assertAll(
                () -> assertFalse(key.type().describe(Messages.FRENCH).isBlank()),
                () -> assertFalse(key.type().describe(Messages.ENGLISH).isBlank()))));
    }

    @Test
    void checksHostsUrlsAndPathsByTheirForm() {
        assertAll(
                () -> assertTrue(ValueType.host().accepts("::1")),
                () -> assertTrue(ValueType.host().accepts("gateway.alomrane.ma")),
                () -> assertFalse(ValueType.host().accepts("gateway alomrane")),
                () -> assertTrue(ValueType.httpUrlOrEmpty().accepts("")),
                () -> assertFalse(ValueType.httpUrlOrEmpty().accepts("pmo.example.ma/depot")),
                () -> assertTrue(ValueType.urlPath().accepts("/services/suivi-projets/v1")),
                () -> assertFalse(ValueType.urlPath().accepts("services")),
                () -> assertFalse(ValueType.rate().accepts("1.5")),
                () -> assertFalse(ValueType.rate().accepts("0,3")),
                () -> assertFalse(ValueType.integer(0, 10).accepts("٣")));
    }

    private static List<String> defaultsFile() throws IOException {
        try (InputStream in = ConfigKeyTest.class.getClassLoader()
                .getResourceAsStream("config/gateway-defaults.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static List<String> defaultKeys(List<String> lines) {
        return lines.stream().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.substring(0, line.indexOf('='))).toList();
    }

    private static List<List<String>> paragraphs(List<String> lines) {
        List<List<String>> paragraphs = new ArrayList<>();
        List<String> paragraph = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                paragraphs.add(paragraph);
                paragraph = new ArrayList<>();
            } else {
                paragraph.add(line);
            }
        }
        paragraphs.add(paragraph);
        return paragraphs;
    }
}
