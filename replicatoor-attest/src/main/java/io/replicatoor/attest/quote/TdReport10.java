package io.replicatoor.attest.quote;

import static io.replicatoor.attest.quote.QuoteLayout.*;

import io.replicatoor.core.bytes.Measurement48;
import java.util.Arrays;

/** TD report 1.0 ({@code sgx_report2_body_t}, 584 bytes; section 1.3). */
public record TdReport10(
    TeeTcbSvn teeTcbSvn,
    Measurement48 mrSeam,
    Measurement48 mrSignerSeam,
    Bytes8 seamAttributes,
    Bytes8 tdAttributes,
    Bytes8 xfam,
    Measurement48 mrTd,
    Measurement48 mrConfigId,
    Measurement48 mrOwner,
    Measurement48 mrOwnerConfig,
    Measurement48 rtmr0,
    Measurement48 rtmr1,
    Measurement48 rtmr2,
    Measurement48 rtmr3,
    ReportData reportData)
    implements TdReport {

  static TdReport10 read(byte[] b, int off) {
    return new TdReport10(
        TeeTcbSvn.of(slice(b, off + TD_TEE_TCB_SVN_REL, TD_TEE_TCB_SVN_SIZE)),
        m(b, off + TD_MRSEAM_REL),
        m(b, off + TD_MRSIGNERSEAM_REL),
        Bytes8.of(slice(b, off + TD_SEAMATTRIBUTES_REL, TD_U64_SIZE)),
        Bytes8.of(slice(b, off + TD_TDATTRIBUTES_REL, TD_U64_SIZE)),
        Bytes8.of(slice(b, off + TD_XFAM_REL, TD_U64_SIZE)),
        m(b, off + TD_MRTD_REL),
        m(b, off + TD_MRCONFIGID_REL),
        m(b, off + TD_MROWNER_REL),
        m(b, off + TD_MROWNERCONFIG_REL),
        m(b, off + TD_RTMR0_REL),
        m(b, off + TD_RTMR0_REL + MEASUREMENT_SIZE),
        m(b, off + TD_RTMR0_REL + 2 * MEASUREMENT_SIZE),
        m(b, off + TD_RTMR0_REL + 3 * MEASUREMENT_SIZE),
        ReportData.of(slice(b, off + TD_REPORTDATA_REL, REPORTDATA_SIZE)));
  }

  static Measurement48 m(byte[] b, int off) {
    return Measurement48.of(slice(b, off, MEASUREMENT_SIZE));
  }

  static byte[] slice(byte[] b, int off, int len) {
    return Arrays.copyOfRange(b, off, Math.addExact(off, len));
  }
}
