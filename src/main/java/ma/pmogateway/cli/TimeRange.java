package ma.pmogateway.cli;

import java.time.Instant;

import picocli.CommandLine.Option;

/**
 * The {@code --from}/{@code --to} options of the audit commands: which records, by reception time. A
 * date stands for its whole day in UTC at either end; an instant is included by {@code --from} and
 * excluded by {@code --to}, so that consecutive ranges never take a record twice.
 */
final class TimeRange {

    @Option(names = "--from", paramLabel = "DATE|INSTANT", converter = TimeBound.Parser.class,
            description = "Received from: a date, its whole day in UTC (2026-11-28), or an instant "
                    + "(2026-11-28T09:30:00Z), inclusive.")
    private TimeBound from;

    @Option(names = "--to", paramLabel = "DATE|INSTANT", converter = TimeBound.Parser.class,
            description = "Received until: a date, its whole day in UTC included, or an instant, excluded.")
    private TimeBound to;

    /** Where the range starts (inclusive), or null if it is open. */
    static Instant start(TimeRange range) {
        return range == null || range.from == null ? null : range.from.start();
    }

    /** Where the range ends (exclusive), or null if it is open. */
    static Instant end(TimeRange range) {
        return range == null || range.to == null ? null : range.to.end();
    }
}
