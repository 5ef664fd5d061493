package ma.pmogateway.service;

import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import javax.xml.namespace.QName;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.logging.FaultListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine;
import org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.audit.Checkpoints;
import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.delivery.DeliverySettings;
import ma.pmogateway.delivery.DeliveryWorker;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.delivery.PmoClient;
import ma.pmogateway.journal.ArtefactArchive;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.EvidenceGaps;
import ma.pmogateway.rules.CompiledChecks;
import ma.pmogateway.pmo.FailureSimulation;
import ma.pmogateway.pmo.PmoReferenceService;
import ma.pmogateway.journal.JdbcReplayRegistry;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.ResponseNature;
import ma.pmogateway.journal.TrustArchive;
import ma.pmogateway.ops.MessagePathMeters;
import ma.pmogateway.ops.Observability;
import ma.pmogateway.ops.Operations;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.security.RegistryVocabulary;
import ma.pmogateway.security.SenderRegistry;
import ma.pmogateway.security.SignatureCoverageInterceptor;
import ma.pmogateway.security.TlsSettings;
import ma.pmogateway.security.WsSecuritySettings;
import ma.pmogateway.security.XmlLimits;
import ma.pmogateway.security.XmlThreatGuard;

/**
 * The running gateway: the journal database, the keys and sender registry, and the service published
 * on Jetty at its SOAP 1.2 and SOAP 1.1 addresses, both built from the WSDL so that its security
 * policy is enforced.
 *
 * <p>The steps of a request, and which of them run here as CXF interceptors, are stated in order by
 * {@link MessagePath}; this class only builds them and publishes the endpoints.
 */
public final class GatewayServer implements AutoCloseable {

    private static final String WSDL_NS = "urn:ma:alomrane:suivi-projets:wsdl:v1";
    private static final QName SERVICE = new QName(WSDL_NS, "PasserelleSuiviProjets");
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final jakarta.xml.bind.ValidationEventHandler LENIENT_UNMARSHALLING = event -> true;
    private static final FaultListener LOGGED_BY_THE_GATEWAY = (exception, description, message) -> false;
    /** "Today" for the rules (as-of dates not in the future) is the date in Morocco. */
    private static final Clock MOROCCO = Clock.system(ZoneId.of("Africa/Casablanca"));

    private final Bus bus;
    private final Database database;
    private final List<EndpointImpl> endpoints;
    private final String baseAddress;
    private final GatewayConfig config;
    private final Journal journal;
    private final ScheduledExecutorService housekeeping;
    private final DeliveryWorker delivery;
    private final PmoReferenceService sandbox;
    private final TrafficGate gate;
    private final Runnable checkpoint;
    private final Operations operations;
    private boolean closed;

    private GatewayServer(Bus bus, Database database, List<EndpointImpl> endpoints, String baseAddress,
            GatewayConfig config, Journal journal, ScheduledExecutorService housekeeping, DeliveryWorker delivery,
            PmoReferenceService sandbox, TrafficGate gate, Runnable checkpoint, Operations operations) {
        this.operations = operations;
        this.gate = gate;
        this.checkpoint = checkpoint;
        this.housekeeping = housekeeping;
        this.delivery = delivery;
        this.sandbox = sandbox;
        this.bus = bus;
        this.database = database;
        this.endpoints = endpoints;
        this.baseAddress = baseAddress;
        this.config = config;
        this.journal = journal;
    }

    /** Opens the journal, loads keys and registry, and publishes the service as configured. */
    public static GatewayServer start(GatewayConfig config) {
        // Every file checked, and the identity read, before the journal is opened (and its directory made).
        config.requireFiles();
        KeyMaterial identity = KeyMaterial.gateway(config);
        Database database = Database.open(config);
        try {
            // Read once at start (docs/SECURITY.md §3): archived now, so the auditor checks signers with it later.
            TrustArchive archive = new TrustArchive(database.dataSource());
            Instant started = Instant.now();
            archive.keep(identity.trustAnchors(), identity.crls(), started);
            archive.keepGatewayCertificate(identity.certificate(), started);
            SenderRegistry registry = SenderRegistry.load(config.string("security.sender-registry"),
                    RegistryVocabulary.of(SuiviProjets.class));
            // Read now, so that a faulty file stops the start before any endpoint is published.
            SenderRegistry sandboxCallers = config.bool("pmo.sandbox.enabled")
                    ? SenderRegistry.load(config.string("pmo.sandbox.callers"), RegistryVocabulary.of(Depot.class))
                    : null;
            XmlLimits limits = XmlLimits.from(config);
            Duration ttl = config.seconds("security.timestamp-ttl-seconds");
            Duration skew = config.seconds("security.future-skew-seconds");
            JdbcReplayRegistry replays = new JdbcReplayRegistry(database.dataSource());

            Bus bus = BusFactory.newInstance().createBus();
            Observability observability = new Observability(Clock.systemUTC());
            CompiledChecks compiled = CompiledChecks.compile();
            Journal journal = new Journal(database.groupCommit(), compiled.versions());
            // What the journal's records name, archived so that an audit can re-run it after an upgrade.
            ArtefactArchive artefacts = new ArtefactArchive(database.dataSource());
            artefacts.keep(compiled.rules().version(), compiled.rules().files().contents(), started);
            artefacts.keep(compiled.transformer().version(), compiled.transformer().stylesheets().contents(), started);
            artefacts.keep(compiled.transformer().codeListsVersion(),
                    compiled.runtime().codeLists().files().contents(), started);
            ExchangeRecorder recorder = new ExchangeRecorder(journal, new EvidenceGaps(config.path("data-dir")));
            MessagePath path = new MessagePath(journal, compiled.contracts(),
                    new BatchChecks(compiled.validator(), JournalHistory.of(journal), MOROCCO),
                    compiled.runtime().codeLists(), recorder, compiled.versions(), observability.steps());
            SuiviProjetsEndpoint implementor = new SuiviProjetsEndpoint(path);
            Transformer transformer = compiled.transformer();
            String base = baseAddress(bus, config);
            JettyHTTPServerEngine jetty = jetty(bus, config);
            // First on the port: until every endpoint is published, a retryable fault, never a 404.
            // The PMO sandbox is not the gateway: its own deliveries to it finish while the node drains.
            TrafficGate gate = new TrafficGate(config.string("server.path.pmo"));
            jetty.setHandlers(List.of(gate));
            List<EndpointImpl> endpoints = List.of(
                    publish(bus, implementor, "PasserelleSuiviProjetsSoap12", base + config.string("server.path.gateway")),
                    publish(bus, implementor, "PasserelleSuiviProjetsSoap11",
                            base + config.string("server.path.gateway-soap11")));
            for (EndpointImpl endpoint : endpoints) {
                endpoint.getInInterceptors().add(new CaptureInterceptor(new XmlThreatGuard(limits),
                        limits.maxMessageBytes()));
                endpoint.getInInterceptors().add(new SignatureCoverageInterceptor(registry));
                endpoint.getInInterceptors().add(new EnvelopeInterceptor());
                endpoint.getOutFaultInterceptors().add(new FaultTranslationInterceptor(recorder));
                endpoint.getOutInterceptors().add(new ResponseJournalInterceptor(recorder, ResponseNature.REPONSE));
                endpoint.getOutFaultInterceptors().add(new ResponseJournalInterceptor(recorder, ResponseNature.FAUTE));
                endpoint.getProperties().putAll(WsSecuritySettings.service(identity,
                        replays, ttl, skew));
                endpoint.getProperties().putAll(limits(limits));
                endpoint.getProperties().putAll(WsSecuritySettings.subjectConstraints(registry.certificateSubjects()));
                // The schema step judges payloads before they are unmarshalled (a submission is refused, a dry
                // run reports): JAXB must not turn a dry run's invalid date into an ERREUR_INTERNE.
                endpoint.getProperties().put("jaxb-validation-event-handler", LENIENT_UNMARSHALLING);
                // Every fault of these endpoints is logged once, by FaultTranslationInterceptor, not again by CXF.
                endpoint.getProperties().put(FaultListener.class.getName(), LOGGED_BY_THE_GATEWAY);
                MessagePathMeters.install(endpoint, observability);
                endpoint.publish();
                hideContainer(jetty, endpoint.getAddress());
            }
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "pmo-gateway-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            housekeeping.scheduleWithFixedDelay(() -> purgeReplays(replays), 1, 1, TimeUnit.MINUTES);
            long checkpointEvery = config.seconds("audit.checkpoint-interval-seconds").toSeconds();
            housekeeping.scheduleWithFixedDelay(Checkpoints.of(database.dataSource(), identity), checkpointEvery,
                    checkpointEvery, TimeUnit.SECONDS);
            PmoReferenceService sandbox = sandboxCallers != null
                    ? publishSandbox(bus, base + config.string("server.path.pmo"), config, database, sandboxCallers)
                    : null;
            String pmoAddress = config.string("pmo.address").isEmpty() ? base + config.string("server.path.pmo")
                    : config.string("pmo.address");
            DeliveryWorker delivery = config.bool("delivery.enabled")
                    ? new DeliveryWorker(new Outbox(database.groupCommit()), new PmoClient(pmoAddress, identity,
                            config.list("pmo.certificates").stream().map(java.nio.file.Path::of)
                                    .map(KeyMaterial::readCertificate).toList()),
                            transformer, DeliverySettings.from(config), Clock.systemUTC(), observability.deliveries())
                            .start()
                    : null;
            Operations operations = Operations.start(config, database.dataSource(), identity,
                    config.bool("delivery.enabled") ? java.net.URI.create(pmoAddress) : null, observability,
                    jetty.getServer());
            gate.open();
            return new GatewayServer(bus, database, endpoints, base, config, journal, housekeeping, delivery, sandbox,
                    gate, Checkpoints.of(database.dataSource(), identity), operations);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Publishes the PMO reference service (development, demos, tests) with its own identity, for {@code callers}. */
    private static PmoReferenceService publishSandbox(Bus bus, String address, GatewayConfig config, Database database,
            SenderRegistry callers) {
        KeyMaterial pmoIdentity = KeyMaterial.load(config.path("pmo.sandbox.keystore"),
                config.string("pmo.sandbox.keystore-password"), config.string("pmo.sandbox.key-alias"),
                config.path("security.truststore"), config.string("security.truststore-password"),
                config.list("security.crl-files").stream().map(java.nio.file.Path::of).toList());
        return PmoReferenceService.publish(bus, address, pmoIdentity, callers, database.dataSource(),
                FailureSimulation.from(config));
    }

    /** Returns the queue of deliveries to the PMO. */
    public Outbox outbox() {
        return new Outbox(database.groupCommit());
    }

    /** Returns the PMO reference service, if this gateway runs it. */
    public java.util.Optional<PmoReferenceService> sandbox() {
        return java.util.Optional.ofNullable(sandbox);
    }

    /** Expired replay entries protect nothing (their Timestamp has expired too): purge them. */
    private static void purgeReplays(JdbcReplayRegistry replays) {
        try {
            int purged = replays.purgeExpired(Instant.now());
            if (purged > 0) {
                LOG.debug("Purged {} expired replay entries", purged);
            }
        } catch (GatewayException e) {
            LOG.warn("Replay registry purge failed; will retry", e);
        }
    }

    /** Returns http(s)://host:port, registering the TLS parameters with Jetty when HTTPS is on. */
    private static String baseAddress(Bus bus, GatewayConfig config) {
        String host = config.string("server.host");
        int port = config.integer("server.port");
        if (!config.bool("server.tls.enabled")) {
            return "http://" + host + ":" + port;
        }
        try {
            bus.getExtension(JettyHTTPServerEngineFactory.class)
                    .setTLSServerParametersForPort(host, port, TlsSettings.server(config));
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, "server.tls");
        }
        return "https://" + host + ":" + port;
    }

    /** Returns the Jetty engine of the gateway's port, told not to name itself in a Server header. */
    private static JettyHTTPServerEngine jetty(Bus bus, GatewayConfig config) {
        try {
            JettyHTTPServerEngine engine = bus.getExtension(JettyHTTPServerEngineFactory.class).createJettyHTTPServerEngine(
                    config.string("server.host"), config.integer("server.port"),
                    config.bool("server.tls.enabled") ? "https" : "http");
            engine.setSendServerVersion(false);
            return engine;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, "server.port");
        }
    }

    /**
     * Leaves the container nothing to say: its error pages (unknown path, a failure outside CXF) have
     * an empty body instead of HTML naming Jetty, its version and a stack trace; and a charset Java
     * cannot decode is hidden from CXF (which would fail before any interceptor) and left to the
     * capture step to refuse as a SOAP fault.
     */
    private static void hideContainer(JettyHTTPServerEngine jetty, String address) {
        jetty.getServer().setErrorHandler(new SilentErrorHandler());
        try {
            ServletContextHandler context = jetty.getContextHandler(java.net.URI.create(address).toURL());
            context.setErrorHandler(new SilentErrorHandler());
            context.addFilter(new UnsupportedCharsetFilter(), "/*", EnumSet.of(DispatcherType.REQUEST));
        } catch (java.net.MalformedURLException e) {
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, address);
        }
    }

    /** Jetty's error page reduced to its status: no body, so no HTML, version or stack trace. */
    private static final class SilentErrorHandler extends org.eclipse.jetty.ee11.servlet.ErrorHandler {

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
            callback.succeeded();
            return true;
        }
    }

    /**
     * Presents a request whose Content-Type names a charset Java cannot decode (UTF-7) without that
     * charset, and names it in the request attribute {@link CaptureInterceptor#UNSUPPORTED_CHARSET}.
     */
    private static final class UnsupportedCharsetFilter implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws java.io.IOException, ServletException {
            // The header, not getContentType(): Jetty's parsing of the latter throws on such a charset.
            String contentType = ((HttpServletRequest) request).getHeader("Content-Type");
            String charset = contentType == null ? null : CaptureInterceptor.parameter(contentType, "charset");
            if (charset == null || isSupported(charset)) {
                chain.doFilter(request, response);
                return;
            }
            request.setAttribute(CaptureInterceptor.UNSUPPORTED_CHARSET, charset);
            String withoutCharset = contentType.replaceAll("(?i);\\s*charset=[^;]*", "");
            chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
                @Override
                public String getContentType() {
                    return withoutCharset;
                }

                @Override
                public String getCharacterEncoding() {
                    return null;
                }

                @Override
                public String getHeader(String name) {
                    return "Content-Type".equalsIgnoreCase(name) ? withoutCharset : super.getHeader(name);
                }

                @Override
                public Enumeration<String> getHeaders(String name) {
                    return "Content-Type".equalsIgnoreCase(name) ? Collections.enumeration(List.of(withoutCharset))
                            : super.getHeaders(name);
                }
            }, response);
        }

        private static boolean isSupported(String charset) {
            try {
                return Charset.isSupported(charset);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    private static EndpointImpl publish(Bus bus, SuiviProjetsEndpoint implementor, String port, String address) {
        EndpointImpl endpoint = new EndpointImpl(bus, implementor);
        endpoint.setWsdlLocation("classpath:contracts/wsdl/suivi-projets-v1.wsdl");
        endpoint.setServiceName(SERVICE);
        endpoint.setEndpointName(new QName(WSDL_NS, port));
        endpoint.setAddress(address);
        return endpoint;
    }

    /** CXF's own StAX limits, kept in line with the guard's (defence in depth). */
    private static Map<String, Object> limits(XmlLimits limits) {
        return Map.of(
                "org.apache.cxf.stax.maxElementDepth", limits.maxElementDepth(),
                "org.apache.cxf.stax.maxChildElements", limits.maxChildElements(),
                "org.apache.cxf.stax.maxElementCount", limits.maxElementCount(),
                "org.apache.cxf.stax.maxAttributeCount", limits.maxAttributeCount(),
                "org.apache.cxf.stax.maxAttributeSize", limits.maxAttributeBytes(),
                "org.apache.cxf.stax.maxTextLength", limits.maxTextBytes());
    }

    /** Returns the SOAP 1.2 address of the gateway service. */
    public String gatewayAddress() {
        return baseAddress + config.string("server.path.gateway");
    }

    /** Returns the SOAP 1.1 address of the gateway service. */
    public String gatewaySoap11Address() {
        return baseAddress + config.string("server.path.gateway-soap11");
    }

    /** Returns the address of the operator's port (health, metrics): {@code http://host:port}. */
    public String adminAddress() {
        return operations.address();
    }

    /** Returns the journal this gateway writes. */
    public Journal journal() {
        return journal;
    }

    /** True while the node takes requests: every endpoint published, not stopping. */
    public boolean takesTraffic() {
        return gate.isOpen();
    }

    /**
     * The clean stop (SIGTERM): new requests get a retryable fault at once; the requests under way are
     * answered, and the deliveries under way finished, within {@code server.shutdown-timeout-seconds};
     * a checkpoint seals the journal as it then stands; the endpoints stop and the journal closes last.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration timeout = config.seconds("server.shutdown-timeout-seconds");
        int unanswered = gate.drain(timeout);
        if (unanswered > 0) {
            LOG.warn("Stopping with {} request(s) still unanswered after {} s", unanswered, timeout.toSeconds());
        }
        if (delivery != null) {
            delivery.close();
        }
        housekeeping.shutdown();
        try {
            // A replay purge or checkpoint under way ends before the journal closes under it (not interrupted:
            // an interrupt in a JDBC call closes H2's file).
            housekeeping.awaitTermination(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpoint.run();
        endpoints.forEach(EndpointImpl::stop);
        if (sandbox != null) {
            sandbox.close();
        }
        operations.close();
        bus.shutdown(true);
        database.close();
    }
}
