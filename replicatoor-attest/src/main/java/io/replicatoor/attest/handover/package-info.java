/**
 * Attest's implementations of core's ports ({@code io.replicatoor.core.port}): {@link
 * io.replicatoor.attest.handover.AgentSelfAttestation} (the guest agent's {@code GetQuote} with
 * exactly 64 bytes), {@link io.replicatoor.attest.handover.DcapPeerVerifier} (DCAP verification,
 * policy, RTMR replay, measurement id and the full 64-byte REPORTDATA comparison) and {@link
 * io.replicatoor.attest.handover.AgentSealingKeys} (the agent's KMS-backed {@code GetKey}, only
 * used with {@code sealing: kms}).
 */
package io.replicatoor.attest.handover;
