/**
 * API: the relying-party policy applied to a {@link io.replicatoor.attest.verify.VerifiedQuote}
 * ({@code tdx-quote-verification.md} sections 6-7): accepted TCB statuses, TD attributes, XFAM,
 * MRSERVICETD, collateral freshness. Every violation is reported, not just the first.
 */
package io.replicatoor.attest.policy;
