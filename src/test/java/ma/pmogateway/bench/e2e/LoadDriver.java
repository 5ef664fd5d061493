package ma.pmogateway.bench.e2e;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;

import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSecurityEngineResult;
import org.apache.wss4j.dom.handler.WSHandlerConstants;
import org.apache.wss4j.dom.handler.WSHandlerResult;

import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.PasserelleSuiviProjets;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.contract.common.ResultatElement;
import ma.pmogateway.contract.common.ResultatReception;
import ma.pmogateway.it.Identities;
import ma.pmogateway.security.WsSecuritySettings;

/**
 * Submits {@link Workload}'s documents to one server from N client threads and checks every answer.
 * The clients are CXF JAX-WS clients generated from the gateway's WSDL, so its policy applies to both
 * directions: every request freshly signed as AO-CS (RSA-SHA256 over Timestamp and Body), every
 * receipt's signature verified and required to come from the gateway's certificate (pinned), and its
 * SignatureConfirmation required and compared by WSS4J with the request's signature.
 *
 * <p>A receipt counts as verified only if, beyond what CXF enforces, the security results name the
 * pinned signer and hold a SignatureConfirmation, and it acknowledges the very batch and project sent,
 * accepted. Everything else is counted by its code: the gateway's fault code, the SOAP fault, the
 * client's exception, or what the receipt got wrong.
 */
final class LoadDriver {

    /** The submissions the benchmark measures. */
    enum Operation {
        FICHES("SoumettreProjets"), SITUATIONS("SoumettreSituations");

        final String soapName;

        Operation(String soapName) {
            this.soapName = soapName;
        }
    }

    /** When a phase ends: after {@code requests} requests in all, or (if 0) after {@code duration}. */
    record Stop(int requests, Duration duration) {
    }

    /** What one phase gave: every latency (sorted, nanoseconds), the wall time, the faults by code. */
    record Result(long[] latencies, long wallNanos, int verified, Map<String, Integer> faults) {

        int requests() {
            return latencies.length;
        }

        int faultCount() {
            return faults.values().stream().mapToInt(Integer::intValue).sum();
        }

        double perSecond() {
            return requests() / (wallNanos / 1e9);
        }

        /** Returns the {@code quantile} (0 to 1) of the latencies, in milliseconds. */
        double latencyMillis(double quantile) {
            int index = (int) Math.min(latencies.length - 1, Math.ceil(quantile * latencies.length) - 1);
            return latencies[Math.max(0, index)] / 1e6;
        }
    }

    private final String address;
    private final Workload workload;
    private final X509Certificate signer;
    private final List<Client> clients = new ArrayList<>();
    private final AtomicLong accepted = new AtomicLong();

    LoadDriver(String address, Workload workload) {
        this.address = address;
        this.workload = workload;
        this.signer = Identities.of("gateway").certificate();
    }

    /** Returns how many submissions this driver has had accepted, with verified receipts, so far (live). */
    long accepted() {
        return accepted.get();
    }

    /** Runs one phase of {@code operation} from {@code threads} clients until {@code stop}. */
    Result run(Operation operation, int threads, Stop stop) throws InterruptedException {
        while (clients.size() < threads) {
            clients.add(new Client());
        }
        List<String> projects = operation == Operation.SITUATIONS ? workload.acceptedProjects() : List.of();
        if (operation == Operation.SITUATIONS && projects.isEmpty()) {
            throw new IllegalStateException("no accepted project to report on: submit fiches first (warm-up)");
        }
        AtomicInteger tickets = new AtomicInteger(stop.requests());
        long deadline = System.nanoTime() + stop.duration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Tally>> tallies = new ArrayList<>();
            long started = System.nanoTime();
            for (int thread = 0; thread < threads; thread++) {
                Client client = clients.get(thread);
                int first = thread;
                tallies.add(pool.submit(() -> {
                    Tally tally = new Tally();
                    // Each thread reports on its own share of the projects, so a project's reports go in order.
                    for (int next = first; stop.requests() > 0 ? tickets.getAndDecrement() > 0
                            : System.nanoTime() < deadline; next += threads) {
                        String project = projects.isEmpty() ? null : projects.get(next % projects.size());
                        client.submit(operation, project, tally);
                    }
                    return tally;
                }));
            }
            Tally total = new Tally();
            for (Future<Tally> tally : tallies) {
                total.add(getUnchecked(tally));
            }
            long wall = System.nanoTime() - started;
            long[] latencies = Arrays.copyOf(total.latencies, total.count);
            Arrays.sort(latencies);
            return new Result(latencies, wall, total.verified, total.faults);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Tally getUnchecked(Future<Tally> tally) throws InterruptedException {
        try {
            return tally.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a client thread failed", e.getCause());
        }
    }

    /** One client thread's counts. */
    private static final class Tally {
        long[] latencies = new long[1024];
        int count;
        int verified;
        final Map<String, Integer> faults = new TreeMap<>();

        void latency(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        void fault(String code) {
            faults.merge(code, 1, Integer::sum);
        }

        void add(Tally other) {
            for (int i = 0; i < other.count; i++) {
                latency(other.latencies[i]);
            }
            verified += other.verified;
            other.faults.forEach((code, times) -> faults.merge(code, times, Integer::sum));
        }
    }

    /** One client thread's CXF client and documents. */
    private final class Client {
        private final SuiviProjets port = new PasserelleSuiviProjets().getPasserelleSuiviProjetsSoap12();
        private final Workload.Requests requests = workload.new Requests();

        Client() {
            Map<String, Object> context = ((BindingProvider) port).getRequestContext();
            context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
            context.putAll(WsSecuritySettings.pinnedClient(Identities.of(Workload.SENDER.toLowerCase(
                    java.util.Locale.ROOT)), List.of(signer)));
        }

        void submit(Operation operation, String project, Tally tally) {
            String batch;
            String reference;
            AccuseReception receipt;
            long start = System.nanoTime();
            try {
                if (operation == Operation.FICHES) {
                    var envoi = requests.nextFiche();
                    batch = envoi.getEnTete().getIdentifiantEnvoi();
                    reference = envoi.getFicheProjet().get(0).getCodeProjet();
                    start = System.nanoTime();
                    receipt = port.soumettreProjets(envoi);
                } else {
                    var envoi = requests.nextSituation(project);
                    batch = envoi.getEnTete().getIdentifiantEnvoi();
                    reference = project;
                    start = System.nanoTime();
                    receipt = port.soumettreSituations(envoi);
                }
            } catch (Erreur refused) {
                tally.latency(System.nanoTime() - start);
                tally.fault(refused.getFaultInfo().getCode());
                return;
            } catch (SOAPFaultException fault) {
                tally.latency(System.nanoTime() - start);
                tally.fault("SOAP " + fault.getFault().getFaultCodeAsQName().getLocalPart() + ": "
                        + abbreviated(fault.getFault().getFaultString()));
                return;
            } catch (WebServiceException failed) {
                tally.latency(System.nanoTime() - start);
                Throwable cause = failed;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                tally.fault("CLIENT " + cause.getClass().getSimpleName() + ": " + abbreviated(cause.getMessage()));
                return;
            }
            tally.latency(System.nanoTime() - start);
            String problem = problem(receipt, batch, reference);
            if (problem == null) {
                tally.verified++;
                accepted.incrementAndGet();
                if (operation == Operation.FICHES) {
                    workload.accepted(reference);
                }
            } else {
                tally.fault(problem);
            }
        }

        /** Returns what is wrong with {@code receipt} and its security, or null if it is the receipt expected. */
        private String problem(AccuseReception receipt, String batch, String reference) {
            @SuppressWarnings("unchecked")
            List<WSHandlerResult> security = (List<WSHandlerResult>) ((BindingProvider) port).getResponseContext()
                    .get(WSHandlerConstants.RECV_RESULTS);
            if (security == null || security.isEmpty()) {
                return "RECEIPT_NOT_SIGNED";
            }
            List<WSSecurityEngineResult> signatures = security.get(0).getActionResults().getOrDefault(WSConstants.SIGN,
                    List.of());
            if (signatures.isEmpty() || !signatures.stream().allMatch(
                    result -> signer.equals(result.get(WSSecurityEngineResult.TAG_X509_CERTIFICATE)))) {
                return "RECEIPT_SIGNER_NOT_PINNED";
            }
            if (security.get(0).getActionResults().getOrDefault(WSConstants.SC, List.of()).isEmpty()) {
                return "RECEIPT_WITHOUT_SIGNATURE_CONFIRMATION";
            }
            if (!batch.equals(receipt.getIdentifiantEnvoi()) || !Workload.SENDER.equals(receipt.getEmetteur())
                    || receipt.getIdentifiantEchange() == null || receipt.getEmpreinteRequete() == null
                    || receipt.getElement().size() != 1) {
                return "RECEIPT_OF_ANOTHER_BATCH";
            }
            ResultatReception item = receipt.getElement().get(0);
            if (!Objects.equals(reference, item.getReference()) || item.getResultat() != ResultatElement.ACCEPTE) {
                return "RECEIPT_ITEM_NOT_ACCEPTED";
            }
            return null;
        }
    }

    private static String abbreviated(String text) {
        String line = String.valueOf(text).replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 80) + "…";
    }
}
