package io.replicatoor.chain;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.util.List;

/**
 * {@code QUORUM_DISAGREES}: the endpoints reported different headers and no block satisfied the
 * quorum rule. {@link #votes()} says what each endpoint reported, so an operator can see which one
 * differs; the message carries the same list.
 */
public final class QuorumDisagreesException extends ReplicatoorException {
  private static final long serialVersionUID = 1L;
  private final transient List<EndpointVote> votes;

  QuorumDisagreesException(String message, List<EndpointVote> votes) {
    super(ErrorCode.QUORUM_DISAGREES, message + ": " + votes);
    this.votes = List.copyOf(votes);
  }

  /** Each endpoint's answer to the head round, in configuration order. */
  public List<EndpointVote> votes() {
    return votes;
  }
}
