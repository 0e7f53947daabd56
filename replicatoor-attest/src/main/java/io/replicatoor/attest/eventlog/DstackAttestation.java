package io.replicatoor.attest.eventlog;

import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ReplicatoorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dstack {@code VersionedAttestation::V0} (legacy SCALE form returned by {@code Attest} and
 * served by the simulator): quote, event log, runtime events, report data and config
 * (dstack-guest-interface.md 11, "SCALE V0 layout").
 *
 * @param quote the TDX quote bytes
 * @param eventLog the TDX event log (runtime digests may be empty)
 * @param runtimeEvents the runtime events as listed separately (checked equal to the imr 3 events)
 * @param reportData the 64-byte report data
 * @param config the config JSON string (unmeasured)
 */
public record DstackAttestation(
    Bytes quote,
    EventLog eventLog,
    List<RuntimeEvent> runtimeEvents,
    Bytes reportData,
    String config) {

  /** {@code VersionedAttestation} variant byte of V0. */
  public static final int VARIANT_V0 = 0;

  /** {@code AttestationQuote} variant byte of {@code DstackTdx}. */
  public static final int QUOTE_DSTACK_TDX = 0;

  /** Size of {@code report_data: [u8; 64]}. */
  public static final int REPORT_DATA_SIZE = 64;

  /** Largest accepted attestation. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** Rejects null components. */
  public DstackAttestation {
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(eventLog, "eventLog");
    runtimeEvents = List.copyOf(runtimeEvents);
    Objects.requireNonNull(reportData, "reportData");
    Objects.requireNonNull(config, "config");
  }

  /**
   * Decodes the SCALE bytes.
   *
   * @throws ReplicatoorException {@code EVENT_LOG_MALFORMED} naming the field and offset
   */
  public static DstackAttestation parseScale(byte[] bytes) throws ReplicatoorException {
    if (bytes.length > MAX_BYTES) {
      throw ScaleReader.malformed(bytes.length + " bytes exceed the limit " + MAX_BYTES);
    }
    ScaleReader r = new ScaleReader(bytes);
    int variant = r.u8("variant");
    if (variant != VARIANT_V0) {
      throw ScaleReader.malformed("variant " + variant + " is not V0 (msgpack V1 is unsupported)");
    }
    int kind = r.u8("quote kind");
    if (kind != QUOTE_DSTACK_TDX) {
      throw ScaleReader.malformed("quote kind " + kind + " is not DstackTdx");
    }
    Bytes quote = Bytes.of(r.vec("quote"));
    int n = r.compact("event_log length");
    if (n > EventLog.MAX_EVENTS) {
      throw ScaleReader.malformed("event_log has " + n + " events, limit " + EventLog.MAX_EVENTS);
    }
    List<TdxEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String at = "event_log[" + i + "]";
      long imr = r.u32(at + ".imr");
      if (imr >= TdxEvent.RTMR_COUNT) {
        throw ScaleReader.malformed(at + ": imr " + imr + " is not 0..3");
      }
      long type = r.u32(at + ".event_type");
      Bytes digest = Bytes.of(r.vec(at + ".digest"));
      String name = r.string(at + ".event");
      Bytes payload = Bytes.of(r.vec(at + ".event_payload"));
      events.add(new TdxEvent((int) imr, type, digest, name, payload, 1, Optional.empty()));
    }
    int m = r.compact("runtime_events length");
    if (m > EventLog.MAX_EVENTS) {
      throw ScaleReader.malformed("runtime_events has " + m + " entries");
    }
    List<RuntimeEvent> runtime = new ArrayList<>(m);
    for (int i = 0; i < m; i++) {
      String name = r.string("runtime_events[" + i + "].event");
      Bytes payload = Bytes.of(r.vec("runtime_events[" + i + "].payload"));
      try {
        runtime.add(RuntimeEvent.v1(name, payload));
      } catch (IllegalArgumentException e) {
        throw ScaleReader.malformed("runtime_events[" + i + "]: " + e.getMessage());
      }
    }
    Bytes reportData = Bytes.of(r.bytes(REPORT_DATA_SIZE, "report_data"));
    String config = r.string("config");
    if (r.remaining() != 0) {
      throw ScaleReader.malformed(r.remaining() + " trailing bytes at offset " + r.position());
    }
    // The separate runtime_events list must describe the same imr 3 events as the log.
    List<TdxEvent> imr3 = events.stream().filter(e -> e.imr() == TdxEvent.RUNTIME_IMR).toList();
    if (imr3.size() != runtime.size()) {
      throw ScaleReader.malformed(
          "runtime_events has "
              + runtime.size()
              + " entries, event_log has "
              + imr3.size()
              + " imr 3 events");
    }
    for (int i = 0; i < runtime.size(); i++) {
      if (!imr3.get(i).event().equals(runtime.get(i).name())
          || !imr3.get(i).payload().equals(runtime.get(i).payload())) {
        throw ScaleReader.malformed("runtime_events[" + i + "] differs from the imr 3 event");
      }
    }
    return new DstackAttestation(quote, EventLog.of(events), runtime, reportData, config);
  }
}
