package io.replicatoor.attest.agent;

import io.replicatoor.attest.eventlog.EventLog;
import io.replicatoor.attest.quote.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * A quote and its event log as returned by {@code GetQuote} or {@code Tappd.RawQuote}; nothing in
 * it is verified yet.
 *
 * @param quote the quote bytes
 * @param eventLog the parsed event log
 * @param eventLogJson the event log exactly as returned (a JSON array in a string)
 * @param reportData the echoed 64-byte report data ({@code GetQuote} only)
 * @param vmConfig the unmeasured {@code vm_config} JSON string ({@code GetQuote} only; never a
 *     security input, section 3.2)
 */
public record QuoteResponse(
    Bytes quote,
    EventLog eventLog,
    String eventLogJson,
    Optional<Bytes> reportData,
    Optional<String> vmConfig) {

  /** Rejects null components. */
  public QuoteResponse {
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(eventLogJson, "eventLogJson");
    Objects.requireNonNull(reportData, "reportData");
    Objects.requireNonNull(vmConfig, "vmConfig");
  }

  @Override
  public String toString() {
    return "QuoteResponse[quote " + quote.length() + " bytes, " + eventLog + "]";
  }
}
