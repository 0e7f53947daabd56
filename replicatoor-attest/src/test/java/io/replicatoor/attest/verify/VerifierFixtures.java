package io.replicatoor.attest.verify;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.testing.TdxVectors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Shared helpers for verifier tests. */
final class VerifierFixtures {
  /** One verifier for all tests, so the caches are exercised too. */
  static final QuoteVerifier INTEL = QuoteVerifier.intelProduction();

  private VerifierFixtures() {}

  static Collateral json(String vector) throws ReplicatoorException {
    return Collateral.fromDcapQvlJson(TdxVectors.file(vector, "collateral.json"));
  }

  static Collateral pcs(String vector) throws Exception {
    return Collateral.fromPcsDirectory(TdxVectors.dir(vector));
  }

  /** Runs a verification and returns the error code, or null on success. */
  static ErrorCode code(QuoteVerifier v, byte[] quote, Collateral c, Instant t) {
    try {
      v.verify(quote, c, t);
      return null;
    } catch (ReplicatoorException e) {
      return e.errorCode();
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
