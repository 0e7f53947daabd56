package io.replicatoor.attest.agent;

import io.replicatoor.attest.quote.Bytes;
import io.replicatoor.core.SecretBytes;
import java.util.List;
import java.util.Objects;

/**
 * {@code GetKey}: a 32-byte key derived by the dstack KMS for this app and path, and its signature
 * chain {@code [app_sig, kms_sig]} (dstack-guest-interface.md 9.3).
 *
 * @param key the key material (never printed)
 * @param signatureChain the 65-byte recoverable signatures, app first
 */
public record KeyResponse(SecretBytes key, List<Bytes> signatureChain) {
  /** Copies the list. */
  public KeyResponse {
    Objects.requireNonNull(key, "key");
    signatureChain = List.copyOf(signatureChain);
  }
}
