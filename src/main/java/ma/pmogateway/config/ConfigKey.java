package ma.pmogateway.config;

import static ma.pmogateway.config.ValueType.bool;
import static ma.pmogateway.config.ValueType.choice;
import static ma.pmogateway.config.ValueType.host;
import static ma.pmogateway.config.ValueType.httpUrlOrEmpty;
import static ma.pmogateway.config.ValueType.integer;
import static ma.pmogateway.config.ValueType.integerOrEmpty;
import static ma.pmogateway.config.ValueType.jdbcUrlOrEmpty;
import static ma.pmogateway.config.ValueType.location;
import static ma.pmogateway.config.ValueType.millis;
import static ma.pmogateway.config.ValueType.nonEmpty;
import static ma.pmogateway.config.ValueType.path;
import static ma.pmogateway.config.ValueType.pathList;
import static ma.pmogateway.config.ValueType.rate;
import static ma.pmogateway.config.ValueType.seconds;
import static ma.pmogateway.config.ValueType.text;
import static ma.pmogateway.config.ValueType.urlPath;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every key the gateway's configuration may hold, each declared once with the type and range of its
 * value; any other key is refused when the configuration is loaded.
 *
 * <p>A constant's name is the key's environment variable without its {@code PMO_GATEWAY_} prefix
 * ({@code SERVER_PORT} for {@code server.port}). Every key has its default, and its documentation,
 * in {@code config/gateway-defaults.properties}; a test holds the two lists equal.
 */
enum ConfigKey {

    SERVER_HOST("server.host", host()),
    SERVER_PORT("server.port", integer(0, 65535)),
    SERVER_PATH_GATEWAY("server.path.gateway", urlPath()),
    SERVER_PATH_GATEWAY_SOAP11("server.path.gateway-soap11", urlPath()),
    SERVER_PATH_PMO("server.path.pmo", urlPath()),
    SERVER_SHUTDOWN_TIMEOUT_SECONDS("server.shutdown-timeout-seconds", seconds(1, 3_600)),
    SERVER_TLS_ENABLED("server.tls.enabled", bool()),
    SERVER_TLS_KEYSTORE("server.tls.keystore", path(), when("server.tls.enabled")),
    SERVER_TLS_KEYSTORE_PASSWORD("server.tls.keystore-password", text()),
    SERVER_TLS_CLIENT_AUTH("server.tls.client-auth", choice("none", "want", "need")),
    SERVER_TLS_TRUSTSTORE("server.tls.truststore", path(), when("server.tls.enabled")),
    SERVER_TLS_TRUSTSTORE_PASSWORD("server.tls.truststore-password", text()),

    SECURITY_KEYSTORE("security.keystore", path(), always()),
    SECURITY_KEYSTORE_PASSWORD("security.keystore-password", text()),
    SECURITY_KEY_ALIAS("security.key-alias", nonEmpty()),
    SECURITY_TRUSTSTORE("security.truststore", path(), always()),
    SECURITY_TRUSTSTORE_PASSWORD("security.truststore-password", text()),
    SECURITY_CRL_FILES("security.crl-files", pathList(), always()),
    SECURITY_TIMESTAMP_TTL_SECONDS("security.timestamp-ttl-seconds", seconds(1, 86_400)),
    SECURITY_FUTURE_SKEW_SECONDS("security.future-skew-seconds", seconds(0, 3_600)),
    SECURITY_SENDER_REGISTRY("security.sender-registry", location()),

    LIMITS_MAX_MESSAGE_BYTES("limits.max-message-bytes", integer(1, Integer.MAX_VALUE)),
    LIMITS_MAX_ELEMENT_DEPTH("limits.max-element-depth", integer(1, Integer.MAX_VALUE)),
    LIMITS_MAX_ELEMENT_COUNT("limits.max-element-count", integer(1, Integer.MAX_VALUE)),
    LIMITS_MAX_CHILD_ELEMENTS("limits.max-child-elements", integer(1, Integer.MAX_VALUE)),
    LIMITS_MAX_ATTRIBUTE_COUNT("limits.max-attribute-count", integer(1, Integer.MAX_VALUE)),
    LIMITS_MAX_ATTRIBUTE_BYTES("limits.max-attribute-bytes", integer(1, Integer.MAX_VALUE)),
    LIMITS_MAX_TEXT_BYTES("limits.max-text-bytes", integer(1, Integer.MAX_VALUE)),
    LIMITS_MAX_NAME_BYTES("limits.max-name-bytes", integer(1, Integer.MAX_VALUE)),

    DATA_DIR("data-dir", path()),
    DATABASE_URL("database.url", jdbcUrlOrEmpty()),
    DATABASE_EMBEDDED_ENGINE("database.embedded-engine", choice("h2", "postgresql")),
    DATABASE_USER("database.user", text()),
    DATABASE_PASSWORD("database.password", text()),
    DATABASE_POOL_SIZE("database.pool-size", integer(1, 1_000)),
    // Hikari refuses a connection timeout under 250 ms.
    DATABASE_CONNECTION_TIMEOUT_SECONDS("database.connection-timeout-seconds", seconds(1, 3_600)),
    DATABASE_GROUP_COMMIT_MAX_SIZE("database.group-commit-max-size", integer(1, 10_000)),

    PMO_ADDRESS("pmo.address", httpUrlOrEmpty()),
    PMO_CERTIFICATES("pmo.certificates", pathList(), when("delivery.enabled")),
    PMO_SANDBOX_ENABLED("pmo.sandbox.enabled", bool()),
    DELIVERY_ENABLED("delivery.enabled", bool()),
    DELIVERY_CONCURRENCY("delivery.concurrency", integer(1, 1_000)),
    DELIVERY_POLL_INTERVAL_MS("delivery.poll-interval-ms", millis(1, 3_600_000)),
    DELIVERY_MAX_ATTEMPTS("delivery.max-attempts", integer(1, Integer.MAX_VALUE)),
    DELIVERY_MAX_AGE_SECONDS("delivery.max-age-seconds", seconds(1, 315_360_000)),
    DELIVERY_BACKOFF_INITIAL_MS("delivery.backoff-initial-ms", millis(1, 86_400_000)),
    DELIVERY_BACKOFF_MAX_MS("delivery.backoff-max-ms", millis(1, 86_400_000)),
    DELIVERY_LEASE_SECONDS("delivery.lease-seconds", seconds(1, 86_400)),
    PMO_SANDBOX_KEYSTORE("pmo.sandbox.keystore", path(), when("pmo.sandbox.enabled")),
    PMO_SANDBOX_KEYSTORE_PASSWORD("pmo.sandbox.keystore-password", text()),
    PMO_SANDBOX_KEY_ALIAS("pmo.sandbox.key-alias", nonEmpty()),
    PMO_SANDBOX_CALLERS("pmo.sandbox.callers", location()),
    PMO_SANDBOX_FAILURE_RATE("pmo.sandbox.failure-rate", rate()),
    PMO_SANDBOX_LOST_ACKNOWLEDGEMENT_RATE("pmo.sandbox.lost-acknowledgement-rate", rate()),
    PMO_SANDBOX_FAILURE_SEED("pmo.sandbox.failure-seed", integerOrEmpty()),
    PMO_SANDBOX_OUTAGE("pmo.sandbox.outage", bool()),
    PMO_SANDBOX_FAILURE_RESPONSE("pmo.sandbox.failure-response", choice("fault", "http-503")),
    PMO_SANDBOX_LATENCY_MS("pmo.sandbox.latency-ms", millis(0, 600_000)),

    // Checkpoints are scheduled with this period, which must be positive.
    AUDIT_CHECKPOINT_INTERVAL_SECONDS("audit.checkpoint-interval-seconds", seconds(1, 86_400)),

    // The operator's port (health, metrics): 0 takes a free port, for tests.
    ADMIN_HOST("admin.host", host()),
    ADMIN_PORT("admin.port", integer(0, 65535)),
    ADMIN_MAINTENANCE_FILE("admin.maintenance-file", path()),
    HEALTH_INTERVAL_SECONDS("health.interval-seconds", seconds(1, 3_600)),
    HEALTH_TIMEOUT_MS("health.timeout-ms", millis(100, 60_000));

    /** The prefix of the environment variables that override keys. */
    static final String ENV_PREFIX = "PMO_GATEWAY_";

    private static final Map<String, ConfigKey> BY_KEY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ConfigKey::key, Function.identity()));
    private static final Map<String, ConfigKey> BY_VARIABLE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ConfigKey::variable, Function.identity()));

    private final String key;
    private final ValueType type;
    private final Predicate<GatewayConfig> readAtStart;

    ConfigKey(String key, ValueType type) {
        this(key, type, config -> false);
    }

    /** A key naming files the gateway reads when it starts, if {@code readAtStart} holds. */
    ConfigKey(String key, ValueType type, Predicate<GatewayConfig> readAtStart) {
        this.key = key;
        this.type = type;
        this.readAtStart = readAtStart;
    }

    private static Predicate<GatewayConfig> always() {
        return config -> true;
    }

    /** Returns the condition that the boolean key {@code switchKey} is on. */
    private static Predicate<GatewayConfig> when(String switchKey) {
        return config -> config.bool(switchKey);
    }

    /** Returns the declared key named {@code key}, if there is one. */
    static Optional<ConfigKey> named(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** Returns the declared key that the environment variable {@code variable} overrides, if there is one. */
    static Optional<ConfigKey> ofVariable(String variable) {
        return Optional.ofNullable(BY_VARIABLE.get(variable));
    }

    /** Returns the key as written in files ({@code server.port}). */
    String key() {
        return key;
    }

    /** Returns the environment variable that overrides this key ({@code PMO_GATEWAY_SERVER_PORT}). */
    String variable() {
        return ENV_PREFIX + name();
    }

    /** Returns true if, under {@code config}, this key names files the gateway reads when it starts. */
    boolean readAtStart(GatewayConfig config) {
        return readAtStart.test(config);
    }

    /** Returns what this key's value must be. */
    ValueType type() {
        return type;
    }
}
