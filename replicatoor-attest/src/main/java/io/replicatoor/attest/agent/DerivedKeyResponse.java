package io.replicatoor.attest.agent;

import io.replicatoor.core.SecretBytes;
import java.util.List;
import java.util.Objects;

/**
 * {@code Tappd.DeriveKey}: a P-256 private key (PKCS#8 PEM, held as its UTF-8 bytes) and its
 * certificate chain (section 2).
 *
 * @param keyPem the PEM text of the private key (never printed)
 * @param certificateChain PEM certificates, leaf first
 */
public record DerivedKeyResponse(SecretBytes keyPem, List<String> certificateChain) {
  /** Copies the list. */
  public DerivedKeyResponse {
    Objects.requireNonNull(keyPem, "keyPem");
    certificateChain = List.copyOf(certificateChain);
  }
}
