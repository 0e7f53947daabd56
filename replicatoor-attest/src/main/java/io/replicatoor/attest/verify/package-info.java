/**
 * API: DCAP quote verification with Intel QVL semantics ({@code tdx-quote-verification.md} section
 * 4): {@link io.replicatoor.attest.verify.QuoteVerifier} turns quote bytes, collateral, a pinned
 * root and an explicit instant into a {@link io.replicatoor.attest.verify.VerifiedQuote} or a
 * specific {@link io.replicatoor.core.ReplicatoorException}. Pure: no clock, no network.
 */
package io.replicatoor.attest.verify;
