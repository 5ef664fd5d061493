package ma.pmogateway.it;

import java.nio.file.Path;
import java.util.List;

import ma.pmogateway.security.KeyMaterial;

/** The development PKI's identities (certs/dev), as used by the tests' clients. */
public final class Identities {

    public static final Path DEV = Path.of("certs/dev");
    public static final String PASSWORD = "dev-password";

    private Identities() {
    }

    /** Returns the signing identity {@code name} (e.g. ao-cs), trusting the development CA and its CRL. */
    public static KeyMaterial of(String name) {
        return KeyMaterial.load(DEV.resolve(name + ".p12"), PASSWORD, name, DEV.resolve("truststore.p12"), PASSWORD,
                List.of(DEV.resolve("ca.crl.pem")));
    }

    public static Path certificateFile(String name) {
        return DEV.resolve(name + ".crt.pem").toAbsolutePath();
    }
}
