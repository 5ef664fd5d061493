package ma.pmogateway.it.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client of a gateway's operator's port: its health answers, and its metrics parsed from the Prometheus text. */
public final class AdminProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One sample of the Prometheus text format: a name, its labels, a value. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    /** A status and body. */
    public record Answer(int status, String contentType, String body) {
    }

    private final String address;

    public AdminProbe(String address) {
        this.address = address;
    }

    public Answer get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(address + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError("operator's port " + address + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asks {@code path} until its answer passes {@code expected}, at most {@code within}; returns the last answer. */
    public Answer await(String path, Predicate<Answer> expected, Duration within) {
        Instant deadline = Instant.now().plus(within);
        Answer answer = get(path);
        while (!expected.test(answer) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            answer = get(path);
        }
        return answer;
    }

    /** Returns every sample of /metrics, keyed by name and labels as written ({@code name{a="b"}}), comments skipped. */
    public Map<String, Double> metrics() {
        Answer answer = get("/metrics");
        if (answer.status() != 200) {
            throw new AssertionError("/metrics answered " + answer);
        }
        return parse(answer.body());
    }

    /** Parses the Prometheus text format; a line that is neither a comment nor a sample fails. */
    public static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a Prometheus sample: " + line);
            }
            String value = sample.group(3);
            samples.put(sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                    value.equals("NaN") ? Double.NaN : value.equals("+Inf") ? Double.POSITIVE_INFINITY
                            : value.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(value));
        }
        return samples;
    }

    /** Returns the sum of the samples named {@code name} whose labels contain every one of {@code labels} ({@code k="v"}). */
    public static double sum(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> java.util.Arrays.stream(labels).allMatch(label -> e.getKey().contains(label)))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Returns the number of samples named {@code name} (any labels). */
    public static long count(Map<String, Double> samples, String name) {
        return samples.keySet().stream().filter(k -> k.equals(name) || k.startsWith(name + "{")).count();
    }
}
