package ma.pmogateway.security;

import java.time.Instant;

import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.handler.RequestData;
import org.apache.wss4j.dom.message.token.Timestamp;
import org.apache.wss4j.dom.validate.Credential;
import org.apache.wss4j.dom.validate.TimestampValidator;

import ma.pmogateway.error.Reason;

/**
 * WSS4J's Timestamp freshness check, which records which limit a refused Timestamp broke.
 *
 * <p>WSS4J reports an expired Timestamp, a stale Created and a Created too far ahead alike ("the
 * message has expired"); the journal must tell them apart, the caller must not.
 */
final class FreshnessTimestampValidator extends TimestampValidator {

    @Override
    public Credential validate(Credential credential, RequestData data) throws WSSecurityException {
        try {
            return super.validate(credential, data);
        } catch (WSSecurityException e) {
            Timestamp timestamp = credential == null ? null : credential.getTimestamp();
            SecurityFailures.record(reason(timestamp), "Timestamp refused: " + describe(timestamp) + ": "
                    + e.getMessage());
            throw e;
        }
    }

    private static Reason reason(Timestamp timestamp) {
        if (timestamp == null || timestamp.getCreated() == null) {
            return Reason.TIMESTAMP_INVALID;
        }
        return timestamp.getCreated().isAfter(Instant.now()) ? Reason.TIMESTAMP_FUTURE : Reason.TIMESTAMP_EXPIRED;
    }

    private static String describe(Timestamp timestamp) {
        return timestamp == null ? "none" : "Created " + timestamp.getCreated() + ", Expires " + timestamp.getExpires();
    }
}
