package io.replicatoor.core.handover;

/**
 * Whether the state is sealed to the host volume (issue 13): off unless measured config says so.
 */
public enum SealingMode {
  /** Default: the state lives in memory only; nothing but public data reaches the host volume. */
  OFF,
  /**
   * {@code sealing: kms}: sealed with a key derived from the agent's KMS-backed {@code GetKey}.
   * Trusts the dstack KMS and whoever can change the app's {@code DstackApp} allow-list.
   */
  KMS
}
