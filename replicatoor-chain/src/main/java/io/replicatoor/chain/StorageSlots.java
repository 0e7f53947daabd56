package io.replicatoor.chain;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.crypto.Keccak256;
import io.replicatoor.core.measure.MeasurementId;
import java.math.BigInteger;

/** Storage keys of UpgradeOperator version 2 (upgrade-governance.md 3.2 and 5.6). */
public final class StorageSlots {
  /** Slot of {@code mapping(bytes32 => uint256) activeAt}. */
  public static final int ACTIVE_AT_SLOT = 0;

  /** Slot of {@code bytes32 stateKeyFingerprint}. */
  public static final Bytes32 STATE_KEY_FINGERPRINT = Bytes32.ofUnsigned(BigInteger.ONE);

  /** Slot of {@code bytes32[] proposedIds} (holds its length). */
  public static final Bytes32 PROPOSED_IDS_LENGTH = Bytes32.ofUnsigned(BigInteger.TWO);

  /** Value of {@code activeAt} meaning "revoked": {@code type(uint256).max}. */
  public static final BigInteger REVOKED = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private static final BigInteger PROPOSED_IDS_BASE =
      new BigInteger(1, Keccak256.digest(PROPOSED_IDS_LENGTH.toByteArray()));

  private StorageSlots() {}

  /** {@code keccak256(id ‖ uint256(0))}: where {@code activeAt[id]} lives. */
  public static Bytes32 activeAt(Bytes32 id) {
    return Bytes32.of(
        Keccak256.digest(
            id.toByteArray(),
            Bytes32.ofUnsigned(BigInteger.valueOf(ACTIVE_AT_SLOT)).toByteArray()));
  }

  /** {@code activeAt(id.toBytes32())}. */
  public static Bytes32 activeAt(MeasurementId id) {
    return activeAt(id.toBytes32());
  }

  /** {@code keccak256(uint256(2)) + index}: element {@code index} of {@code proposedIds}. */
  public static Bytes32 proposedId(long index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative index");
    }
    return Bytes32.ofUnsigned(
        PROPOSED_IDS_BASE.add(BigInteger.valueOf(index)).mod(BigInteger.ONE.shiftLeft(256)));
  }
}
