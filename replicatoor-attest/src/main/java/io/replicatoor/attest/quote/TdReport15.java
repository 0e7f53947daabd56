package io.replicatoor.attest.quote;

import static io.replicatoor.attest.quote.QuoteLayout.*;

import io.replicatoor.core.bytes.Measurement48;

/**
 * TD report 1.5 (v5 body type 3, 648 bytes): TD 1.0 plus TEE_TCB_SVN2 and MRSERVICETD.
 *
 * @param base the TD 1.0 fields
 * @param teeTcbSvn2 TCB after a TD-preserving module update
 * @param mrServiceTd hash over bound service TDs' TDINFO; zero when none is bound
 */
public record TdReport15(TdReport10 base, TeeTcbSvn teeTcbSvn2, Measurement48 mrServiceTd)
    implements TdReport {

  static TdReport15 read(byte[] b, int off) {
    return new TdReport15(
        TdReport10.read(b, off),
        TeeTcbSvn.of(TdReport10.slice(b, off + TD15_TEE_TCB_SVN2_REL, TD_TEE_TCB_SVN_SIZE)),
        TdReport10.m(b, off + TD15_MRSERVICETD_REL));
  }

  @Override
  public TeeTcbSvn teeTcbSvn() {
    return base.teeTcbSvn();
  }

  @Override
  public Measurement48 mrSeam() {
    return base.mrSeam();
  }

  @Override
  public Measurement48 mrSignerSeam() {
    return base.mrSignerSeam();
  }

  @Override
  public Bytes8 seamAttributes() {
    return base.seamAttributes();
  }

  @Override
  public Bytes8 tdAttributes() {
    return base.tdAttributes();
  }

  @Override
  public Bytes8 xfam() {
    return base.xfam();
  }

  @Override
  public Measurement48 mrTd() {
    return base.mrTd();
  }

  @Override
  public Measurement48 mrConfigId() {
    return base.mrConfigId();
  }

  @Override
  public Measurement48 mrOwner() {
    return base.mrOwner();
  }

  @Override
  public Measurement48 mrOwnerConfig() {
    return base.mrOwnerConfig();
  }

  @Override
  public Measurement48 rtmr0() {
    return base.rtmr0();
  }

  @Override
  public Measurement48 rtmr1() {
    return base.rtmr1();
  }

  @Override
  public Measurement48 rtmr2() {
    return base.rtmr2();
  }

  @Override
  public Measurement48 rtmr3() {
    return base.rtmr3();
  }

  @Override
  public ReportData reportData() {
    return base.reportData();
  }
}
