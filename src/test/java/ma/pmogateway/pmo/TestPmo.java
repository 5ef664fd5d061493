package ma.pmogateway.pmo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.xml.ws.BindingProvider;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.contract.pmo.ws.DepotPMO;
import ma.pmogateway.it.Identities;
import ma.pmogateway.journal.Database;
import ma.pmogateway.security.RegistryVocabulary;
import ma.pmogateway.security.SenderRegistry;
import ma.pmogateway.security.WsSecuritySettings;

/**
 * Reference PMO services for end-to-end tests: Jetty on 127.0.0.1 on a free port, a fresh H2 database
 * in a temporary folder, the development PKI (the service signs as {@code pmo}, and only the
 * {@code gateway} certificate is a trusted caller), and clients built from the WSDL.
 */
final class TestPmo implements AutoCloseable {

    private final Database database;
    private final Bus bus;
    private final SenderRegistry callers;
    private final String baseAddress;
    private final List<PmoReferenceService> services = new ArrayList<>();

    private TestPmo(Database database, Bus bus, SenderRegistry callers, String baseAddress) {
        this.database = database;
        this.bus = bus;
        this.callers = callers;
        this.baseAddress = baseAddress;
    }

    /** Opens a fresh database and a bus on a free port; publish services with {@link #publish}. */
    static TestPmo start() {
        try {
            Path dataDir = Files.createTempDirectory("pmo-reference-it");
            Database database = Database.open(GatewayConfig.load(null, Map.of(),
                    Map.of("data-dir", dataDir.resolve("data").toString(), "database.embedded-engine", "h2")));
            Path callers = dataDir.resolve("callers.properties");
            Files.writeString(callers, "sender.AO-SIEGE.certificate=" + Identities.certificateFile("gateway") + "\n"
                    + "sender.AO-SIEGE.operations=*\nsender.AO-SIEGE.regions=*\n", StandardCharsets.UTF_8);
            return new TestPmo(database, BusFactory.newInstance().createBus(), SenderRegistry.load(callers.toString(), RegistryVocabulary.of(Depot.class)),
                    "http://127.0.0.1:" + freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes a service at {@code path} on this fixture's port and database, failing as {@code failures} says. */
    PmoReferenceService publish(String path, FailureSimulation failures) {
        PmoReferenceService service = PmoReferenceService.publish(bus, baseAddress + path, Identities.of("pmo"),
                callers, database.dataSource(), failures);
        services.add(service);
        return service;
    }

    /** Returns a client of {@code service} built from the WSDL, signing as development identity {@code identity}. */
    static Depot client(PmoReferenceService service, String identity) {
        Depot port = new DepotPMO().getDepotPMOSoap12();
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, service.address());
        context.putAll(WsSecuritySettings.client(Identities.of(identity)));
        return port;
    }

    /**
     * Returns the WS-Security actions (WSS4J action numbers, e.g. {@code WSConstants.SIGN} and
     * {@code WSConstants.SC}) that {@code client} verified on the last response it received.
     */
    static List<Integer> verifiedActionsOfLastResponse(Depot client) {
        Object results = ((BindingProvider) client).getResponseContext().get(WSHandlerConstants.RECV_RESULTS);
        List<Integer> actions = new ArrayList<>();
        if (results instanceof List<?> list) {
            for (Object result : list) {
                ((WSHandlerResult) result).getResults()
                        .forEach(r -> actions.add((Integer) r.get(WSSecurityEngineResult.TAG_ACTION)));
            }
        }
        return actions;
    }

    /** Returns the number of rows of {@code table} ({@code pmo_*}) that concern message {@code messageId}. */
    long rowsOfMessage(String table, String messageId) {
        return count("SELECT COUNT(*) FROM " + table + " WHERE identifiant_message = ?", messageId);
    }

    /** Returns the number of projects registered under code {@code code}. */
    long projects(String code) {
        return count("SELECT COUNT(*) FROM pmo_projet WHERE reference_externe = ?", code);
    }

    private long count(String sql, String argument) {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, argument);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        services.forEach(PmoReferenceService::close);
        bus.shutdown(true);
        database.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
