package ma.pmogateway.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


/** Every stable error code has a French and an English message and a SOAP fault code for each version. */
class ErrorCodeTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void codeHasDistinctFrenchAndEnglishMessages(ErrorCode code) {
        String french = Messages.text(code, Locale.FRENCH, "X", "Y");
        String english = Messages.text(code, Locale.ENGLISH, "X", "Y");
        assertFalse(french.isBlank());
        assertFalse(english.isBlank());
        assertNotEquals(french, english);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void codeMapsToTheSoapFaultCodeOfTheResponsibleParty(ErrorCode code) {
        boolean sender = code.party() == ErrorCode.Party.SENDER;
        assertEquals(sender ? "Client" : "Server", code.soap11FaultCode().getLocalPart());
        assertEquals(sender ? "Sender" : "Receiver", code.soap12FaultCode().getLocalPart());
    }
}
