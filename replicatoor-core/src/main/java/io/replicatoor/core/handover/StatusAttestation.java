package io.replicatoor.core.handover;

import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.state.StateFingerprint;
import java.util.Arrays;
import java.util.Objects;

/**
 * The quote {@code GET /status} serves (protocol.md §3, {@code T_status}): made at a periodic
 * refresh, never per request, over the public status of a serving instance. Anyone rebuilds {@code
 * T_status} from these fields and the deployment (chain id, contract), and checks the quote's
 * REPORTDATA is its SHA-512, the quote itself and the measurement's approval.
 *
 * @param protocolVersion the hand-over protocol version
 * @param fingerprint the held state's fingerprint
 * @param stateVersion the held state's version
 * @param statePublicKey the state's identity public key (65 bytes, public)
 * @param block the verified block of the refresh that made the quote
 * @param evidence the quote and its event log
 */
public record StatusAttestation(
    int protocolVersion,
    StateFingerprint fingerprint,
    long stateVersion,
    byte[] statePublicKey,
    ChainBlock block,
    Evidence evidence) {
  /** Checks for nulls; copies the key. */
  public StatusAttestation {
    Objects.requireNonNull(fingerprint, "fingerprint");
    statePublicKey = statePublicKey.clone();
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** A copy of the state public key. */
  @Override
  public byte[] statePublicKey() {
    return statePublicKey.clone();
  }

  /** {@code T_status} of these fields under {@code config}. */
  public byte[] transcript(HandoverConfig config) {
    return Transcripts.status(
        config, protocolVersion, fingerprint, stateVersion, statePublicKey, block);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusAttestation a
        && protocolVersion == a.protocolVersion
        && fingerprint.equals(a.fingerprint)
        && stateVersion == a.stateVersion
        && Arrays.equals(statePublicKey, a.statePublicKey)
        && block.equals(a.block)
        && evidence.equals(a.evidence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocolVersion, fingerprint, stateVersion, block)
        ^ Arrays.hashCode(statePublicKey);
  }

  @Override
  public String toString() {
    return "StatusAttestation[v"
        + protocolVersion
        + ", "
        + fingerprint
        + ", block "
        + block.number()
        + "]";
  }
}
