package io.replicatoor.chain;

import io.replicatoor.core.bytes.Bytes32;

/**
 * What an instance may do about state, given the proven {@code stateKeyFingerprint} (slot 1) and
 * the fingerprint of the state it holds or is offered (threat-model.md P4; upgrade-governance.md
 * 3.6 steps 4–6).
 */
public enum GenesisStatus {
  /** Slot 1 is zero: a genesis candidate may create state and publish it, but must not serve. */
  UNREGISTERED,
  /** Slot 1 equals our fingerprint: this is the one true state; serve it. */
  MATCHES,
  /** Slot 1 holds another fingerprint: never use this state; wipe it and wait to be onboarded. */
  DIFFERENT;

  /** Compares the proven registered fingerprint with {@code ours}. */
  public static GenesisStatus of(ProvenSlot registered, Bytes32 ours) {
    Bytes32 v = registered.value();
    if (!registered.slot().equals(StorageSlots.STATE_KEY_FINGERPRINT)) {
      throw new IllegalArgumentException(
          "not the stateKeyFingerprint slot: " + registered.slot().toPrefixedHex());
    }
    if (v.isZero()) {
      return UNREGISTERED;
    }
    return v.equals(ours) ? MATCHES : DIFFERENT;
  }
}
