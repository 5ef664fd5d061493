package ma.pmogateway.ops.health;

import java.util.Map;

/** The JSON answers of {@code /health/live} and {@code /health/ready}. */
public final class HealthJson {

    private HealthJson() {
    }

    /** The liveness answer: the process serves. */
    public static String live() {
        return "{\"status\":\"UP\"}";
    }

    /** The readiness answer: the verdict, why, and every check of the last round with its figures. */
    public static String ready(HealthMonitor monitor) {
        StringBuilder json = new StringBuilder("{\"status\":").append(string(monitor.ready() ? "UP" : "DOWN"));
        json.append(",\"maintenance\":").append(monitor.inMaintenance());
        monitor.snapshot().ifPresentOrElse(snapshot -> {
            json.append(",\"checked_at\":").append(string(snapshot.at().toString())).append(",\"checks\":{");
            String separator = "";
            for (Check check : snapshot.checks()) {
                json.append(separator).append(string(check.name())).append(":{\"status\":")
                        .append(string(check.status().name())).append(",\"required\":").append(check.required())
                        .append(",\"detail\":").append(string(check.detail()));
                for (Map.Entry<String, Object> figure : check.figures().entrySet()) {
                    json.append(',').append(string(figure.getKey())).append(':')
                            .append(figure.getValue() instanceof Number number ? number.toString()
                                    : string(String.valueOf(figure.getValue())));
                }
                json.append('}');
                separator = ",";
            }
            json.append('}');
        }, () -> json.append(",\"detail\":\"starting: no check has ended yet\""));
        return json.append('}').toString();
    }

    private static String string(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
