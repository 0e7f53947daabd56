package io.replicatoor.chain;

import io.replicatoor.core.bytes.Bytes32;
import java.util.List;
import java.util.Objects;

/**
 * A block header whose hash we recomputed from its fields, on which a k-of-n RPC quorum agreed, and
 * which was fresh against trusted time when verified. Only the verifier can create one.
 */
public final class VerifiedBlock {
  private final long number;
  private final Bytes32 hash;
  private final long timestamp;
  private final Bytes32 stateRoot;
  private final List<Integer> sources;

  VerifiedBlock(
      long number, Bytes32 hash, long timestamp, Bytes32 stateRoot, List<Integer> sources) {
    this.sources = List.copyOf(sources);
    this.number = number;
    this.hash = Objects.requireNonNull(hash);
    this.timestamp = timestamp;
    this.stateRoot = Objects.requireNonNull(stateRoot);
  }

  /** Block number. */
  public long number() {
    return number;
  }

  /** keccak256(RLP(header)), recomputed by us. */
  public Bytes32 hash() {
    return hash;
  }

  /** Header timestamp (Unix seconds): the chain time every decision uses. */
  public long timestamp() {
    return timestamp;
  }

  /** State root that account proofs are checked against. */
  public Bytes32 stateRoot() {
    return stateRoot;
  }

  /**
   * The endpoints (indices into the reader's configuration) that served this header; they are asked
   * first for proofs. Only a routing hint: every proof is verified against the state root.
   */
  List<Integer> sources() {
    return sources;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifiedBlock b
        && b.number == number
        && b.hash.equals(hash)
        && b.timestamp == timestamp
        && b.stateRoot.equals(stateRoot);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "VerifiedBlock[number="
        + number
        + ", hash="
        + hash.toPrefixedHex()
        + ", timestamp="
        + timestamp
        + "]";
  }
}
