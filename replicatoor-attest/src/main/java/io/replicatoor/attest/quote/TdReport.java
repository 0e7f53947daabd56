package io.replicatoor.attest.quote;

import io.replicatoor.core.bytes.Measurement48;

/** A TD report body (TD 1.0 or TD 1.5, section 1.3). */
public sealed interface TdReport extends QuoteBody permits TdReport10, TdReport15 {
  TeeTcbSvn teeTcbSvn();

  Measurement48 mrSeam();

  Measurement48 mrSignerSeam();

  Bytes8 seamAttributes();

  Bytes8 tdAttributes();

  Bytes8 xfam();

  Measurement48 mrTd();

  Measurement48 mrConfigId();

  Measurement48 mrOwner();

  Measurement48 mrOwnerConfig();

  Measurement48 rtmr0();

  Measurement48 rtmr1();

  Measurement48 rtmr2();

  Measurement48 rtmr3();

  /** RTMR {@code index} (0..3). */
  default Measurement48 rtmr(int index) {
    return switch (index) {
      case 0 -> rtmr0();
      case 1 -> rtmr1();
      case 2 -> rtmr2();
      case 3 -> rtmr3();
      default -> throw new IndexOutOfBoundsException("RTMR index " + index + " not in 0..3");
    };
  }
}
