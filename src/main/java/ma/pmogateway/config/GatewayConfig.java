package ma.pmogateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The gateway's configuration: built-in defaults, overridden by an optional file, then by
 * environment variables ({@code PMO_GATEWAY_SERVER_PORT} overrides {@code server.port}), then by
 * explicit overrides (command-line options and tests).
 *
 * <p>Values are read through typed accessors that fail at start-up, naming the key, when a value is
 * missing or malformed, so a bad configuration never reaches the first request.
 */
public final class GatewayConfig {

    private static final String DEFAULTS = "config/gateway-defaults.properties";
    private static final String ENV_PREFIX = "PMO_GATEWAY_";

    private final Properties values;

    private GatewayConfig(Properties values) {
        this.values = values;
    }

    /** Returns the built-in defaults only. */
    public static GatewayConfig defaults() {
        return load(null, Map.of(), Map.of());
    }

    /**
     * Returns the configuration made of the defaults, {@code file} (may be null), the environment
     * {@code env}, and {@code overrides}, each overriding the ones before.
     */
    public static GatewayConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Properties values = new Properties();
        try (InputStream in = GatewayConfig.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            values.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            if (file != null) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    values.load(reader);
                }
            }
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, file != null ? file : DEFAULTS);
        }
        for (String key : values.stringPropertyNames()) {
            String fromEnv = env.get(environmentName(key));
            if (fromEnv != null) {
                values.setProperty(key, fromEnv);
            }
        }
        overrides.forEach(values::setProperty);
        return new GatewayConfig(values);
    }

    /** Returns a copy of this configuration with {@code overrides} applied. */
    public GatewayConfig with(Map<String, String> overrides) {
        Properties copy = new Properties();
        copy.putAll(values);
        overrides.forEach(copy::setProperty);
        return new GatewayConfig(copy);
    }

    /** Returns the environment variable that overrides {@code key}. */
    static String environmentName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Returns the value of {@code key}, which must be set (it may be empty). */
    public String string(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw invalid(key, "missing");
        }
        return value.trim();
    }

    /** Returns the integer value of {@code key}. */
    public int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "not an integer");
        }
    }

    /** Returns the long value of {@code key}. */
    public long longValue(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw invalid(key, "not an integer");
        }
    }

    /** Returns {@code true} or {@code false} from {@code key}. */
    public boolean bool(String key) {
        String value = string(key);
        if (!value.equals("true") && !value.equals("false")) {
            throw invalid(key, "not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    /** Returns a duration given in seconds by {@code key}. */
    public Duration seconds(String key) {
        return Duration.ofSeconds(longValue(key));
    }

    /** Returns the path named by {@code key}, resolved against the working directory. */
    public Path path(String key) {
        return Path.of(string(key)).toAbsolutePath();
    }

    /** Returns the comma-separated list in {@code key}, without blanks. */
    public List<String> list(String key) {
        return Arrays.stream(string(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static GatewayException invalid(String key, String why) {
        return new GatewayException(ErrorCode.CONFIGURATION_INVALIDE,
                new IllegalArgumentException("configuration key " + key + ": " + why), key);
    }
}
