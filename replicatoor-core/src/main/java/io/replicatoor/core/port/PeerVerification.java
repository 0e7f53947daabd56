package io.replicatoor.core.port;

import io.replicatoor.core.ErrorCode;
import java.util.Objects;

/** The answer of {@link PeerVerifier#verify}: the peer's claims, or the reason it was refused. */
public sealed interface PeerVerification {

  /**
   * The quote verified, passed policy and replay, and its REPORTDATA equals the expected value.
   *
   * @param claims what was established
   */
  record Verified(PeerClaims claims) implements PeerVerification {
    /** Checks for null. */
    public Verified {
      Objects.requireNonNull(claims, "claims");
    }
  }

  /**
   * The quote was refused.
   *
   * @param code the reason, for example {@code QUOTE_SIGNATURE_INVALID}, {@code
   *     TCB_STATUS_REJECTED}, {@code DEBUG_TD}, {@code POLICY_VIOLATION}, {@code RTMR_MISMATCH} or
   *     {@code BINDING_MISMATCH}
   * @param message a non-secret explanation
   */
  record Rejected(ErrorCode code, String message) implements PeerVerification {
    /** Checks for nulls. */
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }
  }
}
