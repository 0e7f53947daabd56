package io.replicatoor.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable holder for key material.
 *
 * <p>Security guarantees: the bytes are copied on the way in and out; {@link #toString()} prints
 * only a redacted marker and the length; reading requires {@link SecretAccess}. This class does
 * <em>not</em> override {@code equals}/{@code hashCode}, because a hash code of key material could
 * leak it and value equality invites variable-time comparison; use {@link #equalsSecret}.
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
    if (length <= 0) {
      throw new IllegalArgumentException("length must be positive");
    }
    byte[] b = new byte[length];
    rng.nextBytes(b);
    return new SecretBytes(b);
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

  /** Constant-time comparison (for equal lengths). */
  public boolean equalsSecret(SecretBytes other) {
    return other != null && MessageDigest.isEqual(bytes, other.bytes);
  }

  /** Overwrites the held copy with zeros. Best effort: the JVM may have made other copies. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "SecretBytes[REDACTED, " + bytes.length + " bytes]";
  }
}
