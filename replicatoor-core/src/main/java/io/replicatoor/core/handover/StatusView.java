package io.replicatoor.core.handover;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.CollateralHealth;
import io.replicatoor.core.port.PendingUpgrades;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The public, allow-listed status of an instance (threat-model.md P11.2): no field can hold a
 * secret.
 *
 * @param phase the instance's state
 * @param protocolVersion the hand-over protocol version
 * @param measurementId this instance's measurement id (hex)
 * @param fingerprint the held state's fingerprint (hex), when a state is held
 * @param stateVersion the held state's version, when a state is held
 * @param sealing {@code OFF} (memory only) or {@code KMS}
 * @param sealingTrust empty when sealing is off; otherwise what sealing trusts, plainly stated
 * @param lastVerifiedBlock the newest verified block number this instance decided on
 * @param haltReason the error code that halted the instance, when halted
 * @param peersOnboarded how many transfer bundles this instance produced since it started (peers it
 *     knows to have been sent the state; with sealing off, run several instances and watch this)
 * @param onboardedFrom true when this instance received its state from a peer (that peer held it)
 * @param chain the newest verified chain view this instance decided on, once it read the chain
 * @param ownApproval this instance's measurement's approval at the last verified read of it
 * @param pendingUpgrades every pending upgrade (or the newest ones, flagged truncated) at the last
 *     periodic refresh; empty until the first refresh
 * @param statusQuote the quote over {@code T_status} of the held state made at the last refresh;
 *     present only while serving the state it binds
 * @param serving true when the instance holds the registered state and its last refresh succeeded
 * @param reason why it is not serving (empty while serving): the halt, the last refresh's failure,
 *     or the phase (no state yet, genesis candidate)
 * @param collateral the collateral source's health at its last use, when the verifier has one
 */
public record StatusView(
    Phase phase,
    int protocolVersion,
    String measurementId,
    Optional<String> fingerprint,
    Optional<Long> stateVersion,
    SealingMode sealing,
    String sealingTrust,
    Optional<Long> lastVerifiedBlock,
    Optional<String> haltReason,
    long peersOnboarded,
    boolean onboardedFrom,
    Optional<ChainView> chain,
    Optional<ApprovalStatus> ownApproval,
    Optional<PendingUpgrades> pendingUpgrades,
    Optional<StatusAttestation> statusQuote,
    boolean serving,
    Optional<Reason> reason,
    Optional<CollateralHealth> collateral) {

  /**
   * Peers known to hold the state: those this instance onboarded plus the one it was onboarded from
   * (issue 13: with sealing off, several live instances are the answer to "every instance died").
   */
  public long peersKnownToHoldState() {
    return peersOnboarded + (onboardedFrom ? 1 : 0);
  }

  /**
   * The verified chain view: the deployment (chain id, contract) and one verified block.
   *
   * @param chainId the deployment's chain id
   * @param contract the {@code UpgradeOperator} address (0x-hex)
   * @param block the verified block (number, hash, timestamp)
   */
  public record ChainView(long chainId, String contract, ChainBlock block) {}

  /**
   * Why an instance is not serving: an error code, a message without secrets, and since when.
   *
   * @param error the code (a refresh failure's, the halt's, or the phase's)
   * @param message what happened, in words (never a secret or a host setting's value)
   * @param since when this reason began (trusted time)
   */
  public record Reason(ErrorCode error, String message, Instant since) {
    /** Checks that no field is null. */
    public Reason {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(since, "since");
    }
  }
}
