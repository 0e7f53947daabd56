package io.replicatoor.attest.eventlog;

import io.replicatoor.attest.measure.RuntimeEvent;
import io.replicatoor.attest.measure.TdRegisters;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.measure.Measurement;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@link RtmrReplay#replay}: the four replayed registers, whether the boot part of
 * the log was complete enough to reproduce RTMR0-2, the identities, and the runtime events split at
 * {@code system-ready}.
 */
public final class ReplayResult {
  private final List<Measurement48> rtmrs;
  private final boolean bootLogComplete;
  private final DstackIdentities identities;
  private final List<String> formatErrors;
  private final List<RuntimeEvent> runtimeEvents;
  private final List<RuntimeEvent> appEvents;

  ReplayResult(
      List<Measurement48> rtmrs,
      boolean bootLogComplete,
      DstackIdentities identities,
      List<String> formatErrors,
      List<RuntimeEvent> runtimeEvents,
      List<RuntimeEvent> appEvents) {
    this.rtmrs = List.copyOf(rtmrs);
    this.bootLogComplete = bootLogComplete;
    this.identities = identities;
    this.formatErrors = List.copyOf(formatErrors);
    this.runtimeEvents = List.copyOf(runtimeEvents);
    this.appEvents = List.copyOf(appEvents);
  }

  /** The replayed RTMR {@code index} (0..3). */
  public Measurement48 rtmr(int index) {
    return rtmrs.get(index);
  }

  /** Replayed RTMR0. */
  public Measurement48 rtmr0() {
    return rtmrs.get(0);
  }

  /** Replayed RTMR1. */
  public Measurement48 rtmr1() {
    return rtmrs.get(1);
  }

  /** Replayed RTMR2. */
  public Measurement48 rtmr2() {
    return rtmrs.get(2);
  }

  /** Replayed RTMR3 (from recomputed runtime digests). */
  public Measurement48 rtmr3() {
    return rtmrs.get(3);
  }

  /**
   * True when every boot register (imr 0..2) has events and no boot event had its payload removed;
   * a stripped log (dstack-guest-interface.md 4.2) cannot reproduce RTMR0-2, so only RTMR3 is
   * compared and the quote's RTMR0-2 are used directly.
   */
  public boolean bootLogComplete() {
    return bootLogComplete;
  }

  /**
   * Identity events before system-ready whose payload has the wrong format (4.7); such an event is
   * left out of {@link #identities()} and {@link #requireIdentities()} rejects the log.
   */
  public List<String> identityFormatErrors() {
    return formatErrors;
  }

  /** Identities from the first occurrences before system-ready (well-formed payloads only). */
  public DstackIdentities identities() {
    return identities;
  }

  /** Every imr 3 event in order. */
  public List<RuntimeEvent> runtimeEvents() {
    return runtimeEvents;
  }

  /** The imr 3 events after system-ready (application events; never identities). */
  public List<RuntimeEvent> appEvents() {
    return appEvents;
  }

  /**
   * The registers that differ from {@code quote}: always RTMR3, and RTMR0-2 when {@link
   * #bootLogComplete()}; empty when everything compared matches.
   */
  public List<Integer> mismatchedRtmrs(TdRegisters quote) {
    List<Integer> out = new ArrayList<>();
    List<Measurement48> q = quote.rtmrs();
    for (int i = 0; i < 4; i++) {
      boolean compared = i == 3 || bootLogComplete;
      if (compared && !q.get(i).equals(rtmrs.get(i))) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Checks this replay against a quote's registers (dstack-guest-interface.md 4.5 steps 5-8).
   *
   * @throws ReplicatoorException {@code RTMR_MISMATCH} when a compared register differs; {@code
   *     EVENT_LOG_MALFORMED} when system-ready or a required identity event is missing; {@code
   *     MEASUREMENT_MISMATCH} when MRCONFIGID contradicts the replayed events
   */
  public void verifyAgainst(TdRegisters quote) throws ReplicatoorException {
    // Step 5: replayed RTMR3 (and RTMR0-2 when the boot log is complete) equal the quote.
    List<Integer> bad = mismatchedRtmrs(quote);
    if (!bad.isEmpty()) {
      int i = bad.get(0);
      throw new ReplicatoorException(
          ErrorCode.RTMR_MISMATCH,
          "replayed RTMR"
              + i
              + " "
              + rtmrs.get(i).toHex()
              + " differs from the quote's RTMR"
              + i
              + " "
              + quote.rtmrs().get(i).toHex()
              + (bad.size() > 1 ? " (also RTMR" + bad.subList(1, bad.size()) + ")" : ""));
    }
    // Step 7: exactly one system-ready (repeats were rejected by the replay) and the required
    // identity events before it.
    requireIdentities();
    // Step 8 (MRCONFIGID, 5.4): zero, or consistent with the replayed events.
    MrConfigId.check(quote.mrConfigId(), identities);
  }

  /**
   * Requires well-formed identity payloads, system-ready, and {@code app-id}, {@code compose-hash},
   * {@code instance-id}, {@code key-provider} before it.
   */
  public void requireIdentities() throws ReplicatoorException {
    if (!formatErrors.isEmpty()) {
      throw EventLog.malformed(formatErrors.get(0));
    }
    if (!identities.systemReady()) {
      throw EventLog.malformed("event log has no system-ready event");
    }
    List<String> missing = new ArrayList<>();
    if (identities.appId().isEmpty()) {
      missing.add(RtmrReplay.APP_ID);
    }
    if (identities.composeHash().isEmpty()) {
      missing.add(RtmrReplay.COMPOSE_HASH);
    }
    if (identities.instanceId().isEmpty()) {
      missing.add(RtmrReplay.INSTANCE_ID);
    }
    if (identities.keyProvider().isEmpty()) {
      missing.add(RtmrReplay.KEY_PROVIDER);
    }
    if (!missing.isEmpty()) {
      throw EventLog.malformed("event log lacks " + missing + " before system-ready");
    }
  }

  /**
   * The measurement the chain approves: MRTD and RTMR0-2 from the (verified) quote, the replayed
   * compose hash, and the replayed OS image hash when {@code bindOsImageHash}.
   *
   * @throws ReplicatoorException {@code EVENT_LOG_MALFORMED} when the compose hash, or a required
   *     OS image hash, is absent
   */
  public Measurement measurement(TdRegisters quote, boolean bindOsImageHash)
      throws ReplicatoorException {
    Bytes32 compose =
        identities
            .composeHash()
            .orElseThrow(() -> EventLog.malformed("event log has no compose-hash event"));
    Bytes32 os = Bytes32.ZERO;
    if (bindOsImageHash) {
      os =
          identities
              .osImageHash()
              .orElseThrow(
                  () -> EventLog.malformed("event log has no os-image-hash event to bind"));
    }
    return new Measurement(quote.mrTd(), quote.rtmr0(), quote.rtmr1(), quote.rtmr2(), compose, os);
  }

  @Override
  public String toString() {
    return "ReplayResult[rtmr3="
        + rtmr3()
        + ", bootLogComplete="
        + bootLogComplete
        + ", runtimeEvents="
        + runtimeEvents.size()
        + ", appEvents="
        + appEvents.size()
        + "]";
  }
}
