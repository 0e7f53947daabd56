package io.replicatoor.core.handover;

import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.bytes.Hex;
import io.replicatoor.core.port.Sha256Hash;
import java.time.Instant;

/**
 * B's one open join: the ephemeral X25519 key pair (private part in a {@link SecretBytes}: used
 * once, then erased), the anchor, and the canonical hash of B's own join quote.
 */
final class PendingJoin {
  final SecretBytes privateKey;
  final byte[] publicKey;
  final BlockAnchor anchor;
  final Sha256Hash ownQuoteHash;
  final Instant createdAt;

  PendingJoin(
      SecretBytes privateKey,
      byte[] publicKey,
      BlockAnchor anchor,
      Sha256Hash ownQuoteHash,
      Instant createdAt) {
    this.privateKey = privateKey;
    this.publicKey = publicKey.clone();
    this.anchor = anchor;
    this.ownQuoteHash = ownQuoteHash;
    this.createdAt = createdAt;
  }

  /** Erases the private key. */
  void destroy() {
    privateKey.destroy();
  }

  @Override
  public String toString() {
    return "PendingJoin[pubk=" + Hex.encode(publicKey) + ", anchor=" + anchor.number() + "]";
  }
}
