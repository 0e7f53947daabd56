package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.state.ReplicatedState;

/**
 * Coverage-guided fuzzing of the genesis-evidence codec, the body of {@code POST /genesis} checks
 * (Jazzer; seeds in {@code GenesisEvidenceFuzzTestInputs}).
 *
 * <p>Contract: {@link GenesisEvidence#parse} fails only with {@code MESSAGE_MALFORMED}, {@code
 * PROTOCOL_VERSION_UNSUPPORTED} or {@code STATE_FINGERPRINT_MISMATCH}; what it accepts carries the
 * fingerprint of its own state public key and re-encodes to a message that parses to an equal
 * evidence.
 */
class GenesisEvidenceFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void parse_anyBytes_throwsOnlyMessageErrors_andAcceptedEvidenceRoundTrips(byte[] data) {
    GenesisEvidence g;
    try {
      g = GenesisEvidence.parse(data);
    } catch (ReplicatoorException e) {
      HandoverFuzzing.assertMessageError(e);
      return;
    }
    assertThat(ReplicatedState.fingerprintOf(g.statePublicKey())).isEqualTo(g.fingerprint());
    try {
      assertThat(GenesisEvidence.parse(g.encode())).isEqualTo(g);
    } catch (ReplicatoorException e) {
      throw new AssertionError("accepted genesis evidence does not round-trip", e);
    }
  }
}
