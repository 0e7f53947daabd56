package io.replicatoor.core.handover;

import io.replicatoor.core.bytes.Bytes32;
import java.util.Objects;

/**
 * The freshness anchor of a join: number and hash of a block from B's own verified read. A accepts
 * it only if its own verified reader agrees on it and it is younger than the max join age.
 *
 * @param number block number
 * @param hash block hash
 */
public record BlockAnchor(long number, Bytes32 hash) {
  /** Checks for null and a non-negative number. */
  public BlockAnchor {
    if (number < 0) {
      throw new IllegalArgumentException("block number must not be negative");
    }
    Objects.requireNonNull(hash, "hash");
  }
}
