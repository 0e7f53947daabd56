package io.replicatoor.core.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and SHA-512, which every JDK provides. */
public final class Digests {
  private Digests() {}

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    return digest("SHA-256", data);
  }

  /** SHA-512 of {@code data}. */
  public static byte[] sha512(byte[] data) {
    return digest("SHA-512", data);
  }

  private static byte[] digest(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " is mandatory in every JDK", e);
    }
  }
}
