package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;

/** The documented refusals of the hand-over message codecs, shared by their fuzz targets. */
final class HandoverFuzzing {
  private HandoverFuzzing() {}

  /** A refusal of a malformed message: one of the documented codes, with a message. */
  static void assertMessageError(ReplicatoorException e) {
    assertThat(e.errorCode())
        .isIn(
            ErrorCode.MESSAGE_MALFORMED,
            ErrorCode.PROTOCOL_VERSION_UNSUPPORTED,
            ErrorCode.STATE_FINGERPRINT_MISMATCH);
    assertThat(e.getMessage()).isNotBlank();
  }
}
