package ma.pmogateway.transform;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.transform.Source;


import net.sf.saxon.lib.ResourceResolver;
import net.sf.saxon.trans.XPathException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * A fixed, versioned set of files read once from the class path, with the SHA-256 that identifies them.
 *
 * <p>Stylesheets, rules and code lists are read into memory at start-up and only ever served from
 * there: what Saxon compiles or reads is byte for byte what was hashed, and its {@link #resolver()}
 * refuses any URI outside the set, so an {@code xsl:include}, {@code xsl:import} or
 * {@code document()} cannot reach the file system or the network. Files are addressed by
 * {@code classpath:/name} URIs, which resolve relative references the same way whether the classes
 * run from a directory or from the jar. Immutable and thread-safe.
 */
public final class BundledFiles {

    /** Scheme of the base URIs given to bundled files (never fetched: only the resolver serves them). */
    static final String SCHEME = "classpath:";
    private static final String URI_PREFIX = SCHEME + "/";

    private final String version;
    private final Map<String, byte[]> files;
    private final String sha256;

    private BundledFiles(String version, Map<String, byte[]> files) {
        this.version = version;
        this.files = files;
        this.sha256 = digest(files);
    }

    /**
     * Reads {@code resources} (class-path names, in the order that defines the digest) as the set
     * called {@code version}.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if one of them is missing from the build
     */
    public static BundledFiles load(String version, List<String> resources) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String resource : resources) {
            files.put(resource, read(resource));
        }
        return new BundledFiles(version, files);
    }

    /**
     * Returns the set called {@code version} made of {@code files} (names to contents, in the order that
     * defines the digest): a set archived in the journal, read back for an audit.
     */
    public static BundledFiles of(String version, Map<String, byte[]> files) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((name, content) -> copy.put(name, content.clone()));
        return new BundledFiles(version, copy);
    }

    /** Returns the files, names to contents, in their declared order (copies). */
    public Map<String, byte[]> contents() {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        files.forEach((name, content) -> copy.put(name, content.clone()));
        return copy;
    }

    /** Returns the version this set declares, e.g. {@code 1.0.0}. */
    public String version() {
        return version;
    }

    /**
     * Returns the lower-case hex SHA-256 of the files concatenated in their declared order: the same as
     * {@code cat FILE... | sha256sum} over the source tree, so an auditor can recompute it.
     */
    public String sha256() {
        return sha256;
    }

    /** Returns {@code version;sha256=hex}, the identifier recorded with everything this set produced. */
    public String identifier() {
        return version + ";sha256=" + sha256;
    }

    /** Returns the names of the files, in their declared order. */
    public List<String> names() {
        return List.copyOf(files.keySet());
    }

    /** Returns a hardened XML source over the bundled file {@code name}, with its {@code classpath:} URI. */
    public Source source(String name) {
        byte[] content = files.get(name);
        if (content == null) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, new IOException("not in bundle " + version), name);
        }
        return SecureXml.source(content, URI_PREFIX + name);
    }

    /** Returns a resolver that serves the files of this set and refuses every other URI. */
    public ResourceResolver resolver() {
        return request -> {
            String name = bundledName(request.uri);
            if (name == null || !files.containsKey(name)) {
                throw new XPathException("Access refused to " + request.uri + ": only the bundled files of "
                        + version + " may be read");
            }
            return source(name);
        };
    }

    /**
     * Returns the class-path name a {@code classpath:} URI designates, or null for any other URI.
     * Saxon may write a resolved URI {@code classpath:xslt/b.xsl} or leave {@code ..} segments in it.
     */
    private static String bundledName(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            return null;
        }
        String path = URI.create("/" + uri.substring(SCHEME.length())).normalize().getPath();
        return path.startsWith("/") ? path.substring(1) : null;
    }

    private static byte[] read(String resource) {
        try (InputStream in = BundledFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("bundled file missing from the class path: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, resource);
        }
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            files.values().forEach(sha256::update);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256; without it nothing can be identified.
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "SHA-256");
        }
    }
}
