package io.replicatoor.chain.internal;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as used by Ethereum (original Keccak padding), which is <em>not</em> the NIST
 * SHA3-256 of {@code MessageDigest.getInstance("SHA3-256")} (upgrade-governance.md 5.8).
 */
public final class Keccak {
  /** Digest size in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private Keccak() {}

  /** keccak256 of the concatenation of {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    KeccakDigest d = new KeccakDigest(256);
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[DIGEST_LENGTH];
    d.doFinal(out, 0);
    return out;
  }
}
