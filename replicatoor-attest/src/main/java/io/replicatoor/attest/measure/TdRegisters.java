package io.replicatoor.attest.measure;

import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.TdReport;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Measurement48;
import java.util.List;
import java.util.Objects;

/**
 * The TD measurement registers of one quote body that event-log checks compare against: MRTD,
 * MRCONFIGID and RTMR0-3 (tdx-quote-verification.md, TD report body).
 *
 * @param mrTd MRTD
 * @param mrConfigId MRCONFIGID (48 zero bytes when the VMM does not set it)
 * @param rtmr0 RTMR0
 * @param rtmr1 RTMR1
 * @param rtmr2 RTMR2
 * @param rtmr3 RTMR3
 */
public record TdRegisters(
    Measurement48 mrTd,
    Measurement48 mrConfigId,
    Measurement48 rtmr0,
    Measurement48 rtmr1,
    Measurement48 rtmr2,
    Measurement48 rtmr3) {

  /** Rejects null components. */
  public TdRegisters {
    Objects.requireNonNull(mrTd, "mrTd");
    Objects.requireNonNull(mrConfigId, "mrConfigId");
    Objects.requireNonNull(rtmr0, "rtmr0");
    Objects.requireNonNull(rtmr1, "rtmr1");
    Objects.requireNonNull(rtmr2, "rtmr2");
    Objects.requireNonNull(rtmr3, "rtmr3");
  }

  /**
   * The registers of a parsed TDX quote's TD report body.
   *
   * @throws ReplicatoorException {@code QUOTE_UNSUPPORTED} for an SGX quote
   */
  public static TdRegisters of(Quote quote) throws ReplicatoorException {
    if (!quote.isTdx()) {
      throw new ReplicatoorException(ErrorCode.QUOTE_UNSUPPORTED, "not a TDX quote");
    }
    TdReport td = quote.body();
    return new TdRegisters(
        td.mrTd(), td.mrConfigId(), td.rtmr0(), td.rtmr1(), td.rtmr2(), td.rtmr3());
  }

  /** RTMR0..RTMR3 in index order. */
  public List<Measurement48> rtmrs() {
    return List.of(rtmr0, rtmr1, rtmr2, rtmr3);
  }
}
