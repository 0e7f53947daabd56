package io.replicatoor.chain;

import io.replicatoor.core.bytes.Bytes32;
import java.util.Objects;

/**
 * One storage word of the pinned contract, proven by an account proof (with the pinned code hash)
 * and a storage proof against a {@link VerifiedBlock}. Only the verifier can create one.
 */
public final class ProvenSlot {
  private final Address contract;
  private final Bytes32 slot;
  private final Bytes32 value;
  private final VerifiedBlock block;

  ProvenSlot(Address contract, Bytes32 slot, Bytes32 value, VerifiedBlock block) {
    this.contract = Objects.requireNonNull(contract);
    this.slot = Objects.requireNonNull(slot);
    this.value = Objects.requireNonNull(value);
    this.block = Objects.requireNonNull(block);
  }

  public Address contract() {
    return contract;
  }

  /** The storage key (not hashed). */
  public Bytes32 slot() {
    return slot;
  }

  /** The stored word, left-padded to 32 bytes; zero when the proof shows the slot is absent. */
  public Bytes32 value() {
    return value;
  }

  public VerifiedBlock block() {
    return block;
  }

  @Override
  public String toString() {
    return "ProvenSlot["
        + contract
        + " slot "
        + slot.toPrefixedHex()
        + " = "
        + value.toPrefixedHex()
        + " @ "
        + block.number()
        + "]";
  }
}
