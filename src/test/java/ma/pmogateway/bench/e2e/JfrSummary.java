package ma.pmogateway.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU went, from the Java Flight Recorder's execution samples ({@code
 * jdk.ExecutionSample}, one every 10–20 ms per running thread with the {@code profile} settings): the
 * share of samples whose running method (top frame) belongs to each library, the methods most often
 * running, and the gateway's own methods most often on the stack (inclusive, each counted once per
 * sample). JDK 17's {@code jfr} tool has no {@code view} command; this is its {@code hot-methods} and
 * a little more. The recording file stays for Java Mission Control.
 */
final class JfrSummary {

    /** Libraries by package prefix, most specific first; the JDK's own code last. */
    private static final Map<String, String> LIBRARIES = libraries();

    private JfrSummary() {
    }

    /** Returns the markdown summary of {@code recording}, {@code top} lines per table. */
    static String of(Path recording, String server, int top) throws IOException {
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> running = new HashMap<>();
        Map<String, Integer> ownOnStack = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            String topType = frames.get(0).getMethod().getType().getName();
            byLibrary.merge(library(topType), 1, Integer::sum);
            running.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith("ma.pmogateway.") && seen.add(name(frame))) {
                    ownOnStack.merge(name(frame), 1, Integer::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n### Profile of the %s (%d execution samples, `%s`)%n%n", server,
                samples, recording));
        table(out, "library of the running method", byLibrary, samples, top);
        table(out, "running method (self)", running, samples, top);
        table(out, "gateway method on the stack (inclusive)", ownOnStack, samples, top);
        return out.toString();
    }

    private static void table(StringBuilder out, String heading, Map<String, Integer> counts, int samples, int top) {
        if (counts.isEmpty()) {
            return;
        }
        out.append(String.format(Locale.ROOT, "| %s | samples | share |%n|---|---:|---:|%n", heading));
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(entry -> out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n", entry.getKey(),
                        entry.getValue(), 100.0 * entry.getValue() / samples)));
        out.append('\n');
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String library(String type) {
        for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
            if (type.startsWith(library.getKey())) {
                return library.getValue();
            }
        }
        return "other: " + type.substring(0, Math.max(0, type.lastIndexOf('.')));
    }

    private static Map<String, String> libraries() {
        Map<String, String> libraries = new LinkedHashMap<>();
        libraries.put("ma.pmogateway.", "pmo-gateway");
        libraries.put("org.apache.wss4j.", "WSS4J");
        libraries.put("org.apache.xml.security.", "Santuario (XML signature, C14N)");
        libraries.put("org.apache.jcp.xml.dsig.", "Santuario (XML signature, C14N)");
        libraries.put("javax.xml.crypto.", "Santuario (XML signature, C14N)");
        libraries.put("org.jasypt.", "WSS4J");
        libraries.put("org.apache.neethi.", "CXF");
        libraries.put("com.sun.xml.messaging.saaj.", "SAAJ (SOAP DOM)");
        libraries.put("javax.xml.", "JDK XML (Xerces: parsing, schema validation)");
        libraries.put("javax.security.", "JDK crypto");
        libraries.put("org.apache.cxf.", "CXF");
        libraries.put("org.eclipse.jetty.", "Jetty");
        libraries.put("net.sf.saxon.", "Saxon (XSLT, Schematron)");
        libraries.put("org.h2.", "H2");
        libraries.put("org.postgresql.", "PostgreSQL driver");
        libraries.put("com.zaxxer.hikari.", "HikariCP");
        libraries.put("org.glassfish.jaxb.", "JAXB");
        libraries.put("com.sun.xml.bind.", "JAXB");
        libraries.put("jakarta.xml.bind.", "JAXB");
        libraries.put("com.ctc.wstx.", "Woodstox (StAX)");
        libraries.put("org.codehaus.stax2.", "Woodstox (StAX)");
        libraries.put("org.apache.xerces.", "Xerces");
        libraries.put("com.sun.org.apache.xerces.", "JDK XML (Xerces: parsing, schema validation)");
        libraries.put("com.sun.org.apache.xml.", "JDK XML (serialiser, C14N)");
        libraries.put("com.sun.org.apache.xpath.", "JDK XML (XPath)");
        libraries.put("com.sun.org.apache.xalan.", "JDK XML (XSLT)");
        libraries.put("com.sun.crypto.", "JDK crypto");
        libraries.put("sun.security.", "JDK crypto");
        libraries.put("java.math.", "JDK BigInteger (RSA)");
        libraries.put("ch.qos.logback.", "Logback");
        libraries.put("org.slf4j.", "Logback");
        libraries.put("java.", "JDK (java.*)");
        libraries.put("jdk.", "JDK (jdk.*)");
        libraries.put("sun.", "JDK (sun.*)");
        return libraries;
    }
}
