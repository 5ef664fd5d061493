package ma.pmogateway.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A bound given as a date, which stands for its whole day in UTC, or as an instant. As a lower bound
 * it is where the range starts, as an upper bound where it ends (exclusive): a date's next midnight.
 */
record TimeBound(Instant start, Instant end) {

    /** Reads an ISO date (2026-11-28) or an ISO instant, which alone has a time part (2026-11-28T09:30:00Z). */
    static final class Parser implements ITypeConverter<TimeBound> {
        @Override
        public TimeBound convert(String value) {
            try {
                if (value.indexOf('T') < 0) {
                    LocalDate day = LocalDate.parse(value);
                    return new TimeBound(day.atStartOfDay(ZoneOffset.UTC).toInstant(),
                            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                }
                Instant instant = Instant.parse(value);
                return new TimeBound(instant, instant);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value
                        + "' is neither a date (2026-11-28) nor an ISO instant (2026-11-28T09:30:00Z)");
            }
        }
    }
}
