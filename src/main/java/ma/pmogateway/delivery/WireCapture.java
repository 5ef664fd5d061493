package ma.pmogateway.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.interceptor.StaxOutInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * The bytes of one client call as they crossed the wire: the request as sent (signed, serialised)
 * and the response as received, before any parser touched them.
 */
final class WireCapture {

    /** Above this, a PMO response is refused rather than held in memory (its acknowledgements are small). */
    private static final int MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream(8192);
    private byte[] received = new byte[0];

    byte[] sent() {
        return sent.toByteArray();
    }

    byte[] received() {
        return received;
    }

    /** The out-chain step that copies every byte written to the wire into the current call's capture. */
    static AbstractPhaseInterceptor<Message> outgoing(Supplier<WireCapture> current) {
        AbstractPhaseInterceptor<Message> step = new AbstractPhaseInterceptor<>(Phase.PRE_STREAM) {
            @Override
            public void handleMessage(Message message) {
                WireCapture capture = current.get();
                OutputStream out = message.getContent(OutputStream.class);
                if (capture != null && out != null) {
                    message.setContent(OutputStream.class, new FilterOutputStream(out) {
                        @Override
                        public void write(byte[] bytes, int offset, int length) throws IOException {
                            capture.sent.write(bytes, offset, length);
                            out.write(bytes, offset, length);
                        }

                        @Override
                        public void write(int b) throws IOException {
                            capture.sent.write(b);
                            out.write(b);
                        }
                    });
                }
            }
        };
        // Before the XML writer is created on the stream: every byte must go through the copy.
        step.addBefore(StaxOutInterceptor.class.getName());
        return step;
    }

    /** The in-chain step that keeps the response's bytes in the current call's capture. */
    static AbstractPhaseInterceptor<Message> incoming(Supplier<WireCapture> current) {
        return new AbstractPhaseInterceptor<>(Phase.RECEIVE) {
            @Override
            public void handleMessage(Message message) {
                WireCapture capture = current.get();
                InputStream in = message.getContent(InputStream.class);
                if (capture == null || in == null) {
                    return;
                }
                try {
                    byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                    if (bytes.length > MAX_RESPONSE_BYTES) {
                        throw new Fault(new SecurityException("PMO response larger than " + MAX_RESPONSE_BYTES + " bytes"));
                    }
                    capture.received = bytes;
                    message.setContent(InputStream.class, new ByteArrayInputStream(bytes));
                } catch (IOException e) {
                    throw new Fault(e);
                }
            }
        };
    }
}
