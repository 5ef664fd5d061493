package ma.pmogateway.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.support.Sha256;

/**
 * A request as it reached the gateway: the identifier given to this exchange, when it arrived, and
 * its bytes exactly as received with their SHA-256 (the evidence an auditor re-verifies later).
 */
public record ReceivedRequest(String exchangeId, Instant receivedAt, byte[] bytes, String digest) {

    /**
     * The name under which the capture step of a service (the gateway's, the PMO sandbox's) keeps the
     * request on its exchange, for the steps after it (signature coverage, journal).
     */
    public static final String EXCHANGE_KEY = ReceivedRequest.class.getName();

    /**
     * Reads the request body {@code in} received at {@code receivedAt}, never beyond {@code maxBytes}
     * (an oversized body costs no more memory than the limit).
     *
     * @throws GatewayException {@link ErrorCode#XML_REFUSE} if it cannot be read, or is larger than
     *                          {@code maxBytes} ({@link Reason#XML_MESSAGE_TOO_LARGE})
     */
    public static ReceivedRequest read(InputStream in, int maxBytes, String exchangeId, Instant receivedAt) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.XML_REFUSE, e, exchangeId);
        }
        if (bytes.length > maxBytes) {
            throw new GatewayException(Reason.XML_MESSAGE_TOO_LARGE,
                    new SecurityException("message larger than " + maxBytes + " bytes"), exchangeId);
        }
        return new ReceivedRequest(exchangeId, receivedAt, bytes, Sha256.hex(bytes));
    }
}
