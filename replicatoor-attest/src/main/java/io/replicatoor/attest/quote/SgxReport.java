package io.replicatoor.attest.quote;

import static io.replicatoor.attest.quote.QuoteLayout.*;

import io.replicatoor.core.bytes.Bytes32;

/** An SGX enclave report body (384 bytes, section 1.6): the v3 quote body and every QE report. */
public record SgxReport(
    Bytes16 cpuSvn,
    long miscSelect,
    Bytes16 attributes,
    Bytes32 mrEnclave,
    Bytes32 mrSigner,
    int isvProdId,
    int isvSvn,
    ReportData reportData)
    implements QuoteBody {

  static SgxReport read(byte[] b, int off) {
    return new SgxReport(
        Bytes16.of(TdReport10.slice(b, off + SGX_CPUSVN_REL, SGX_CPUSVN_SIZE)),
        u32(b, off + SGX_MISCSELECT_REL),
        Bytes16.of(TdReport10.slice(b, off + SGX_ATTRIBUTES_REL, SGX_ATTRIBUTES_SIZE)),
        Bytes32.of(TdReport10.slice(b, off + SGX_MRENCLAVE_REL, SGX_HASH_SIZE)),
        Bytes32.of(TdReport10.slice(b, off + SGX_MRSIGNER_REL, SGX_HASH_SIZE)),
        u16(b, off + SGX_ISVPRODID_REL),
        u16(b, off + SGX_ISVSVN_REL),
        ReportData.of(TdReport10.slice(b, off + SGX_REPORTDATA_REL, REPORTDATA_SIZE)));
  }

  /** True when ATTRIBUTES flags bit 1 (DEBUG) is set. */
  public boolean isDebug() {
    return (attributes.unsignedByte(0) & SGX_ATTRIBUTE_DEBUG) != 0;
  }

  private static int u16(byte[] b, int off) {
    return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int off) {
    return (b[off] & 0xFFL)
        | (b[off + 1] & 0xFFL) << 8
        | (b[off + 2] & 0xFFL) << 16
        | (b[off + 3] & 0xFFL) << 24;
  }
}
