package io.replicatoor.core.port;

import java.util.Objects;

/**
 * What {@link SelfAttestation} returns: this instance's evidence and the SHA-256 of its quote's
 * canonical bytes ({@code Quote#canonicalBytes()} in attest), the same value a peer's {@link
 * PeerVerifier} reports as {@link PeerClaims#quoteHash()} for this quote.
 *
 * @param evidence the quote and event log
 * @param quoteHash SHA-256 of the quote's canonical bytes
 */
public record OwnEvidence(Evidence evidence, Sha256Hash quoteHash) {
  /** Checks for nulls. */
  public OwnEvidence {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(quoteHash, "quoteHash");
  }
}
