package io.replicatoor.core.internal;

import io.replicatoor.core.crypto.RequiredAlgorithms;

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
    return RequiredAlgorithms.digest(alg, data);
  }
}
