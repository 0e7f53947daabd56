package io.replicatoor.core.port;

import io.replicatoor.core.bytes.ImmutableBytes;
import io.replicatoor.core.crypto.RequiredAlgorithms;

/**
 * A SHA-256 digest. Used for the hash of a quote's canonical bytes (what the transfer transcript
 * binds) and the hash of a transfer ciphertext.
 */
public final class Sha256Hash extends ImmutableBytes {
  /** Size in bytes. */
  public static final int SIZE = 32;

  private Sha256Hash(byte[] value) {
    super(value, SIZE, "SHA-256 hash");
  }

  /** Wraps a digest computed elsewhere; {@code digest} must be {@value #SIZE} bytes. */
  public static Sha256Hash of(byte[] digest) {
    return new Sha256Hash(digest);
  }

  /** Parses hex of exactly {@value #SIZE} bytes. */
  public static Sha256Hash fromHex(String hex) {
    return new Sha256Hash(parseHex(hex, "SHA-256 hash"));
  }

  /** SHA-256 of {@code data}. */
  public static Sha256Hash digest(byte[] data) {
    return new Sha256Hash(RequiredAlgorithms.digest("SHA-256", data));
  }
}
