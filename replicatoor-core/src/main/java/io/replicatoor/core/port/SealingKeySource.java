package io.replicatoor.core.port;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretBytes;

/**
 * Optional sealing key: the agent's KMS-backed {@code GetKey} (dstack-guest-interface.md §3, {@code
 * /GetKey}). Used only when the measured configuration says {@code sealing: kms} (issue 13): such a
 * key is given by the dstack KMS to every image the app's {@code DstackApp} allow-list admits, with
 * no delay and no link to {@code UpgradeOperator}, so turning it on trusts the KMS and whoever
 * controls that allow-list.
 *
 * <p>Contract: returns the 32-byte {@code key} of {@code GetKey(path, purpose, "secp256k1")}
 * unchanged; core derives its AEAD key from it with its own label, the state fingerprint and the
 * state version, so this key is never used directly.
 */
public interface SealingKeySource {
  /**
   * The KMS-derived key for {@code path} and {@code purpose}.
   *
   * @throws ReplicatoorException ({@code AGENT_*}) when the agent does not answer; core then
   *     refuses to start from a sealed state rather than fall back
   */
  SecretBytes kmsKey(String path, String purpose) throws ReplicatoorException;
}
