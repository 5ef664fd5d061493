package ma.pmogateway.contract;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.EnumMap;
import java.util.Map;

import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;

import org.xml.sax.SAXException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * Compiled schemas of the bundled contracts, built once and shared.
 *
 * <p>A {@link Schema} is immutable and thread-safe, so one instance per contract serves every request.
 * Imports between the XSDs are relative and resolve inside the bundle; nothing is fetched remotely.
 */
public final class ContractSchemas {

    private final Map<Contract, Schema> schemas = new EnumMap<>(Contract.class);

    /** Returns the compiled schema of {@code contract}, compiling it on first use. */
    public synchronized Schema schema(Contract contract) {
        return schemas.computeIfAbsent(contract, ContractSchemas::compile);
    }

    private static Schema compile(Contract contract) {
        URL url = ContractSchemas.class.getClassLoader().getResource(contract.resource());
        if (url == null) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE,
                    new IOException("bundled schema missing: " + contract.resource()), contract.resource());
        }
        try (InputStream in = url.openStream()) {
            return SecureXml.schemaFactory().newSchema(new StreamSource(in, url.toExternalForm()));
        } catch (IOException | SAXException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, contract.resource());
        }
    }
}
