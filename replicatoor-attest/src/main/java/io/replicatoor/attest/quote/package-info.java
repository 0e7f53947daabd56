/**
 * API: parsing of raw SGX/TDX DCAP quotes (versions 3, 4 and 5) into immutable typed values, and
 * the fixed-width byte value types ({@code Bytes}, {@code Bytes8/16/32}, {@code Measurement48},
 * {@code ReportData}, ...) that the rest of the attest module shares.
 *
 * <p>Nothing here verifies a signature; see {@code io.replicatoor.attest.verify}. Every offset and
 * size is a named constant in {@link io.replicatoor.attest.quote.QuoteLayout}, citing {@code
 * tdx-quote-verification.md} section 1.
 */
package io.replicatoor.attest.quote;
