package io.replicatoor.core.port;

import io.replicatoor.core.bytes.Bytes32;
import java.time.Instant;
import java.util.Objects;

/**
 * A block as the verified chain reader knows it: number, hash (recomputed from the header fields)
 * and the header's timestamp (chain time).
 *
 * @param number block number, at least 0
 * @param hash block hash
 * @param timestamp header timestamp
 */
public record ChainBlock(long number, Bytes32 hash, Instant timestamp) {
  /** Checks for nulls and a non-negative number. */
  public ChainBlock {
    if (number < 0) {
      throw new IllegalArgumentException("block number must not be negative");
    }
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
