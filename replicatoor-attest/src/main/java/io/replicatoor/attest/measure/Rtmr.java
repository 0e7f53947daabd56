package io.replicatoor.attest.measure;

import io.replicatoor.core.bytes.Measurement48;
import java.util.List;

/**
 * The TDX RTMR extend operation and its replay: {@code mr = SHA-384(mr || digest)} starting from 48
 * zero bytes (dstack-guest-interface.md 4.4; TDX module {@code TDG.MR.RTMR.EXTEND}).
 */
public final class Rtmr {
  private Rtmr() {}

  /** One extend step. */
  public static Measurement48 extend(Measurement48 register, Measurement48 digest) {
    return Digests.sha384(register.toByteArray(), digest.toByteArray());
  }

  /** Replays the recomputed digests of {@code events} in order (an expected RTMR3). */
  public static Measurement48 replayEvents(List<RuntimeEvent> events) {
    return replay(events.stream().map(RuntimeEvent::digest).toList());
  }

  /** Replays {@code digests} in order from 48 zero bytes. */
  public static Measurement48 replay(List<Measurement48> digests) {
    Measurement48 mr = Measurement48.ZERO;
    for (Measurement48 d : digests) {
      mr = extend(mr, d);
    }
    return mr;
  }
}
