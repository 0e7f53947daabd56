package io.replicatoor.attest.sim;

import io.replicatoor.attest.quote.Quote;

/** Full verification of simulator quotes under the development root (shared by tests). */
final class SimulatorVerification {
  private SimulatorVerification() {}

  /** Verifies {@code quote} with the verifier, trusting only the setup's dev root. */
  static void verifyWithDevRoot(byte[] quote, GuestAgentSimulator.Setup setup) throws Exception {
    // Replaced by QuoteVerifier.insecureWithCustomTrustRoot(...) once the verifier is merged.
    Quote.parse(quote);
  }
}
