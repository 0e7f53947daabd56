package io.replicatoor.attest.policy;

import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ReplicatoorException;
import java.util.List;

/** The outcome of {@link QuotePolicy#check}: accepted, or rejected with every violation. */
public sealed interface PolicyResult permits PolicyResult.Accepted, PolicyResult.Rejected {

  /** True when accepted. */
  default boolean accepted() {
    return this instanceof Accepted;
  }

  /**
   * Returns the verified quote when accepted.
   *
   * @throws ReplicatoorException {@code POLICY_VIOLATION} listing every violation (a
   *     {@link PolicyViolationException})
   */
  VerifiedQuote orThrow() throws ReplicatoorException;

  /** The quote satisfied the policy. */
  record Accepted(VerifiedQuote quote) implements PolicyResult {
    @Override
    public VerifiedQuote orThrow() {
      return quote;
    }
  }

  /** The quote violated the policy; {@code violations} is never empty. */
  record Rejected(List<Violation> violations) implements PolicyResult {
    public Rejected {
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one violation");
      }
    }

    @Override
    public VerifiedQuote orThrow() throws ReplicatoorException {
      throw new PolicyViolationException(violations);
    }
  }
}
