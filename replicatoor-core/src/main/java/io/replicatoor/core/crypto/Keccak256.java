package io.replicatoor.core.crypto;

import io.replicatoor.core.bytes.Bytes32;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as used by Ethereum and Solidity's {@code keccak256} (original Keccak padding), which
 * is <em>not</em> the FIPS 202 SHA3-256 of {@code MessageDigest.getInstance("SHA3-256")}
 * (upgrade-governance.md 5.8). The one place in the code base that creates a Keccak-256 digest.
 */
public final class Keccak256 {
  /** Digest size in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private static final int BITS = 256;

  private Keccak256() {}

  /** keccak256 of the concatenation of {@code parts}, as a fresh array. */
  public static byte[] digest(byte[]... parts) {
    KeccakDigest d = new KeccakDigest(BITS);
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[DIGEST_LENGTH];
    d.doFinal(out, 0);
    return out;
  }

  /** keccak256 of the concatenation of {@code parts}. */
  public static Bytes32 hash(byte[]... parts) {
    return Bytes32.of(digest(parts));
  }
}
