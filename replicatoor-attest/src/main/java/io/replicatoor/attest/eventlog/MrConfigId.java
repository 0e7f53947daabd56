package io.replicatoor.attest.eventlog;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.crypto.Keccak256;

/**
 * Checks TDX MRCONFIGID against the replayed events (dstack-guest-interface.md 5.4; dstack {@code
 * dstack-types/src/mr_config.rs}): zero (unused), V1 {@code 01 || compose_hash || 0x00*15}, or V2
 * {@code 02 || keccak256(compose_hash || app_id || kp_kind || kp_id) || 0x00*15}.
 */
public final class MrConfigId {
  /** Version byte at offset 0 of MRCONFIGID. */
  public static final int V1 = 1;

  /** Version byte of the V2 form. */
  public static final int V2 = 2;

  /** Version byte of the V3 form (a JCS document hash; not checkable from the log alone). */
  public static final int V3 = 3;

  private MrConfigId() {}

  /**
   * Accepts zero or a V1/V2 value that matches {@code ids}.
   *
   * @throws ReplicatoorException {@code MEASUREMENT_MISMATCH} when the value contradicts the
   *     events, uses V3 (whose document replicatoor does not receive), or an unknown version
   */
  public static void check(Measurement48 mrConfigId, DstackIdentities ids)
      throws ReplicatoorException {
    if (mrConfigId.isZero()) {
      return;
    }
    int version = mrConfigId.unsignedByte(0);
    Bytes32 compose =
        ids.composeHash()
            .orElseThrow(() -> mismatch("MRCONFIGID is set but the log has no compose-hash event"));
    Measurement48 expected;
    switch (version) {
      case V1 -> expected = pack(V1, compose.toByteArray());
      case V2 -> {
        Bytes appId =
            ids.appId().orElseThrow(() -> mismatch("MRCONFIGID V2 needs an app-id event"));
        KeyProvider kp =
            ids.keyProvider()
                .orElseThrow(() -> mismatch("MRCONFIGID V2 needs a key-provider event"));
        byte[] kpId;
        try {
          kpId = Hex.decode(kp.id());
        } catch (IllegalArgumentException e) {
          throw mismatch("MRCONFIGID V2: key-provider id is not hex");
        }
        byte[] h =
            Keccak256.hash(
                    compose.toByteArray(),
                    appId.toByteArray(),
                    new byte[] {(byte) keyProviderKind(kp.name())},
                    kpId)
                .toByteArray();
        expected = pack(V2, h);
      }
      case V3 -> throw mismatch("MRCONFIGID V3 cannot be checked without its config document");
      default -> throw mismatch("MRCONFIGID has unknown version byte " + version);
    }
    if (!expected.equals(mrConfigId)) {
      throw mismatch(
          "MRCONFIGID "
              + mrConfigId.toHex()
              + " does not match the replayed events (expected V"
              + version
              + " "
              + expected.toHex()
              + ")");
    }
  }

  /** dstack {@code KeyProviderKind}: none 0, local 1, kms 2, tpm 3. */
  static int keyProviderKind(String name) throws ReplicatoorException {
    return switch (name) {
      case "none", "" -> 0;
      case "local-sgx", "local" -> 1;
      case "kms" -> 2;
      case "tpm" -> 3;
      default -> throw mismatch("MRCONFIGID V2: unknown key provider kind");
    };
  }

  /** {@code version || value || zeros} to 48 bytes. */
  static Measurement48 pack(int version, byte[] value) {
    byte[] out = new byte[Measurement48.SIZE];
    out[0] = (byte) version;
    System.arraycopy(value, 0, out, 1, value.length);
    return Measurement48.of(out);
  }

  private static ReplicatoorException mismatch(String message) {
    return new ReplicatoorException(ErrorCode.MEASUREMENT_MISMATCH, message);
  }
}
