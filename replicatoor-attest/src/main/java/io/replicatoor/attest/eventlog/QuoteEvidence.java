package io.replicatoor.attest.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.json.BoundedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A quote (when present) and its event log, read from one of the forms a guest agent produces: a
 * GetQuote/TdxQuote/RawQuote response ({@code quote} + {@code event_log} string), a bare event-log
 * JSON array, an {@code {"attestation": "<hex>"}} object or raw bytes of a SCALE {@code
 * VersionedAttestation::V0}.
 *
 * @param quote the quote bytes when the input carries one
 * @param eventLog the event log
 * @param format which input form was recognised
 */
public record QuoteEvidence(Optional<Bytes> quote, EventLog eventLog, Format format) {

  /** Largest accepted input (a response with a quote and a full log is tens of KB). */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final BoundedJson JSON = BoundedJson.withMaxBytes(MAX_BYTES);

  /** The recognised input form. */
  public enum Format {
    /** {@code {"quote": .., "event_log": ".."}} (GetQuote, Tappd.TdxQuote, Tappd.RawQuote). */
    AGENT_RESPONSE,
    /** {@code [ {..}, .. ]}. */
    BARE_EVENT_LOG,
    /** {@code {"attestation": "<hex SCALE V0>"}}. */
    ATTESTATION_JSON,
    /** SCALE {@code VersionedAttestation::V0} bytes (simulator {@code attestation.bin}). */
    ATTESTATION_SCALE
  }

  /** Rejects null components. */
  public QuoteEvidence {
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(eventLog, "eventLog");
    Objects.requireNonNull(format, "format");
  }

  /**
   * Recognises and parses {@code input}.
   *
   * @throws ReplicatoorException {@code EVENT_LOG_MALFORMED} when the input is none of the forms or
   *     its event log is malformed
   */
  public static QuoteEvidence parse(byte[] input) throws ReplicatoorException {
    if (input.length > MAX_BYTES) {
      throw EventLog.malformed(
          "input of " + input.length + " bytes exceeds the limit " + MAX_BYTES);
    }
    if (input.length > 0 && input[0] == DstackAttestation.VARIANT_V0) {
      DstackAttestation a = DstackAttestation.parseScale(input);
      return new QuoteEvidence(Optional.of(a.quote()), a.eventLog(), Format.ATTESTATION_SCALE);
    }
    JsonNode root;
    try {
      root = JSON.read(input);
    } catch (IOException e) {
      throw EventLog.malformed("input is not JSON or SCALE: " + e.getMessage());
    }
    if (root.isArray()) {
      return new QuoteEvidence(Optional.empty(), EventLog.fromJson(root), Format.BARE_EVENT_LOG);
    }
    if (!root.isObject()) {
      throw EventLog.malformed("input must be a JSON object or array");
    }
    if (root.has("attestation") && !root.has("event_log")) {
      DstackAttestation a = DstackAttestation.parseScale(hex(root, "attestation").toByteArray());
      return new QuoteEvidence(Optional.of(a.quote()), a.eventLog(), Format.ATTESTATION_JSON);
    }
    JsonNode log = root.get("event_log");
    if (log == null) {
      throw EventLog.malformed("input object has neither 'event_log' nor 'attestation'");
    }
    EventLog parsed;
    if (log.isTextual()) {
      parsed = EventLog.parse(log.asText()); // the usual form: a string holding a JSON array
    } else if (log.isArray()) {
      parsed = EventLog.fromJson(log); // tcb_info form
    } else {
      throw EventLog.malformed("'event_log' must be a string or an array");
    }
    Optional<Bytes> quote = root.has("quote") ? Optional.of(hex(root, "quote")) : Optional.empty();
    return new QuoteEvidence(quote, parsed, Format.AGENT_RESPONSE);
  }

  /**
   * Reads a quote file: raw quote bytes, or hex text (optional {@code 0x}, surrounding whitespace
   * ignored) such as {@code quote.hex}.
   *
   * @throws ReplicatoorException {@code QUOTE_MALFORMED} when hex text is not valid hex
   */
  public static Bytes quoteFromFile(byte[] file) throws ReplicatoorException {
    String text = new String(file, StandardCharsets.ISO_8859_1).strip();
    boolean hexText = !text.isEmpty();
    for (int i = 0; i < text.length() && hexText; i++) {
      char c = text.charAt(i);
      hexText = Character.digit(c, 16) >= 0 || (i == 1 && (c == 'x' || c == 'X'));
    }
    if (!hexText) {
      return Bytes.of(file);
    }
    try {
      return Bytes.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(ErrorCode.QUOTE_MALFORMED, "quote hex: " + e.getMessage());
    }
  }

  private static Bytes hex(JsonNode root, String field) throws ReplicatoorException {
    JsonNode n = root.get(field);
    if (!n.isTextual()) {
      throw new ReplicatoorException(
          ErrorCode.EVENT_LOG_MALFORMED, "'" + field + "' must be a hex string");
    }
    try {
      return Bytes.fromHex(n.asText());
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(
          ErrorCode.EVENT_LOG_MALFORMED, "'" + field + "': " + e.getMessage());
    }
  }
}
