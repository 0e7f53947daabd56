package io.replicatoor.core.state;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.ImmutableBytes;

/**
 * The state key fingerprint registered (write-once) in {@code UpgradeOperator} slot 1: {@code
 * SHA-256(lp("replicatoor/v1/state-key") ‖ lp(statePublicKey))} with the 65-byte uncompressed SEC1
 * secp256k1 state identity public key (threat-model.md section 1, {@code docs/protocol.md} section
 * 4). Public; never changes for the life of a state.
 */
public final class StateFingerprint extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 32;

  private StateFingerprint(byte[] value) {
    super(value, SIZE, "state fingerprint");
  }

  /** Wraps 32 bytes (for example a slot value read from the chain). */
  public static StateFingerprint of(byte[] value) {
    return new StateFingerprint(value);
  }

  /** Wraps a 32-byte word. */
  public static StateFingerprint of(Bytes32 value) {
    return new StateFingerprint(value.toByteArray());
  }

  /** Parses hex of exactly {@value #SIZE} bytes. */
  public static StateFingerprint fromHex(String hex) {
    return new StateFingerprint(parseHex(hex, "state fingerprint"));
  }

  /** The 32-byte word as stored on chain. */
  public Bytes32 toBytes32() {
    return Bytes32.of(unsafeArray());
  }
}
