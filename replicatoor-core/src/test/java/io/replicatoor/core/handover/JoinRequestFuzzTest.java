package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Hex;

/**
 * Coverage-guided fuzzing of the join-request codec (Jazzer; seeds in {@code
 * JoinRequestFuzzTestInputs}): the JSON message of {@code POST /onboard} and its {@code quote}
 * container, which the form-encoded original flow carries alone.
 *
 * <p>Contract: {@link JoinRequest#parse} and {@link JoinRequest#fromFields} fail only with {@code
 * MESSAGE_MALFORMED} or {@code PROTOCOL_VERSION_UNSUPPORTED}; what they accept re-encodes to a
 * message that parses to an equal request, by either path.
 */
class JoinRequestFuzzTest {
  private static final String PUBK = "11".repeat(JoinRequest.PUBK_BYTES);

  @FuzzTest(maxDuration = "5s")
  void parse_anyBytes_throwsOnlyMessageErrors_andAcceptedRequestsRoundTrip(byte[] data) {
    try {
      roundTrip(JoinRequest.parse(data));
    } catch (ReplicatoorException e) {
      HandoverFuzzing.assertMessageError(e);
    }
    // The same bytes as the quote container of the form-encoded flow.
    try {
      JoinRequest r = JoinRequest.fromFields(PUBK, Hex.encode(data));
      assertThat(r.quoteField()).isEqualTo(Hex.encode(data));
      roundTrip(r);
    } catch (ReplicatoorException e) {
      HandoverFuzzing.assertMessageError(e);
    }
  }

  private static void roundTrip(JoinRequest r) {
    try {
      assertThat(JoinRequest.parse(r.encode())).isEqualTo(r);
      assertThat(JoinRequest.fromFields(r.pubkField(), r.quoteField())).isEqualTo(r);
    } catch (ReplicatoorException e) {
      throw new AssertionError("an accepted join request does not round-trip", e);
    }
  }
}
