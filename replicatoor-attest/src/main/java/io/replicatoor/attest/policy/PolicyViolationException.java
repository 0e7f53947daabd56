package io.replicatoor.attest.policy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.util.List;
import java.util.stream.Collectors;

/** A {@code POLICY_VIOLATION} that also carries every violation, for tools that list them. */
public final class PolicyViolationException extends ReplicatoorException {
  private static final long serialVersionUID = 1L;

  /** Not serialised with the exception; the message lists the same violations. */
  private final transient List<Violation> violations;

  PolicyViolationException(List<Violation> violations) {
    super(
        ErrorCode.POLICY_VIOLATION,
        violations.size()
            + " policy violation(s): "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  /** Every violation, in the order the policy checked them; never empty. */
  public List<Violation> violations() {
    return violations == null ? List.of() : violations;
  }
}
