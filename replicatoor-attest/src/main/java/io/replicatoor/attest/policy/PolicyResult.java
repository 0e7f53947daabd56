package io.replicatoor.attest.policy;

import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ReplicatoorException;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link QuotePolicy#check}: accepted, or rejected with every violation. */
public sealed interface PolicyResult permits PolicyResult.Accepted, PolicyResult.Rejected {

  /** True when accepted. */
  default boolean accepted() {
    return this instanceof Accepted;
  }

  /**
   * Returns the verified quote when accepted.
   *
   * @throws ReplicatoorException {@code POLICY_VIOLATION} listing every violation (a {@link
   *     PolicyViolationException})
   */
  VerifiedQuote orThrow() throws ReplicatoorException;

  /**
   * The quote satisfied the policy. Only {@link QuotePolicy} can create one (package-private
   * constructor), so holding an {@code Accepted} proves the policy ran and passed.
   */
  final class Accepted implements PolicyResult {
    private final VerifiedQuote quote;

    Accepted(VerifiedQuote quote) {
      this.quote = Objects.requireNonNull(quote, "quote");
    }

    /** The quote that satisfied the policy. */
    public VerifiedQuote quote() {
      return quote;
    }

    @Override
    public VerifiedQuote orThrow() {
      return quote;
    }

    @Override
    public String toString() {
      return "Accepted[" + quote + "]";
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
