package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.it.Identities;

/**
 * A stored request's signer is checked with the trust material archived in the journal, at the date
 * the request was received: not with today's trust store, nor at today's date.
 */
class TrustAtReceptionTest {

    /** Before every certificate of the development PKI (2020 for the deliberately expired one). */
    private static final Instant LONG_AGO = Instant.parse("2019-01-01T00:00:00Z");
    private static final X509CRL DEVELOPMENT_CRL = Identities.of("gateway").crls().get(0);

    private final TestJournal journal = TestJournal.create();

    @AfterEach
    void close() {
        journal.close();
    }

    private X509Certificate verify(String signer, Instant receivedAt) throws Exception {
        return new StoredMessageVerifier(TrustHistory.of(journal.trustArchive()))
                .verify(SignedRequests.signed(signer, true), receivedAt);
    }

    private String problem(String signer, Instant receivedAt) {
        return assertThrows(VerificationFailure.class, () -> verify(signer, receivedAt)).getMessage();
    }

    private static Instant notBefore(String identity) {
        return Identities.of(identity).certificate().getNotBefore().toInstant();
    }

    @Test
    void verifiesARequestWhoseSignerHasExpiredSinceItsReception() throws Exception {
        journal.trustDevelopmentPkiSince(LONG_AGO);
        Instant whileValid = notBefore("bad-expired").plus(Duration.ofDays(30));

        assertEquals(Identities.of("bad-expired").certificate(), verify("bad-expired", whileValid));
        assertTrue(problem("bad-expired", Instant.now()).contains("had expired on 2021-01-01T00:00:00Z, before its request "
                + "was received"));
    }

    @Test
    void refusesARequestReceivedBeforeItsSignerWasValid() {
        journal.trustDevelopmentPkiSince(LONG_AGO);

        String problem = problem("ao-cs", notBefore("ao-cs").minus(Duration.ofHours(1)));

        assertTrue(problem.contains("signer certificate CN=AO-CS") && problem.contains("was not yet valid when its "
                + "request was received") && problem.contains("valid from " + notBefore("ao-cs")), problem);
    }

    @Test
    void refusesASignerRevokedBeforeTheReception() {
        journal.trustDevelopmentPkiSince(LONG_AGO);
        Instant revokedOn = DEVELOPMENT_CRL.getRevokedCertificate(Identities.of("bad-revoked").certificate())
                .getRevocationDate().toInstant();

        String problem = problem("bad-revoked", DEVELOPMENT_CRL.getThisUpdate().toInstant().plusSeconds(60));

        assertTrue(problem.contains("was revoked on " + revokedOn + " (KEY_COMPROMISE), before its request was received"),
                problem);
    }

    @Test
    void acceptsASignerRevokedAfterTheReceptionByTheCrlOfThatDate(@TempDir Path dir) throws Exception {
        journal.trustDevelopmentPkiSince(LONG_AGO);
        Instant crlIssued = notBefore("bad-revoked").plus(Duration.ofHours(1));
        Instant revokedOn = crlIssued.plus(Duration.ofHours(2));
        X509CRL crl = TestCrls.revoking("bad-revoked", revokedOn, crlIssued, dir);
        journal.trustArchive().keep(List.of(), List.of(crl), crlIssued);

        verify("bad-revoked", revokedOn.minus(Duration.ofHours(1)));
        String problem = problem("bad-revoked", revokedOn.plus(Duration.ofHours(1)));

        assertTrue(problem.contains("was revoked on " + revokedOn), problem);
    }

    @Test
    void auditsOldRecordsWithATrustAnchorSinceRemovedFromTheTrustStore() throws Exception {
        Instant devCaInUse = Instant.now().minus(Duration.ofDays(1));
        journal.trustDevelopmentPkiSince(devCaInUse);
        String received = journal.recordAccepted(SignedRequests.signed("ao-cs", true), Instant.now());
        String tooEarly = journal.recordAccepted(SignedRequests.signed("ao-cs", true), devCaInUse.minusSeconds(1));
        // The gateway restarts with a trust store that holds another CA only.
        X509Certificate otherCa = Pem.certificate(Files.readAllBytes(Identities.DEV.resolve("rogue-ca.crt.pem")));
        journal.trustArchive().keep(List.of(otherCa), List.of(), Instant.now());

        JournalAudit.Report report = new JournalAudit(journal.database().dataSource(),
                Identities.of("gateway").certificate(), TestJournal.transformer()).run();

        assertEquals(1, report.signaturesVerified(), report.problems().toString());
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertEquals(tooEarly, report.problems().get(0).exchangeId());
        assertTrue(report.problems().get(0).what().contains("no trust anchor known at reception"), report.problems().toString());
        assertTrue(report.problems().stream().noneMatch(p -> received.equals(p.exchangeId())));
    }
}
