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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;
import ma.pmogateway.support.Sha256;

/**
 * Which certificate speaks for which sender, and what it may do, read from a properties file (format
 * in {@code config/senders-dev.properties} and docs/SECURITY.md §5). Denies by default.
 *
 * <p>A sender is recognised by the SHA-256 thumbprint of its certificate, or by issuer and serial
 * number; a certificate file may be named instead, whose thumbprint is computed when the registry is
 * loaded. Every entry states the operations it may call and the regions it may report on, {@code *}
 * being the only way to grant them all; whatever an entry names is checked against the
 * {@link RegistryVocabulary} of the service it guards, and a registry with any doubtful entry is
 * refused as a whole. Immutable once loaded.
 */
public final class SenderRegistry {

    private static final String PREFIX = "sender.";
    private static final String ALL = "*";
    private static final Pattern ENTITY_CODE = Pattern.compile("AO-[A-Z]{2,8}");
    private static final Pattern THUMBPRINT = Pattern.compile("[0-9A-F]{64}");
    private static final Pattern SERIAL = Pattern.compile("[0-9A-Fa-f]+");
    private static final String CERTIFICATE = "certificate";
    private static final String SHA256 = "sha256";
    private static final String ISSUER = "issuer";
    private static final String SERIAL_NUMBER = "serial";
    private static final String OPERATIONS = "operations";
    private static final String REGIONS = "regions";
    private static final String PROVINCES = "provinces";
    private static final Set<String> FIELDS = new LinkedHashSet<>(
            List.of(CERTIFICATE, SHA256, ISSUER, SERIAL_NUMBER, OPERATIONS, REGIONS, PROVINCES));

    private final Map<String, Sender> byThumbprint;
    private final Map<String, Sender> byIssuerSerial;
    private final Map<String, Sender> byCode;
    /** The subjects of the certificates named by file, or empty if an entry names its certificate otherwise. */
    private final Optional<Set<String>> subjects;

    private SenderRegistry(Map<String, Sender> byThumbprint, Map<String, Sender> byIssuerSerial,
            Map<String, Sender> byCode, Optional<Set<String>> subjects) {
        this.subjects = subjects.map(Set::copyOf);
        this.byThumbprint = Map.copyOf(byThumbprint);
        this.byIssuerSerial = Map.copyOf(byIssuerSerial);
        this.byCode = Map.copyOf(byCode);
    }

    /**
     * Loads the registry at {@code location} ({@code classpath:NAME} or a file path), whose entries may
     * name what {@code vocabulary} knows.
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} if the file cannot be read,
     *                          or listing, in French and English, every problem of its entries (each
     *                          naming the file, the entry and the key): a missing or empty
     *                          {@code operations} or {@code regions}, an operation, region or province
     *                          the vocabulary does not know, a province outside the entry's regions, a
     *                          missing, doubled, malformed or already registered identification, an
     *                          unknown key, an entity code not of the form {@code AO-XXX}
     */
    public static SenderRegistry load(String location, RegistryVocabulary vocabulary) {
        Properties properties = new Properties();
        try (InputStream in = open(location)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, location);
        }
        return new Loading(location, vocabulary).read(properties);
    }

    /** Returns the sender that {@code certificate} speaks for, if it is registered. */
    public Optional<Sender> identify(X509Certificate certificate) {
        Sender sender = byThumbprint.get(thumbprint(certificate));
        if (sender == null) {
            sender = byIssuerSerial.get(issuerSerial(certificate.getIssuerX500Principal(), certificate.getSerialNumber()));
        }
        return Optional.ofNullable(sender);
    }

    /**
     * Returns the subject DNs (RFC 2253) of every registered certificate, when every entry names its
     * certificate file; empty when an entry is identified by thumbprint or by issuer and serial, whose
     * subject the registry does not know.
     */
    public Optional<Set<String>> certificateSubjects() {
        return subjects;
    }

    /** Returns the sender whose entity code is {@code code}, if it is registered. */
    public Optional<Sender> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
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

    /** One reading of a registry file: its entries, and every problem found in them. */
    private static final class Loading {

        private final String location;
        private final RegistryVocabulary vocabulary;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<String, Sender> byThumbprint = new HashMap<>();
        private final Map<String, Sender> byIssuerSerial = new HashMap<>();
        private final Map<String, Sender> byCode = new HashMap<>();
        /** Every certificate seen, by thumbprint and by issuer and serial, with its entry: no certificate twice. */
        private final Map<String, String> certificates = new HashMap<>();
        private final Set<String> subjects = new java.util.TreeSet<>();
        private boolean everyCertificateNamed = true;

        /** Where an entry's certificate is looked up: {@code key} in {@code index}. */
        private record Registration(Map<String, Sender> index, String key) {
        }

        Loading(String location, RegistryVocabulary vocabulary) {
            this.location = location;
            this.vocabulary = vocabulary;
        }

        SenderRegistry read(Properties properties) {
            entries(properties).forEach((code, values) -> new Entry(code, values).register());
            if (!problems.isEmpty()) {
                throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, problems, null, description());
            }
            return new SenderRegistry(byThumbprint, byIssuerSerial, byCode,
                    everyCertificateNamed ? Optional.of(subjects) : Optional.empty());
        }

        /** Groups the keys {@code sender.CODE.FIELD} by entry code, in code order; any other key is a problem. */
        private Map<String, Map<String, String>> entries(Properties properties) {
            Map<String, Map<String, String>> entries = new TreeMap<>();
            for (String key : new TreeSet<>(properties.stringPropertyNames())) {
                int fieldStart = key.lastIndexOf('.') + 1;
                if (!key.startsWith(PREFIX) || fieldStart <= PREFIX.length() + 1) {
                    problem(null, key, "cle-hors-registre");
                    continue;
                }
                entries.computeIfAbsent(key.substring(PREFIX.length(), fieldStart - 1), code -> new TreeMap<>())
                        .put(key.substring(fieldStart), properties.getProperty(key).trim());
            }
            return entries;
        }

        /**
         * Records a problem of {@code key} in {@code entry} (null for a key of no entry): the problem
         * template {@code registre.<what>} with {@code arguments} says what is wrong.
         */
        private void problem(String entry, String key, String what, Object... arguments) {
            problems.add(Problem.error(Problem.Step.CONFIGURATION, null, null, -1, -1,
                    line(Messages.FRENCH, entry, key, what, arguments),
                    line(Messages.ENGLISH, entry, key, what, arguments)));
        }

        private static String line(Locale locale, String entry, String key, String what, Object... arguments) {
            String text = Messages.problem("registre." + what, locale, arguments);
            return entry == null ? Messages.problem("registre.hors-entree", locale, key, text)
                    : Messages.problem("registre.entree", locale, entry, key, text);
        }

        /** The argument of CONFIGURATION_INVALIDE: the registry's problems, each in French then English. */
        private String description() {
            return Messages.problemList("registre", problems, location, problems.size());
        }

        /** One entry, checked key by key. */
        private final class Entry {

            private final String code;
            private final Map<String, String> values;

            Entry(String code, Map<String, String> values) {
                this.code = code;
                this.values = values;
            }

            /**
             * Checks the entry, recording each of its problems, and registers its sender if one can be
             * made of it (a registry with any problem is refused as a whole anyway).
             */
            void register() {
                if (!ENTITY_CODE.matcher(code).matches()) {
                    problem(key("*"), "code", code);
                }
                values.keySet().stream().filter(field -> !FIELDS.contains(field))
                        .forEach(field -> problem(key(field), "cle-inconnue", String.join(", ", FIELDS)));
                Grant operations = grant(OPERATIONS, vocabulary.operations(), "operation");
                Grant regions = grant(REGIONS, vocabulary.regions(), "region");
                Grant provinces = values.containsKey(PROVINCES)
                        ? grant(PROVINCES, vocabulary.provinceRegions().keySet(), "province") : Grant.ALL;
                if (regions != null && provinces != null) {
                    provinces.listed().stream().sorted().filter(province -> !regions.includes(region(province)))
                            .forEach(province -> problem(key(PROVINCES), "province-hors-regions", province,
                                    region(province)));
                }
                Registration registration = identification();
                if (operations != null && regions != null && provinces != null && registration != null) {
                    Sender sender = new Sender(code, operations, regions, provinces);
                    registration.index().put(registration.key(), sender);
                    byCode.put(code, sender);
                }
            }

            private String region(String province) {
                return vocabulary.provinceRegions().get(province);
            }

            /**
             * Returns the grant of {@code field}, or null (a problem recorded) if it is missing, empty,
             * malformed or names a value not {@code known} ({@code unknown} names the problem).
             */
            private Grant grant(String field, Set<String> known, String unknown) {
                String value = values.get(field);
                if (value == null || value.isEmpty()) {
                    problem(key(field), value == null ? "absente" : "vide");
                    return null;
                }
                if (value.equals(ALL)) {
                    return Grant.ALL;
                }
                List<String> listed = Arrays.stream(value.split(",", -1)).map(String::trim).toList();
                if (listed.contains("") || listed.contains(ALL)) {
                    problem(key(field), "liste", value);
                    return null;
                }
                List<String> strangers = listed.stream().filter(item -> !known.contains(item)).toList();
                // The operations are few enough to list in the message; the territory's codes are not.
                strangers.forEach(stranger -> problem(key(field), unknown, stranger, vocabulary.operationList()));
                return strangers.isEmpty() ? Grant.only(Set.copyOf(listed)) : null;
            }

            /**
             * Returns where the entry's certificate is to be looked up, or null (a problem recorded) if it
             * names none, several, or one that is malformed or already another entry's.
             */
            private Registration identification() {
                List<String> ways = Stream.of(CERTIFICATE, SHA256, ISSUER).filter(values::containsKey).toList();
                if (ways.size() > 1) {
                    problem(key(ways.get(0)), "identification-double",
                            ways.stream().map(this::key).collect(Collectors.joining(", ")));
                    return null;
                }
                String way = ways.isEmpty() ? (values.containsKey(SERIAL_NUMBER) ? ISSUER : "") : ways.get(0);
                return switch (way) {
                    case CERTIFICATE -> byCertificateFile();
                    case SHA256 -> byThumbprint();
                    case ISSUER -> byIssuerAndSerial();
                    default -> {
                        problem(key(CERTIFICATE + "|" + SHA256 + "|" + ISSUER), "identification-absente");
                        yield null;
                    }
                };
            }

            private Registration byCertificateFile() {
                X509Certificate certificate;
                try {
                    certificate = KeyMaterial.readCertificate(Path.of(values.get(CERTIFICATE)));
                } catch (GatewayException e) {
                    problem(key(CERTIFICATE), "certificat-illisible", values.get(CERTIFICATE));
                    return null;
                }
                String thumbprint = thumbprint(certificate);
                subjects.add(certificate.getSubjectX500Principal().getName());
                // Looked up by thumbprint only; its issuer and serial are noted so that no other entry claims it.
                boolean unique = unique(CERTIFICATE, thumbprint)
                        && unique(CERTIFICATE, issuerSerial(certificate.getIssuerX500Principal(), certificate.getSerialNumber()));
                return unique ? new Registration(byThumbprint, thumbprint) : null;
            }

            private Registration byThumbprint() {
                everyCertificateNamed = false;
                String thumbprint = values.get(SHA256).toUpperCase(Locale.ROOT).replace(":", "");
                if (!THUMBPRINT.matcher(thumbprint).matches()) {
                    problem(key(SHA256), "empreinte", values.get(SHA256));
                    return null;
                }
                return unique(SHA256, thumbprint) ? new Registration(byThumbprint, thumbprint) : null;
            }

            private Registration byIssuerAndSerial() {
                everyCertificateNamed = false;
                String issuer = values.get(ISSUER);
                String serial = values.get(SERIAL_NUMBER);
                if (issuer == null || serial == null) {
                    problem(key(issuer == null ? ISSUER : SERIAL_NUMBER), "issuer-serial");
                    return null;
                }
                X500Principal principal;
                try {
                    principal = new X500Principal(issuer);
                } catch (IllegalArgumentException e) {
                    problem(key(ISSUER), "nom-x500", issuer);
                    return null;
                }
                if (!SERIAL.matcher(serial).matches()) {
                    problem(key(SERIAL_NUMBER), "serie", serial);
                    return null;
                }
                String issuerSerial = issuerSerial(principal, new BigInteger(serial, 16));
                return unique(ISSUER, issuerSerial) ? new Registration(byIssuerSerial, issuerSerial) : null;
            }

            /**
             * Notes that this entry's {@code field} identifies {@code certificate}; returns false (a
             * problem recorded) if another entry's already does.
             */
            private boolean unique(String field, String certificate) {
                String other = certificates.putIfAbsent(certificate, code);
                if (other != null) {
                    problem(key(field), "certificat-double", other);
                }
                return other == null;
            }

            private String key(String field) {
                return PREFIX + code + "." + field;
            }

            private void problem(String key, String what, Object... arguments) {
                Loading.this.problem(code, key, what, arguments);
            }
        }
    }
}
