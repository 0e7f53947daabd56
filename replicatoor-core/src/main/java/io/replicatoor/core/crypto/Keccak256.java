package io.replicatoor.core.crypto;

import io.replicatoor.core.bytes.Bytes32;

/**
 * Keccak-256 as used by Ethereum and Solidity's {@code keccak256} (original Keccak padding), which
 * is <em>not</em> the FIPS 202 SHA3-256 of {@code MessageDigest.getInstance("SHA3-256")}
 * (upgrade-governance.md 5.8). Every Keccak-256 in the code base goes through here or {@link
 * HashAlgorithm#KECCAK256}.
 */
public final class Keccak256 {
  /** Digest size in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private Keccak256() {}

  /** keccak256 of the concatenation of {@code parts}, as a fresh array. */
  public static byte[] digest(byte[]... parts) {
    return HashAlgorithm.KECCAK256.digest(parts);
  }

  /** keccak256 of the concatenation of {@code parts}. */
  public static Bytes32 hash(byte[]... parts) {
    return Bytes32.of(digest(parts));
  }
}
