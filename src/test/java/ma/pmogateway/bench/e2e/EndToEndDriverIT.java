package ma.pmogateway.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ma.pmogateway.bench.e2e.LoadDriver.Operation;
import ma.pmogateway.bench.e2e.LoadDriver.Result;
import ma.pmogateway.bench.e2e.LoadDriver.Stop;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.it.TestPorts;

/**
 * The end-to-end benchmark's load driver, on a few requests: against the gateway and against the bare
 * signed echo it compares with, every fiche and every report is accepted and its receipt verified; a
 * receipt signed by anyone but the pinned gateway certificate is never counted as verified. Nothing
 * here measures time.
 */
class EndToEndDriverIT {

    private static final Stop FEW = new Stop(6, Duration.ZERO);

    @Test
    void gatewayAcceptsEveryFicheAndReportWithVerifiedReceipts() throws InterruptedException {
        try (TestGateway gateway = TestGateway.start()) {
            assertAllVerified(new LoadDriver(gateway.soap12Address(), new Workload()));
        }
    }

    @Test
    void echoAnswersEveryFicheAndReportWithVerifiedReceipts() throws InterruptedException {
        try (EchoServer echo = EchoServer.start(TestPorts.free(), "gateway")) {
            assertAllVerified(new LoadDriver(echo.address(), new Workload()));
        }
    }

    /** The PMO's certificate is issued by the same trusted CA, but it is not the gateway's. */
    @Test
    void receiptSignedByAnotherTrustedCertificateIsNotVerified() throws InterruptedException {
        try (EchoServer impostor = EchoServer.start(TestPorts.free(), "pmo")) {
            Result result = new LoadDriver(impostor.address(), new Workload()).run(Operation.FICHES, 2, FEW);
            assertAll(
                    () -> assertEquals(0, result.verified()),
                    () -> assertEquals(FEW.requests(), result.faultCount(), result.faults()::toString));
        }
    }

    private static void assertAllVerified(LoadDriver driver) throws InterruptedException {
        Result fiches = driver.run(Operation.FICHES, 2, FEW);
        Result reports = driver.run(Operation.SITUATIONS, 2, FEW);
        assertAll(
                () -> assertEquals(Map.of(), fiches.faults()),
                () -> assertEquals(FEW.requests(), fiches.verified()),
                () -> assertEquals(Map.of(), reports.faults()),
                () -> assertEquals(FEW.requests(), reports.verified()));
    }
}
