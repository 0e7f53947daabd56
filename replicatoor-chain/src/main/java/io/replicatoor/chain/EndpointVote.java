package io.replicatoor.chain;

import io.replicatoor.core.bytes.Bytes32;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one endpoint answered in a quorum round, for error reports: its redacted address (scheme,
 * host and port only), the block number and recomputed hash it reported when it sent a header, and
 * what was wrong with the answer otherwise.
 *
 * @param endpoint scheme, host and port of the endpoint
 * @param number the block number it reported, when it sent a parsable header
 * @param hash the recomputed hash of that header, when it sent a parsable header
 * @param outcome {@code header}, {@code forged header}, {@code header from the future}, {@code
 *     wrong chain}, {@code block not found}, {@code no answer yet} or {@code failed: ...}
 */
public record EndpointVote(
    String endpoint, OptionalLong number, Optional<Bytes32> hash, String outcome) {

  @Override
  public String toString() {
    return endpoint
        + " "
        + (number.isPresent() ? "block " + number.getAsLong() + " " : "")
        + hash.map(h -> h.toPrefixedHex() + " ").orElse("")
        + "("
        + outcome
        + ")";
  }
}
