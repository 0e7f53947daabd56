package io.replicatoor.core.port;

import io.replicatoor.core.bytes.ImmutableBytes;
import java.util.Objects;

/**
 * A TDX quote as the agent returned it plus the dstack event log (the JSON array text, exactly as
 * received; the verifier replays it). Not verified: just the two things a verifier needs.
 */
public final class Evidence {
  /** Upper bound on a quote accepted from the wire (real TDX quotes are about 5 KB). */
  public static final int MAX_QUOTE_BYTES = 64 * 1024;

  /** Upper bound on an event log accepted from the wire. */
  public static final int MAX_EVENT_LOG_CHARS = 1024 * 1024;

  private final Quote quote;
  private final String eventLog;

  private Evidence(Quote quote, String eventLog) {
    this.quote = quote;
    this.eventLog = eventLog;
  }

  /**
   * Evidence from raw quote bytes and the event log text.
   *
   * @throws IllegalArgumentException if empty or larger than the bounds above
   */
  public static Evidence of(byte[] quote, String eventLog) {
    Objects.requireNonNull(eventLog, "eventLog");
    if (quote == null || quote.length == 0 || quote.length > MAX_QUOTE_BYTES) {
      throw new IllegalArgumentException("quote must be 1.." + MAX_QUOTE_BYTES + " bytes");
    }
    if (eventLog.length() > MAX_EVENT_LOG_CHARS) {
      throw new IllegalArgumentException("event log longer than " + MAX_EVENT_LOG_CHARS);
    }
    return new Evidence(new Quote(quote), eventLog);
  }

  /** A copy of the quote bytes, as received. */
  public byte[] quote() {
    return quote.toByteArray();
  }

  /** The quote bytes as hex. */
  public String quoteHex() {
    return quote.toHex();
  }

  /** The event log text. */
  public String eventLog() {
    return eventLog;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence e && e.quote.equals(quote) && e.eventLog.equals(eventLog);
  }

  @Override
  public int hashCode() {
    return quote.hashCode() * 31 + eventLog.hashCode();
  }

  @Override
  public String toString() {
    return "Evidence[quote "
        + quote.length()
        + " bytes, event log "
        + eventLog.length()
        + " chars]";
  }

  private static final class Quote extends ImmutableBytes {
    Quote(byte[] value) {
      super(value, -1, "quote");
    }
  }
}
