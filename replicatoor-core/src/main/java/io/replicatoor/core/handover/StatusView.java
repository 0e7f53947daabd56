package io.replicatoor.core.handover;

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
    long peersOnboarded) {}
