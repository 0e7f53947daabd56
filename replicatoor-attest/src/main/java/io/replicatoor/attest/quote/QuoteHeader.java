package io.replicatoor.attest.quote;

/**
 * The 48-byte quote header (section 1.1).
 *
 * @param version quote version (3, 4 or 5)
 * @param attestationKeyType 2 = ECDSA P-256
 * @param teeType 0 = SGX, 0x81 = TDX
 * @param reserved header bytes 8..12 (QE SVN / PCE SVN in v3; zero in TDX quotes)
 * @param qeVendorId QE vendor id (Intel's is checked at parse time)
 * @param userData 20 bytes of user data (first 16 = QE id)
 */
public record QuoteHeader(
    int version,
    int attestationKeyType,
    long teeType,
    Bytes reserved,
    Bytes16 qeVendorId,
    Bytes userData) {

  /** True for a TDX quote (tee type 0x81). */
  public boolean isTdx() {
    return teeType == QuoteLayout.TEE_TYPE_TDX;
  }
}
