package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;

/**
 * An expected refusal costs the log one line, naming its correlation id, code and reason, and no stack
 * trace: the journal holds the full cause. (A load run's log was 80 lines per refusal, CXF's and ours.)
 */
class RefusalLoggingIT extends GatewayTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Level testLevel;

    /** Listens at the production levels (src/main/resources/logback.xml: WARN for the libraries). */
    @BeforeEach
    void listen() {
        testLevel = root.getLevel();
        root.setLevel(Level.WARN);
        log.start();
        root.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        root.detachAppender(log);
        root.setLevel(testLevel);
    }

    @Test
    void logsASecurityRefusalAsOneLineWithoutStackTrace() {
        EnvoiFichesProjets envoi = casablancaFiches();
        SoapReply reply = assertRefused(send(request(envoi).unsigned().build()), Reason.SIG_MISSING);
        assertOneLineFor(reply.correlationId());
    }

    @Test
    void logsAnAuthorisationRefusalAsOneLineWithoutStackTrace() {
        EnvoiFichesProjets envoi = casablancaFiches();
        SoapReply reply = assertRefused(send(request(envoi).signedBy("ao-siege").build()), Reason.EMETTEUR_NOT_SIGNER);
        assertOneLineFor(reply.correlationId());
    }

    private void assertOneLineFor(String correlation) {
        List<ILoggingEvent> events = List.copyOf(log.list);
        assertEquals(List.of(), events.stream().filter(event -> event.getThrowableProxy() != null)
                .map(ILoggingEvent::getFormattedMessage).toList());
        assertEquals(1, events.stream().filter(event -> event.getFormattedMessage().contains(correlation)).count(),
                () -> events.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());
    }
}
