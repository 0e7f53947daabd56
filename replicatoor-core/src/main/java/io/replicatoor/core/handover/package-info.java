/**
 * The attested state hand-over (join, onboard, receive), genesis and the instance state machine.
 * API: {@link io.replicatoor.core.handover.Replicatoor} is the single entry point the server and
 * the embedding call, one method per route; the message types ({@link
 * io.replicatoor.core.handover.JoinRequest}, {@link io.replicatoor.core.handover.TransferBundle},
 * {@link io.replicatoor.core.handover.GenesisEvidence}) are the wire format of {@code
 * docs/protocol.md}. {@link io.replicatoor.core.handover.VerifiedPeer} and {@link
 * io.replicatoor.core.handover.VerifiedApproval} are created only here, from the answers of core's
 * own port calls.
 */
package io.replicatoor.core.handover;
