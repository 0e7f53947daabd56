package io.replicatoor.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Immutable holder for long-lived key material (Tink's {@code SecretBytes} design): the content
 * never changes after construction, so it can be shared between threads and kept in values.
 *
 * <p>Security guarantees: the bytes are copied on the way in and out; {@link #toString()} prints
 * only a redacted marker and the length; reading requires {@link SecretAccess}. This class does
 * <em>not</em> override {@code equals}/{@code hashCode}, because a hash code of key material could
 * leak it and value equality invites variable-time comparison; use {@link #equalsSecret}, which is
 * constant-time for equal lengths.
 *
 * <p>Being immutable, it cannot be erased. A secret that must be erased after a single use (an
 * ephemeral HPKE private key) is a {@link OneTimeSecret} instead.
 */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller may wipe its array afterwards. */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** {@code length} fresh random bytes from {@code rng}. */
  public static SecretBytes random(int length, SecureRandom rng) {
    return new SecretBytes(randomArray(length, rng));
  }

  /** A fresh array of {@code length} random bytes (shared with {@link OneTimeSecret}). */
  static byte[] randomArray(int length, SecureRandom rng) {
    if (length <= 0) {
      throw new IllegalArgumentException("length must be positive");
    }
    byte[] b = new byte[length];
    rng.nextBytes(b);
    return b;
  }

  /** Number of bytes held. */
  public int size() {
    return bytes.length;
  }

  /** A copy of the secret bytes. */
  public byte[] reveal(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return bytes.clone();
  }

  /** Constant-time comparison of the content (the length is not secret). */
  public boolean equalsSecret(SecretBytes other) {
    return other != null && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return "SecretBytes[REDACTED, " + bytes.length + " bytes]";
  }
}
