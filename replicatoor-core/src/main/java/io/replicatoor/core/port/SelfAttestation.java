package io.replicatoor.core.port;

import io.replicatoor.core.ReplicatoorException;

/**
 * Evidence of self: "quote these 64 bytes". Implemented in attest by the guest-agent client ({@code
 * GetQuote} on {@code dstack.sock}, fallback {@code Tappd.RawQuote}).
 *
 * <p>Contract: the 64 bytes are passed to the agent unchanged as REPORTDATA (never hashed, never
 * padded, never {@code Tappd.TdxQuote}); the returned quote is the agent's answer, unmodified, with
 * the event log of the same call; {@link OwnEvidence#quoteHash()} is SHA-256 of the quote's
 * canonical bytes, computed exactly as {@link PeerVerifier} computes it for peers.
 */
public interface SelfAttestation {
  /**
   * Asks the agent for a quote over {@code reportData}.
   *
   * @throws ReplicatoorException with {@code AGENT_*} codes when the agent cannot answer, or {@code
   *     QUOTE_MALFORMED} when its quote cannot be parsed for the canonical hash
   */
  OwnEvidence quote(ReportData reportData) throws ReplicatoorException;
}
