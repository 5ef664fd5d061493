package ma.pmogateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import org.apache.cxf.configuration.jsse.TLSServerParameters;
import org.apache.cxf.configuration.security.ClientAuthentication;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The HTTPS parameters of the server ({@code server.tls.*}): its certificate, TLS 1.2/1.3 only, and
 * optional client-certificate authentication ({@code none}, {@code want} or {@code need}) against a
 * trust store.
 */
public final class TlsSettings {

    private TlsSettings() {
    }

    /** Returns the server's TLS parameters from {@code config}. */
    public static TLSServerParameters server(GatewayConfig config) {
        try {
            KeyStore keyStore = load(config.path("server.tls.keystore"), config.string("server.tls.keystore-password"));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keyStore, config.string("server.tls.keystore-password").toCharArray());
            KeyStore trustStore = load(config.path("server.tls.truststore"),
                    config.string("server.tls.truststore-password"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore);

            TLSServerParameters parameters = new TLSServerParameters();
            parameters.setKeyManagers(keys.getKeyManagers());
            parameters.setTrustManagers(trust.getTrustManagers());
            parameters.setIncludeProtocols(List.of("TLSv1.3", "TLSv1.2"));
            parameters.setClientAuthentication(clientAuthentication(config.string("server.tls.client-auth")));
            return parameters;
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, "server.tls");
        }
    }

    private static ClientAuthentication clientAuthentication(String mode) {
        ClientAuthentication authentication = new ClientAuthentication();
        switch (mode) {
            case "none" -> {
                authentication.setWant(false);
                authentication.setRequired(false);
            }
            case "want" -> authentication.setWant(true);
            case "need" -> {
                authentication.setWant(true);
                authentication.setRequired(true);
            }
            default -> throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, null,
                    "server.tls.client-auth must be none, want or need: " + mode);
        }
        return authentication;
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        }
    }
}
