package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ReplicatoorException;

/**
 * Coverage-guided fuzzing of the transfer-bundle codec, the body of {@code POST /receiveKey}
 * (Jazzer; seeds in {@code TransferBundleFuzzTestInputs}).
 *
 * <p>Contract: {@link TransferBundle#parse} fails only with {@code MESSAGE_MALFORMED} or {@code
 * PROTOCOL_VERSION_UNSUPPORTED}; what it accepts re-encodes to a message that parses to an equal
 * bundle.
 */
class TransferBundleFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void parse_anyBytes_throwsOnlyMessageErrors_andAcceptedBundlesRoundTrip(byte[] data) {
    TransferBundle b;
    try {
      b = TransferBundle.parse(data);
    } catch (ReplicatoorException e) {
      HandoverFuzzing.assertMessageError(e);
      return;
    }
    try {
      assertThat(TransferBundle.parse(b.encode())).isEqualTo(b);
    } catch (ReplicatoorException e) {
      throw new AssertionError("an accepted transfer bundle does not round-trip", e);
    }
  }
}
