package io.replicatoor.attest.quote;

import java.util.List;

/**
 * The ECDSA signature data after the body (sections 1.4 and 1.7).
 *
 * @param quoteSignature 64-byte {@code r || s} over the signed region, by the attestation key
 * @param attestationKey 64-byte {@code x || y} P-256 public key
 * @param qeReport the quoting enclave's report
 * @param qeReportBytes the exact 384 bytes the PCK leaf signed
 * @param qeReportSignature 64-byte {@code r || s} by the PCK leaf key
 * @param qeAuthData QE authentication data (hashed into the QE report data)
 * @param certificationDataType inner certification data type (5 = PCK chain)
 * @param certificationData raw certification data (PEM text, possibly NUL-terminated)
 * @param pckCertificatesDer DER of the three chain certificates, leaf first
 */
public record QuoteSignatureData(
    Bytes quoteSignature,
    Bytes attestationKey,
    SgxReport qeReport,
    Bytes qeReportBytes,
    Bytes qeReportSignature,
    Bytes qeAuthData,
    int certificationDataType,
    Bytes certificationData,
    List<Bytes> pckCertificatesDer) {

  public QuoteSignatureData {
    pckCertificatesDer = List.copyOf(pckCertificatesDer);
  }
}
