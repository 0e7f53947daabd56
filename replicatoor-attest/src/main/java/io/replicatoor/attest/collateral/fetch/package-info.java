/**
 * Fetches Intel DCAP collateral from a PCS or PCCS over HTTP and keeps it in an on-disk cache in
 * the PCS folder form; used only outside the verification step (tdx-quote-verification.md 3.2,
 * 3.7).
 */
package io.replicatoor.attest.collateral.fetch;
