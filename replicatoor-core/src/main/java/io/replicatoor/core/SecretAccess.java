package io.replicatoor.core;

/**
 * Capability token required to read secret bytes. Every place that reveals key material calls
 * {@link #insecure()}, so one search for {@code SecretAccess.insecure} finds all of them.
 */
public final class SecretAccess {
  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  /** Returns the token. Search the code base for uses of this method to audit secret access. */
  public static SecretAccess insecure() {
    return INSTANCE;
  }
}
