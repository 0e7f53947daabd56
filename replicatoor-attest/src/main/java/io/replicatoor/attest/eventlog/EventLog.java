package io.replicatoor.attest.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.json.BoundedJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed dstack event log: the JSON array of {@link TdxEvent} that GetQuote, TdxQuote and {@code
 * tcb_info} return (dstack-guest-interface.md 4.1), bounded in size and event count.
 */
public final class EventLog {
  /** Largest accepted event-log JSON (real logs are tens of KB; section 1.8). */
  public static final int MAX_JSON_BYTES = 1024 * 1024;

  /** Largest accepted number of events. */
  public static final int MAX_EVENTS = 4096;

  private static final BoundedJson JSON = BoundedJson.withMaxBytes(MAX_JSON_BYTES);
  private static final Set<String> REQUIRED =
      Set.of("imr", "event_type", "digest", "event", "event_payload");
  private static final Set<String> OPTIONAL = Set.of("version", "preimage");

  private final List<TdxEvent> events;

  private EventLog(List<TdxEvent> events) {
    this.events = List.copyOf(events);
  }

  /** A log of the given events (already structurally valid). */
  public static EventLog of(List<TdxEvent> events) throws ReplicatoorException {
    if (events.size() > MAX_EVENTS) {
      throw malformed("event log has " + events.size() + " events, limit " + MAX_EVENTS);
    }
    return new EventLog(events);
  }

  /**
   * Parses the event-log JSON text (the string value of a response's {@code event_log}).
   *
   * @throws ReplicatoorException {@code EVENT_LOG_MALFORMED} naming the event index and field
   */
  public static EventLog parse(String json) throws ReplicatoorException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses event-log JSON bytes; see {@link #parse(String)}. */
  public static EventLog parse(byte[] json) throws ReplicatoorException {
    JsonNode root;
    try {
      root = JSON.read(json);
    } catch (IOException e) {
      throw malformed("event log is not valid JSON: " + e.getMessage());
    }
    return fromJson(root);
  }

  /** Converts an already parsed JSON array (for example {@code tcb_info.event_log}). */
  public static EventLog fromJson(JsonNode root) throws ReplicatoorException {
    if (!root.isArray()) {
      throw malformed("event log must be a JSON array");
    }
    if (root.size() > MAX_EVENTS) {
      throw malformed("event log has " + root.size() + " events, limit " + MAX_EVENTS);
    }
    List<TdxEvent> out = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      out.add(event(root.get(i), i));
    }
    return new EventLog(out);
  }

  private static TdxEvent event(JsonNode n, int index) throws ReplicatoorException {
    String at = "event " + index;
    if (!n.isObject()) {
      throw malformed(at + " is not an object");
    }
    for (Map.Entry<String, JsonNode> field : n.properties()) {
      String k = field.getKey();
      if (!REQUIRED.contains(k) && !OPTIONAL.contains(k)) {
        throw malformed(at + " has unknown field '" + printable(k) + "'");
      }
    }
    for (String k : REQUIRED) {
      if (!n.has(k)) {
        throw malformed(at + " lacks field '" + k + "'");
      }
    }
    long imr = integer(n.get("imr"), at, "imr");
    if (imr < 0 || imr >= TdxEvent.RTMR_COUNT) {
      throw malformed(at + ": imr " + imr + " is not 0..3");
    }
    long type = integer(n.get("event_type"), at, "event_type");
    if (type < 0 || type > 0xFFFF_FFFFL) {
      throw malformed(at + ": event_type " + type + " is not a u32");
    }
    int version = 1;
    if (n.has("version")) {
      long v = integer(n.get("version"), at, "version");
      if (v != 1 && v != 2) {
        throw malformed(at + ": version " + v + " is not 1 or 2");
      }
      version = (int) v;
    }
    Optional<Bytes> preimage = Optional.empty();
    if (n.has("preimage") && !n.get("preimage").isNull()) {
      preimage = Optional.of(hex(n.get("preimage"), at, "preimage"));
    }
    JsonNode name = n.get("event");
    if (!name.isTextual()) {
      throw malformed(at + ": field 'event' must be a string");
    }
    return new TdxEvent(
        (int) imr,
        type,
        hex(n.get("digest"), at, "digest"),
        name.asText(),
        hex(n.get("event_payload"), at, "event_payload"),
        version,
        preimage);
  }

  private static long integer(JsonNode v, String at, String field) throws ReplicatoorException {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw malformed(at + ": field '" + field + "' must be an integer");
    }
    return v.asLong();
  }

  private static Bytes hex(JsonNode v, String at, String field) throws ReplicatoorException {
    if (!v.isTextual()) {
      throw malformed(at + ": field '" + field + "' must be a hex string");
    }
    try {
      return Bytes.fromHex(v.asText());
    } catch (IllegalArgumentException e) {
      throw malformed(at + ": field '" + field + "': " + e.getMessage());
    }
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(s.length(), 64); i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.toString();
  }

  static ReplicatoorException malformed(String message) {
    return new ReplicatoorException(ErrorCode.EVENT_LOG_MALFORMED, message);
  }

  /** The events in log order. */
  public List<TdxEvent> events() {
    return events;
  }

  /** Number of events. */
  public int size() {
    return events.size();
  }

  @Override
  public String toString() {
    return "EventLog[" + events.size() + " events]";
  }
}
