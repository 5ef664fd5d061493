package ma.pmogateway.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;

/**
 * The gateway's configuration: built-in defaults, overridden by an optional file, then by
 * environment variables ({@code PMO_GATEWAY_SERVER_PORT} overrides {@code server.port}), then by
 * explicit overrides (command-line options and tests).
 *
 * <p>Strict: every key is one of the {@link ConfigKey}s, and every value of its declared type and
 * range, or the configuration is refused as a whole when it is loaded, with every problem named by its
 * key and where it was given (file and line, environment variable, override). A
 * {@code GatewayConfig} therefore only exists valid, and nothing (a data directory, a port) is touched
 * on behalf of a bad one. Immutable.
 */
public final class GatewayConfig {

    private static final String DEFAULTS = "config/gateway-defaults.properties";
    private static final String DEFAULTS_NAME = "gateway-defaults.properties";
    private static final String OVERRIDE_SOURCE = "override";

    private final Map<ConfigKey, Value> values;

    /** A value and where it was given, for the operator to find it. */
    private record Value(String text, String source) {
    }

    private GatewayConfig(Map<ConfigKey, Value> values) {
        this.values = values;
    }

    /** Returns the built-in defaults only. */
    public static GatewayConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * Returns the configuration made of the defaults, {@code file} (may be null), the variables of
     * {@code env} named {@code PMO_GATEWAY_*} (others are ignored), and {@code overrides}, each
     * overriding the ones before.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} if a file cannot be read,
     *                          or listing, in French and English, every unknown key (with the nearest
     *                          known one), every key given twice in a file and every value not of its
     *                          key's type, each with its source
     */
    public static GatewayConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Loading loading = new Loading(new HashMap<>());
        try (InputStream in = GatewayConfig.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            loading.file(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), DEFAULTS_NAME);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, DEFAULTS);
        }
        if (file != null) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                loading.file(reader, file.toString());
            } catch (IOException e) {
                throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, file);
            }
        }
        loading.environment(env);
        loading.overrides(overrides);
        return loading.validated();
    }

    /**
     * Returns a copy of this configuration with {@code overrides} applied.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} as {@link #load} does
     */
    public GatewayConfig with(Map<String, String> overrides) {
        Loading loading = new Loading(new HashMap<>(values));
        loading.overrides(overrides);
        return loading.validated();
    }

    /**
     * Returns the value of {@code key}, trimmed (it may be empty).
     *
     * @throws IllegalArgumentException if {@code key} is not a {@link ConfigKey}: a defect of the caller
     */
    public String string(String key) {
        return values.get(ConfigKey.named(key)
                .orElseThrow(() -> new IllegalArgumentException("undeclared configuration key " + key))).text();
    }

    /** Returns the integer value of {@code key}. */
    public int integer(String key) {
        return Integer.parseInt(string(key));
    }

    /** Returns the long value of {@code key}. */
    public long longValue(String key) {
        return Long.parseLong(string(key));
    }

    /** Returns the decimal value of {@code key}. */
    public double decimal(String key) {
        return Double.parseDouble(string(key));
    }

    /** Returns {@code true} or {@code false} from {@code key}. */
    public boolean bool(String key) {
        return Boolean.parseBoolean(string(key));
    }

    /** Returns a duration given in seconds by {@code key}. */
    public Duration seconds(String key) {
        return Duration.ofSeconds(longValue(key));
    }

    /** Returns a duration given in milliseconds by {@code key}. */
    public Duration millis(String key) {
        return Duration.ofMillis(longValue(key));
    }

    /** Returns the path named by {@code key}, resolved against the working directory. */
    public Path path(String key) {
        return Path.of(string(key)).toAbsolutePath();
    }

    /** Returns the comma-separated list in {@code key}, without blanks. */
    public List<String> list(String key) {
        return split(string(key));
    }

    /**
     * Checks that every file the gateway reads when it starts, for the features this configuration
     * switches on (its signing identity, trust store and CRLs; TLS; delivery; the PMO sandbox), is a
     * readable file, before anything else is opened.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} listing every file that is
     *                          missing or unreadable, each with its key and where it was given
     */
    public void requireFiles() {
        Loading loading = new Loading(values);
        for (ConfigKey key : ConfigKey.values()) {
            if (key.readAtStart(this)) {
                key.type().items(string(key.key())).stream().map(file -> Path.of(file).toAbsolutePath())
                        .filter(file -> !Files.isRegularFile(file) || !Files.isReadable(file))
                        .forEach(file -> loading.problem(key.key(), values.get(key).source(),
                                locale -> Messages.problem("config.fichier", locale, file.toString())));
            }
        }
        loading.failIfAny();
    }

    /**
     * Checks that this configuration is fit for production ({@link ProductionRules}): no development
     * key, trust store, CRL, password or sender registry, no PMO sandbox, no plain HTTP beyond the
     * loopback interface. The development profile ({@code serve --dev}) skips this check.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} listing every rule broken,
     *                          each with its key and where it was given
     */
    public void requireProduction() {
        Loading loading = new Loading(values);
        for (ProductionRules.Violation violation : ProductionRules.violations(this)) {
            ConfigKey key = ConfigKey.named(violation.key()).orElseThrow();
            loading.problem(key.key(), values.get(key).source(), violation.what());
        }
        loading.failIfAny("production");
    }

    /** Returns where {@code key}'s value was given: file and line, environment variable, or override. */
    public String source(String key) {
        return values.get(ConfigKey.named(key)
                .orElseThrow(() -> new IllegalArgumentException("undeclared configuration key " + key))).source();
    }

    /** Returns the items of the comma-separated {@code value}, trimmed, without empty ones. */
    static List<String> split(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** One loading of the configuration: the values so far, and every problem found on the way. */
    private static final class Loading {

        private final Map<ConfigKey, Value> values;
        private final List<Problem> problems = new ArrayList<>();

        Loading(Map<ConfigKey, Value> values) {
            this.values = values;
        }

        /** Reads the properties file {@code reader}, called {@code name} in problems. */
        void file(BufferedReader reader, String name) throws IOException {
            Map<String, Integer> firstLines = new HashMap<>();
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                String start = line.stripLeading();
                if (start.isEmpty() || start.startsWith("#") || start.startsWith("!")) {
                    continue;
                }
                int first = number;
                StringBuilder logical = new StringBuilder(line);
                while (continues(logical) && (line = reader.readLine()) != null) {
                    number++;
                    logical.append('\n').append(line);
                }
                // Properties parses the line (separators, escapes, continuations); the line number is ours.
                Properties entry = new Properties();
                entry.load(new StringReader(logical.toString()));
                for (String key : entry.stringPropertyNames()) {
                    String source = name + ":" + first;
                    Integer earlier = firstLines.putIfAbsent(key, first);
                    if (earlier != null) {
                        problem(key, source, locale -> Messages.problem("config.double", locale, earlier.toString()));
                    }
                    set(key, entry.getProperty(key), source);
                }
            }
        }

        /** Applies the variables of {@code env} that start with {@code PMO_GATEWAY_}, in name order. */
        void environment(Map<String, String> env) {
            new TreeMap<>(env).forEach((variable, value) -> {
                if (!variable.startsWith(ConfigKey.ENV_PREFIX)) {
                    return;
                }
                ConfigKey.ofVariable(variable).ifPresentOrElse(key -> values.put(key, new Value(value.trim(), variable)),
                        () -> unknownVariable(variable));
            });
        }

        /** Applies {@code overrides}, in key order. */
        void overrides(Map<String, String> overrides) {
            new TreeMap<>(overrides).forEach((key, value) -> set(key, value, OVERRIDE_SOURCE));
        }

        /**
         * Returns the configuration loaded, every key checked against its type.
         *
         * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} listing every problem
         */
        GatewayConfig validated() {
            for (ConfigKey key : ConfigKey.values()) {
                Value value = values.get(key);
                if (value == null) {
                    problem(key.key(), DEFAULTS_NAME, locale -> Messages.problem("config.absente", locale));
                } else if (!key.type().accepts(value.text())) {
                    problem(key.key(), value.source(), locale -> Messages.problem("config.valeur", locale,
                            value.text(), key.type().describe(locale)));
                }
            }
            failIfAny();
            return new GatewayConfig(Map.copyOf(values));
        }

        /** @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} if a problem was found */
        void failIfAny() {
            failIfAny("config");
        }

        /** As {@link #failIfAny()}, under the headline of the message {@code probleme.HEADING}. */
        void failIfAny(String heading) {
            if (!problems.isEmpty()) {
                throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, problems, null,
                        Messages.problemList(heading, problems, Integer.toString(problems.size())));
            }
        }

        private void set(String key, String value, String source) {
            ConfigKey.named(key).ifPresentOrElse(known -> values.put(known, new Value(value.trim(), source)),
                    () -> unknownKey(key, source));
        }

        private void unknownKey(String key, String source) {
            String nearest = Spelling.nearest(key, Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
            problem(key, source, locale -> nearest == null ? Messages.problem("config.inconnue", locale)
                    : Messages.problem("config.inconnue-proche", locale, nearest));
        }

        private void unknownVariable(String variable) {
            String nearest = Spelling.nearest(variable,
                    Arrays.stream(ConfigKey.values()).map(ConfigKey::variable).toList());
            add(locale -> Messages.problem("config.variable", locale, variable, nearest == null
                    ? Messages.problem("config.variable-inconnue", locale)
                    : Messages.problem("config.variable-inconnue-proche", locale, nearest,
                            ConfigKey.ofVariable(nearest).orElseThrow().key())));
        }

        /** Records a problem of {@code key} given at {@code source}, of which {@code what} says the wrong. */
        void problem(String key, String source, Function<Locale, String> what) {
            add(locale -> Messages.problem("config.cle", locale, key, source, what.apply(locale)));
        }

        /** Records the problem {@code text} gives in each language. */
        private void add(Function<Locale, String> text) {
            problems.add(Problem.error(Problem.Step.CONFIGURATION, null, null, -1, -1, text.apply(Messages.FRENCH),
                    text.apply(Messages.ENGLISH)));
        }

        /** Returns true if {@code line} ends with an odd number of backslashes: it continues on the next. */
        private static boolean continues(CharSequence line) {
            int backslashes = 0;
            for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }
    }
}
