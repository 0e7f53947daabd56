package io.replicatoor.core.crypto;

import java.util.Optional;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The nine hash algorithms dstack's {@code Tappd.TdxQuote} accepts as {@code hash_algorithm}
 * (dstack-guest-interface.md 2.1 step 4), under their wire names. Keccak uses the original padding
 * (Ethereum), not FIPS 202; this enum holds the code base's only {@code KeccakDigest}.
 */
public enum HashAlgorithm {
  /** SHA-256. */
  SHA256("sha256", "SHA-256", 0),
  /** SHA-384. */
  SHA384("sha384", "SHA-384", 0),
  /** SHA-512. */
  SHA512("sha512", "SHA-512", 0),
  /** FIPS 202 SHA3-256. */
  SHA3_256("sha3-256", "SHA3-256", 0),
  /** FIPS 202 SHA3-384. */
  SHA3_384("sha3-384", "SHA3-384", 0),
  /** FIPS 202 SHA3-512. */
  SHA3_512("sha3-512", "SHA3-512", 0),
  /** Keccak-256 with the original padding (Solidity {@code keccak256}). */
  KECCAK256("keccak256", null, 256),
  /** Keccak-384 with the original padding. */
  KECCAK384("keccak384", null, 384),
  /** Keccak-512 with the original padding. */
  KECCAK512("keccak512", null, 512);

  private final String wireName;
  private final String jdkName;
  private final int keccakBits;

  HashAlgorithm(String wireName, String jdkName, int keccakBits) {
    this.wireName = wireName;
    this.jdkName = jdkName;
    this.keccakBits = keccakBits;
  }

  /** The name on the dstack wire, for example {@code sha3-256}. */
  public String wireName() {
    return wireName;
  }

  /** The algorithm with exactly this wire name (case-sensitive, as dstack compares). */
  public static Optional<HashAlgorithm> byWireName(String name) {
    for (HashAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The digest of the concatenation of {@code parts}. */
  public byte[] digest(byte[]... parts) {
    if (jdkName != null) {
      return RequiredAlgorithms.digest(jdkName, parts);
    }
    KeccakDigest d = new KeccakDigest(keccakBits);
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] out = new byte[keccakBits / 8];
    d.doFinal(out, 0);
    return out;
  }
}
