/**
 * API: Intel DCAP collateral as signed, unverified input (dcap-qvl JSON or a folder of Intel
 * PCS/PCCS responses), and the raw-byte scanner that extracts the exact signed JSON bytes ({@code
 * tdx-quote-verification.md} sections 3.6-3.8). Nothing here verifies a signature.
 */
package io.replicatoor.attest.collateral;
