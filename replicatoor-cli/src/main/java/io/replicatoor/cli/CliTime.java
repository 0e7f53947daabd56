package io.replicatoor.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The one parser for every {@code --at TIME}: Unix seconds, an ISO-8601 date ({@code 2025-07-01},
 * midnight UTC), or an ISO-8601 date-time with or without offset ({@code 2025-07-01T00:00:00Z};
 * without an offset it is UTC).
 */
final class CliTime {
  /** The forms, as shown in help texts and error messages. */
  static final String FORMS =
      "unix seconds, 2025-07-01, 2025-07-01T00:00:00Z or 2025-07-01T02:00:00+02:00";

  private static final int MAX_EPOCH_DIGITS = 12;

  private CliTime() {}

  /** Parses {@code value} given as {@code option}. */
  static Instant parse(String value, String option) {
    String s = value.strip();
    try {
      if (!s.isEmpty()
          && s.length() <= MAX_EPOCH_DIGITS
          && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Instant.ofEpochSecond(Long.parseLong(s));
      }
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      TemporalAccessor p = DateTimeFormatter.ISO_DATE_TIME.parse(s);
      return p.isSupported(ChronoField.OFFSET_SECONDS)
          ? OffsetDateTime.from(p).toInstant()
          : LocalDateTime.from(p).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException | NumberFormatException e) {
      throw new UsageException(option + " '" + value + "' is not a time; use " + FORMS);
    }
  }
}
