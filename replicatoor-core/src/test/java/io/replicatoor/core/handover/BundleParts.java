package io.replicatoor.core.handover;

import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.state.StateFingerprint;
import java.util.function.Consumer;

/**
 * The parts of a {@link TransferBundle}, copied so that an attack test can change some of them and
 * build the bundle again.
 */
final class BundleParts {
  byte[] pubk;
  BlockAnchor anchor;
  byte[] enc;
  byte[] ciphertext;
  long stateVersion;
  StateFingerprint fingerprint;
  long senderBlock;
  Evidence evidence;

  private BundleParts(TransferBundle b) {
    pubk = b.pubk();
    anchor = b.anchor();
    enc = b.enc();
    ciphertext = b.ciphertext();
    stateVersion = b.stateVersion();
    fingerprint = b.fingerprint();
    senderBlock = b.senderBlock();
    evidence = b.evidence();
  }

  /** {@code b} with the changes {@code edit} makes to a copy of its parts. */
  static TransferBundle tampered(TransferBundle b, Consumer<BundleParts> edit) {
    BundleParts p = new BundleParts(b);
    edit.accept(p);
    return new TransferBundle(
        p.pubk,
        p.anchor,
        p.enc,
        p.ciphertext,
        p.stateVersion,
        p.fingerprint,
        p.senderBlock,
        p.evidence);
  }
}
