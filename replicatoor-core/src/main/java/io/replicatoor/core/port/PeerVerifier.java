package io.replicatoor.core.port;

import io.replicatoor.core.ReplicatoorException;
import java.time.Instant;
import java.util.Optional;

/**
 * Peer verification: evidence + expected REPORTDATA + time → the peer's claims or a reason.
 * Implemented in attest (parse, DCAP verification at {@code at}, TD-attribute and TCB policy from
 * the measured configuration, RTMR3 event-log replay, measurement id).
 *
 * <p>Contract (core relies on every point; see threat-model.md P1, P5.4, P7, P8, P15):
 *
 * <ol>
 *   <li>the quote is verified with collateral evaluated at {@code at}, never at the quote's time;
 *   <li>debug TDs are {@link PeerVerification.Rejected} with {@code DEBUG_TD}, TCB statuses the
 *       policy refuses with {@code TCB_STATUS_REJECTED} (or the more specific {@code TCB_*} code);
 *   <li>all 64 REPORTDATA bytes are compared with {@code expected}; a difference is {@code
 *       BINDING_MISMATCH} (core compares again, so a lax adapter cannot weaken this);
 *   <li>identity values come only from the replayed log (first occurrence before {@code
 *       system-ready});
 *   <li>{@link PeerClaims#quoteHash()} is SHA-256 of {@code Quote#canonicalBytes()}.
 * </ol>
 */
public interface PeerVerifier {
  /**
   * Verifies {@code evidence} as a peer that must have quoted {@code expected}.
   *
   * @param evidence the peer's quote and event log, as received
   * @param expected the REPORTDATA core rebuilt from the message's transcript
   * @param at trusted verification time
   * @return the claims, or the reason the quote is refused
   * @throws ReplicatoorException when no verdict can be reached at all (for example {@code
   *     COLLATERAL_UNAVAILABLE}); core fails closed
   */
  PeerVerification verify(Evidence evidence, ReportData expected, Instant at)
      throws ReplicatoorException;

  /**
   * The health of the collateral source as of its last use (for {@code /status}); empty when the
   * verifier has no such source (a fixed folder, a test fake).
   */
  default Optional<CollateralHealth> collateralHealth() {
    return Optional.empty();
  }
}
