package io.replicatoor.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Looks up JDK algorithms that every supported JDK must provide (SHA-2, SHA-3, ECDSA, X.509, ...).
 * Their absence is a broken runtime, not bad input, so it becomes one unchecked exception type here
 * instead of ad-hoc {@code IllegalStateException}s in each caller; it never turns into an error
 * code a client could mistake for a verdict on its input.
 */
public final class RequiredAlgorithms {
  private RequiredAlgorithms() {}

  /** A JDK lookup such as {@code () -> Signature.getInstance("SHA256withECDSA")}. */
  @FunctionalInterface
  public interface Lookup<T> {
    /** Performs the lookup. */
    T get() throws NoSuchAlgorithmException;
  }

  /** Thrown when the runtime lacks an algorithm that every supported JDK provides. */
  public static final class MissingAlgorithmError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    MissingAlgorithmError(String algorithm, NoSuchAlgorithmException cause) {
      super(algorithm + " is required by every supported JDK but is missing", cause);
    }
  }

  /**
   * Runs {@code lookup}.
   *
   * @param algorithm the algorithm name, for the message
   * @throws MissingAlgorithmError when the runtime lacks it
   */
  public static <T> T require(String algorithm, Lookup<T> lookup) {
    try {
      return lookup.get();
    } catch (NoSuchAlgorithmException e) {
      throw new MissingAlgorithmError(algorithm, e);
    }
  }

  /** {@code MessageDigest.getInstance(algorithm)}. */
  public static MessageDigest messageDigest(String algorithm) {
    return require(algorithm, () -> MessageDigest.getInstance(algorithm));
  }

  /** The digest of the concatenation of {@code parts} with the JDK's {@code algorithm}. */
  public static byte[] digest(String algorithm, byte[]... parts) {
    MessageDigest md = messageDigest(algorithm);
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }
}
