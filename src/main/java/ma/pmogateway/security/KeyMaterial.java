package ma.pmogateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.security.auth.callback.CallbackHandler;

import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.crypto.Merlin;
import org.apache.wss4j.common.ext.WSPasswordCallback;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * A signing identity (private key and certificate in a PKCS#12 file) with the trust anchors and CRLs
 * used to verify the other side's certificates.
 *
 * <p>It yields the WSS4J {@link Crypto} that CXF uses both to sign outgoing messages with this
 * identity and to check incoming signers against the trust store, revocation included.
 */
public final class KeyMaterial {

    private final KeyStore keyStore;
    private final KeyStore trustStore;
    private final List<X509CRL> crls;
    private final String alias;
    private final char[] keyPassword;

    private KeyMaterial(KeyStore keyStore, KeyStore trustStore, List<X509CRL> crls, String alias, char[] keyPassword) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.crls = crls;
        this.alias = alias;
        this.keyPassword = keyPassword.clone();
    }

    /**
     * Loads an identity from {@code keyStoreFile} (PKCS#12, entry {@code alias}) with trust anchors from
     * {@code trustStoreFile} and the CRL files {@code crlFiles} (PEM or DER).
     *
     * @throws GatewayException with {@link ErrorCode#CONFIGURATION_INVALIDE} if a file cannot be read
     *                          or holds no such entry
     */
    public static KeyMaterial load(Path keyStoreFile, String password, String alias, Path trustStoreFile,
            String trustStorePassword, List<Path> crlFiles) {
        KeyStore keyStore = readStore(keyStoreFile, password);
        try {
            if (!keyStore.isKeyEntry(alias)) {
                throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, null,
                        keyStoreFile + " has no private key entry " + alias);
            }
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, keyStoreFile);
        }
        List<X509CRL> crls = new ArrayList<>();
        for (Path crlFile : crlFiles) {
            crls.add(readCrl(crlFile));
        }
        return new KeyMaterial(keyStore, readStore(trustStoreFile, trustStorePassword), List.copyOf(crls), alias,
                password.toCharArray());
    }

    /**
     * Loads the gateway's own identity as configured ({@code security.keystore}, {@code .keystore-password},
     * {@code .key-alias}, {@code .truststore}, {@code .truststore-password}, {@code .crl-files}).
     */
    public static KeyMaterial gateway(GatewayConfig config) {
        return load(config.path("security.keystore"), config.string("security.keystore-password"),
                config.string("security.key-alias"), config.path("security.truststore"),
                config.string("security.truststore-password"),
                config.list("security.crl-files").stream().map(Path::of).toList());
    }

    /** Returns the alias of the signing entry. */
    public String alias() {
        return alias;
    }

    /** Returns the signing certificate. */
    public X509Certificate certificate() {
        try {
            return (X509Certificate) keyStore.getCertificate(alias);
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, alias);
        }
    }

    /** Returns the signing key. */
    public PrivateKey privateKey() {
        try {
            return (PrivateKey) keyStore.getKey(alias, keyPassword);
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, alias);
        }
    }

    /** Returns the CRLs this identity checks revocation against. */
    public List<X509CRL> crls() {
        return crls;
    }

    /** Returns the CA certificates of the trust store, in alias order. */
    public List<X509Certificate> trustAnchors() {
        try {
            List<String> aliases = Collections.list(trustStore.aliases());
            Collections.sort(aliases);
            List<X509Certificate> anchors = new ArrayList<>();
            for (String alias : aliases) {
                if (trustStore.isCertificateEntry(alias)) {
                    anchors.add((X509Certificate) trustStore.getCertificate(alias));
                }
            }
            return anchors;
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, "trust store");
        }
    }

    /** Returns a WSS4J crypto: this identity's key for signing, the trust store and CRLs for verifying. */
    public Crypto crypto() {
        Merlin merlin = new Merlin();
        merlin.setKeyStore(keyStore);
        merlin.setTrustStore(trustStore);
        try {
            merlin.setCRLCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, "CRL store");
        }
        return merlin;
    }

    /** Returns the callback that hands WSS4J the signing key's password, and only for this identity. */
    public CallbackHandler passwordCallback() {
        return callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof WSPasswordCallback pc && alias.equals(pc.getIdentifier())) {
                    pc.setPassword(new String(keyPassword));
                }
            }
        };
    }

    /**
     * Reads one X.509 certificate (PEM or DER) from {@code file}.
     *
     * @throws GatewayException {@link ErrorCode#CONFIGURATION_INVALIDE} if it cannot be read
     */
    public static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, file);
        }
    }

    private static KeyStore readStore(Path file, String password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, file);
        }
    }

    private static X509CRL readCrl(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, file);
        }
    }
}
