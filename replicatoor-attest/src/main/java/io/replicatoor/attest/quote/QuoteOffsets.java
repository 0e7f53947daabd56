package io.replicatoor.attest.quote;

/**
 * Where each part of one parsed quote sits (absolute offsets), for diagnostics and negative tests.
 *
 * @param bodyOffset first body byte (48 or 54)
 * @param bodySize body length
 * @param signedLength end of the signed region {@code [0, signedLength)}
 * @param signatureDataOffset {@code s}: first byte after {@code signature_data_len}
 * @param signatureDataEnd end of the signature data; bytes after it are trailing
 * @param qeReportOffset first QE report byte
 * @param qeReportSignatureOffset first QE report signature byte
 * @param qeAuthDataOffset first QE auth data byte
 * @param qeAuthDataSize QE auth data length
 * @param certificationDataOffset first PEM byte
 * @param certificationDataSize PEM length
 * @param trailingBytes bytes after the signature data (ignored, never signed)
 */
public record QuoteOffsets(
    int bodyOffset,
    int bodySize,
    int signedLength,
    int signatureDataOffset,
    int signatureDataEnd,
    int qeReportOffset,
    int qeReportSignatureOffset,
    int qeAuthDataOffset,
    int qeAuthDataSize,
    int certificationDataOffset,
    int certificationDataSize,
    int trailingBytes) {}
