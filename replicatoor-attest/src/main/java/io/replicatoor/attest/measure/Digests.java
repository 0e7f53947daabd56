package io.replicatoor.attest.measure;

import io.replicatoor.attest.quote.Bytes32;
import io.replicatoor.attest.quote.Measurement48;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** SHA-256, SHA-384 and Ethereum Keccak-256 (not SHA3-256) over byte arrays. */
public final class Digests {
  private Digests() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  public static Bytes32 sha256(byte[]... parts) {
    return Bytes32.of(jdk("SHA-256", parts));
  }

  /** SHA-384 of the concatenation of {@code parts}. */
  public static Measurement48 sha384(byte[]... parts) {
    return Measurement48.of(jdk("SHA-384", parts));
  }

  /**
   * Keccak-256 as used by Ethereum and Solidity's {@code keccak256} (original Keccak padding, not
   * the FIPS 202 SHA3-256 padding).
   */
  public static Bytes32 keccak256(byte[]... parts) {
    KeccakDigest d = new KeccakDigest(256);
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    d.doFinal(out, 0);
    return Bytes32.of(out);
  }

  private static byte[] jdk(String algorithm, byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every JDK", e);
    }
  }
}
