package io.replicatoor.attest.measure;

import io.replicatoor.core.bytes.Bytes32;
import io.replicatoor.core.bytes.Measurement48;
import io.replicatoor.core.crypto.RequiredAlgorithms;

/** SHA-256 and SHA-384 over byte arrays (Keccak-256 is {@code core.crypto.Keccak256}). */
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

  private static byte[] jdk(String algorithm, byte[]... parts) {
    return RequiredAlgorithms.digest(algorithm, parts);
  }
}
