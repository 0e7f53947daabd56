package io.replicatoor.attest.eventlog;

import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.quote.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a dstack event log ({@code TdxEvent}, dstack-guest-interface.md 4.1) exactly as the
 * log states it; nothing in it is trusted until {@link RtmrReplay} has checked it.
 *
 * @param imr 0-based RTMR index (0..3)
 * @param eventType the u32 event type ({@code 0x08000001} for runtime events)
 * @param digest the logged digest; may be empty for runtime events (stripped logs)
 * @param event the event name; empty for most boot events
 * @param payload the event payload
 * @param version runtime event digest version (1 when absent, 2 for V2 events)
 * @param preimage the V2 preimage when the log carries one
 */
public record TdxEvent(
    int imr,
    long eventType,
    Bytes digest,
    String event,
    Bytes payload,
    int version,
    Optional<Bytes> preimage) {

  /** Number of RTMRs (TDX: RTMR0..RTMR3). */
  public static final int RTMR_COUNT = 4;

  /** The RTMR that runtime events extend. */
  public static final int RUNTIME_IMR = 3;

  /** Checks ranges; semantic checks happen in {@link RtmrReplay}. */
  public TdxEvent {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(preimage, "preimage");
    if (imr < 0 || imr >= RTMR_COUNT) {
      throw new IllegalArgumentException("imr must be 0..3, got " + imr);
    }
    if (eventType < 0 || eventType > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("event_type must be a u32, got " + eventType);
    }
  }

  /** A V1 runtime event in imr 3 with an empty (stripped) digest. */
  public static TdxEvent runtime(String name, Bytes payload) {
    return new TdxEvent(
        RUNTIME_IMR, RuntimeEvent.EVENT_TYPE, Bytes.empty(), name, payload, 1, Optional.empty());
  }

  /** True for the dstack runtime event type. */
  public boolean isRuntimeType() {
    return eventType == RuntimeEvent.EVENT_TYPE;
  }

  /** This entry's name and payload as a runtime event (digest recomputed, never copied). */
  public RuntimeEvent toRuntimeEvent() {
    return new RuntimeEvent(event, payload, version);
  }

  /** The same entry with another digest (tests and tamper tables). */
  public TdxEvent withDigest(Bytes newDigest) {
    return new TdxEvent(imr, eventType, newDigest, event, payload, version, preimage);
  }

  /** The same entry with another payload. */
  public TdxEvent withPayload(Bytes newPayload) {
    return new TdxEvent(imr, eventType, digest, event, newPayload, version, preimage);
  }

  /** The same entry with another imr index. */
  public TdxEvent withImr(int newImr) {
    return new TdxEvent(newImr, eventType, digest, event, payload, version, preimage);
  }

  /** The same entry with another event type. */
  public TdxEvent withEventType(long newType) {
    return new TdxEvent(imr, newType, digest, event, payload, version, preimage);
  }

  /** A short, printable description for error messages (name truncated and sanitised). */
  String describe(int index) {
    StringBuilder sb = new StringBuilder();
    sb.append("event ").append(index).append(" (imr ").append(imr);
    if (!event.isEmpty()) {
      sb.append(", '");
      int n = Math.min(event.length(), 64);
      for (int i = 0; i < n; i++) {
        char c = event.charAt(i);
        sb.append(c >= 0x20 && c < 0x7f ? c : '?');
      }
      if (event.length() > n) {
        sb.append("...");
      }
      sb.append('\'');
    }
    return sb.append(')').toString();
  }

  @Override
  public String toString() {
    return describe(-1);
  }
}
