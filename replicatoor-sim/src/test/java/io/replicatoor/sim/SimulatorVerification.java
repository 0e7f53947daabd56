package io.replicatoor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.TrustRootKind;
import io.replicatoor.attest.verify.VerifiedQuote;

/** Full verification of simulator quotes under the development root (shared by tests). */
final class SimulatorVerification {
  private SimulatorVerification() {}

  /**
   * Verifies {@code quote} with the DCAP verifier trusting only the setup's dev root, with the
   * collateral the simulator wrote to its state folder, at {@link SimFixtures#NOW}.
   */
  static VerifiedQuote verifyWithDevRoot(byte[] quote, GuestAgentSimulator.Setup setup)
      throws Exception {
    VerifiedQuote v =
        QuoteVerifier.insecureWithCustomTrustRoot(setup.pki().rootCertificate())
            .verify(quote, Collateral.load(setup.collateral().directory()), SimFixtures.NOW);
    assertThat(v.trustRoot()).isEqualTo(TrustRootKind.CUSTOM);
    assertThat(v.collateralVerified()).isTrue();
    assertThat(v.status()).contains(TcbStatus.UP_TO_DATE);
    return v;
  }
}
