package io.replicatoor.attest.measure;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import java.util.List;

/**
 * The pre-event-log RTMR3 scheme of the original Python project (dstack@01eb9b42 {@code
 * calc_rtmr3.py}; dstack-guest-interface.md 8): three 32-byte values, each right-padded with 16
 * zero bytes and extended, with no event type or name.
 */
public final class LegacyRtmr3 {
  private LegacyRtmr3() {}

  /**
   * {@code replay(rootfs_hash, SHA-256(compose bytes), SHA-256(CA certificate PEM bytes))}.
   *
   * @param rootfsHash the rootfs hash from the VM's config.json
   * @param composeBytes the exact docker-compose/app-compose file bytes (their hash was the app id)
   * @param caCertBytes the exact KMS CA certificate PEM bytes
   */
  public static Measurement48 compute(Bytes32 rootfsHash, byte[] composeBytes, byte[] caCertBytes) {
    return replayPadded(
        List.of(rootfsHash, Digests.sha256(composeBytes), Digests.sha256(caCertBytes)));
  }

  /**
   * Extends each value right-padded to 48 bytes with zeros: {@code mr = SHA-384(mr || v ||
   * 0x00*16)}.
   */
  public static Measurement48 replayPadded(List<Bytes32> values) {
    Measurement48 mr = Measurement48.ZERO;
    for (Bytes32 v : values) {
      byte[] padded = new byte[Measurement48.SIZE];
      System.arraycopy(v.toByteArray(), 0, padded, 0, Bytes32.SIZE);
      mr = Rtmr.extend(mr, Measurement48.of(padded));
    }
    return mr;
  }
}
