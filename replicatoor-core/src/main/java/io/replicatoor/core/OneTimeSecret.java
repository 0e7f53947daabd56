package io.replicatoor.core;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret that is used exactly once and then erased: an ephemeral private key, a one-shot
 * encapsulation secret. Unlike the immutable {@link SecretBytes} it is explicitly destroyable, and
 * it destroys itself after its single {@link #useOnce use}.
 *
 * <p>Security guarantees: the bytes are copied in and never copied out; {@link #useOnce} lends the
 * held array to the caller and overwrites it with zeros when the caller returns (normally or by an
 * exception); a second use, or a use after {@link #destroy}, throws {@link IllegalStateException};
 * {@link #toString()} shows only a redacted marker, the length and the state; {@code equals} is
 * identity. Erasure is best effort: the JVM may have made copies that this class cannot reach.
 */
public final class OneTimeSecret implements AutoCloseable {
  /** What the single use does with the secret; the array is zeroed when it returns. */
  @FunctionalInterface
  public interface Use<R, E extends Exception> {
    /** Uses {@code secret}; must not keep a reference to it. */
    R apply(byte[] secret) throws E;
  }

  private final int size;
  private byte[] bytes;

  private OneTimeSecret(byte[] bytes) {
    this.bytes = bytes;
    this.size = bytes.length;
  }

  /** Copies {@code bytes}; the caller should wipe its array afterwards. */
  public static OneTimeSecret copyOf(byte[] bytes) {
    return new OneTimeSecret(Objects.requireNonNull(bytes, "bytes").clone());
  }

  /** {@code length} fresh random bytes from {@code rng}. */
  public static OneTimeSecret random(int length, SecureRandom rng) {
    return new OneTimeSecret(SecretBytes.randomArray(length, rng));
  }

  /** Number of bytes (also known after destruction). */
  public int size() {
    return size;
  }

  /** True once used or destroyed. */
  public synchronized boolean isDestroyed() {
    return bytes == null;
  }

  /**
   * Runs {@code use} with the secret, then erases it.
   *
   * @throws IllegalStateException when the secret was already used or destroyed
   */
  public <R, E extends Exception> R useOnce(SecretAccess access, Use<R, E> use) throws E {
    Objects.requireNonNull(access, "access");
    Objects.requireNonNull(use, "use");
    byte[] b;
    synchronized (this) {
      if (bytes == null) {
        throw new IllegalStateException("one-time secret already used or destroyed");
      }
      b = bytes;
      bytes = null;
    }
    try {
      return use.apply(b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /** Erases the secret without using it; idempotent. */
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

  @Override
  public String toString() {
    return "OneTimeSecret[REDACTED, " + size + " bytes" + (isDestroyed() ? ", destroyed]" : "]");
  }
}
