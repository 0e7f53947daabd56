package io.replicatoor.attest.policy;

/**
 * One policy violation.
 *
 * @param rule stable rule name (for example {@code tcb_status}, {@code td_debug})
 * @param detail human-readable explanation; never contains secrets
 */
public record Violation(String rule, String detail) {
  @Override
  public String toString() {
    return rule + ": " + detail;
  }
}
