package io.replicatoor.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Key material with an explicit end of life: the content is fixed from construction until {@link
 * #destroy()}, which overwrites it; from then on every read throws, so a destroyed secret can never
 * be used by mistake as an all-zero key. Long-lived secrets (the replicated root secret) are
 * destroyed when they are replaced or the instance stops; short-lived ones (an ephemeral HPKE
 * private key, a per-call KMS key) are used once, through {@link #useOnce} or in a
 * try-with-resources block, and are gone afterwards.
 *
 * <p>Security guarantees: the bytes are copied on the way in and out ({@link #useOnce} lends the
 * held array and erases it when the use returns); {@link #toString()} prints only a redacted
 * marker, the length and whether the secret is destroyed; reading requires {@link SecretAccess}.
 * This class does <em>not</em> override {@code equals}/{@code hashCode}, because a hash code of key
 * material could leak it and value equality invites variable-time comparison; use {@link
 * #equalsSecret}, which is constant-time for equal lengths. Thread-safe. Erasure is best effort:
 * the JVM may have made copies this class cannot reach.
 */
public final class SecretBytes implements AutoCloseable {
  /** What a single use does with the secret; the lent array is zeroed when it returns. */
  @FunctionalInterface
  public interface Use<R, E extends Exception> {
    /** Uses {@code secret}; must not keep a reference to it. */
    R apply(byte[] secret) throws E;
  }

  private final int size;
  private byte[] bytes; // null once destroyed

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
    this.size = bytes.length;
  }

  /** Copies {@code bytes}; the caller should wipe its array afterwards. */
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

  /** Number of bytes (also known after destruction). */
  public int size() {
    return size;
  }

  /** True once destroyed (or used by {@link #useOnce}). */
  public synchronized boolean isDestroyed() {
    return bytes == null;
  }

  /**
   * A copy of the secret bytes.
   *
   * @throws IllegalStateException when the secret was destroyed
   */
  public synchronized byte[] reveal(SecretAccess access) {
    Objects.requireNonNull(access, "access");
    return live().clone();
  }

  /**
   * Runs {@code use} with the secret, then destroys it: the secret can be used this one time only.
   *
   * @throws IllegalStateException when the secret was already destroyed or used
   */
  public <R, E extends Exception> R useOnce(SecretAccess access, Use<R, E> use) throws E {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(use, "use");
    byte[] b;
    synchronized (this) {
      b = live();
      bytes = null;
    }
    try {
      return use.apply(b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * Constant-time comparison of the content (the length is not secret).
   *
   * @throws IllegalStateException when either secret was destroyed
   */
  public boolean equalsSecret(SecretBytes other) {
    if (other == null) {
      return false;
    }
    byte[] mine;
    synchronized (this) {
      mine = live().clone();
    }
    byte[] theirs = other.reveal(SecretAccess.insecure());
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  /** Overwrites the secret with zeros; every later read throws. Idempotent. */
  public void destroy() {
    byte[] b;
    synchronized (this) {
      b = bytes;
      bytes = null;
    }
    if (b != null) {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Same as {@link #destroy()}, for try-with-resources. */
  @Override
  public void close() {
    destroy();
  }

  private byte[] live() {
    if (bytes == null) {
      throw new IllegalStateException("secret already destroyed");
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "SecretBytes[REDACTED, " + size + " bytes" + (isDestroyed() ? ", destroyed]" : "]");
  }
}
