package ma.pmogateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.support.Sha256;

/**
 * Which certificate speaks for which sender, read from a properties file (format in
 * {@code config/senders-dev.properties} and docs/SECURITY.md).
 *
 * <p>A sender is recognised by the SHA-256 thumbprint of its certificate, or by issuer and serial
 * number; a certificate file may be named instead, whose thumbprint is computed when the registry is
 * loaded. Immutable once loaded.
 */
public final class SenderRegistry {

    private static final String ALL = "*";

    private final Map<String, Sender> byThumbprint;
    private final Map<String, Sender> byIssuerSerial;

    private SenderRegistry(Map<String, Sender> byThumbprint, Map<String, Sender> byIssuerSerial) {
        this.byThumbprint = Map.copyOf(byThumbprint);
        this.byIssuerSerial = Map.copyOf(byIssuerSerial);
    }

    /**
     * Loads the registry at {@code location}: {@code classpath:NAME} or a file path.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} naming the faulty entry
     */
    public static SenderRegistry load(String location) {
        Properties properties = new Properties();
        try (InputStream in = open(location)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, location);
        }
        Set<String> codes = properties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("sender.")).map(k -> k.split("\\.")[1]).collect(Collectors.toCollection(TreeSet::new));
        Map<String, Sender> byThumbprint = new HashMap<>();
        Map<String, Sender> byIssuerSerial = new HashMap<>();
        for (String code : codes) {
            String prefix = "sender." + code + ".";
            Sender sender = new Sender(code, values(properties, prefix + "operations"),
                    values(properties, prefix + "regions"), values(properties, prefix + "provinces"));
            String certificateFile = properties.getProperty(prefix + "certificate");
            String thumbprint = properties.getProperty(prefix + "sha256");
            String issuer = properties.getProperty(prefix + "issuer");
            if (certificateFile != null) {
                byThumbprint.put(thumbprint(KeyMaterial.readCertificate(Path.of(certificateFile.trim()))), sender);
            } else if (thumbprint != null) {
                byThumbprint.put(thumbprint.trim().toUpperCase(Locale.ROOT).replace(":", ""), sender);
            } else if (issuer != null) {
                String serial = properties.getProperty(prefix + "serial", "").trim();
                byIssuerSerial.put(issuerSerial(new X500Principal(issuer.trim()), new BigInteger(serial, 16)), sender);
            } else {
                throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, null,
                        location + ": " + code + " has no certificate, sha256 or issuer");
            }
        }
        return new SenderRegistry(byThumbprint, byIssuerSerial);
    }

    /** Returns the sender that {@code certificate} speaks for, if it is registered. */
    public Optional<Sender> identify(X509Certificate certificate) {
        Sender sender = byThumbprint.get(thumbprint(certificate));
        if (sender == null) {
            sender = byIssuerSerial.get(issuerSerial(certificate.getIssuerX500Principal(), certificate.getSerialNumber()));
        }
        return Optional.ofNullable(sender);
    }

    /** Returns the upper-case hexadecimal SHA-256 of the certificate's DER encoding. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return Sha256.hex(certificate.getEncoded()).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.SECURITE_REFUSEE, e, "certificate encoding");
        }
    }

    private static String issuerSerial(X500Principal issuer, BigInteger serial) {
        return issuer.getName(X500Principal.CANONICAL) + "#" + serial.toString(16);
    }

    private static Set<String> values(Properties properties, String key) {
        String value = properties.getProperty(key, ALL).trim();
        if (value.equals(ALL) || value.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            InputStream in = SenderRegistry.class.getClassLoader().getResourceAsStream(location.substring(10));
            if (in == null) {
                throw new IOException("not found: " + location);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }
}
