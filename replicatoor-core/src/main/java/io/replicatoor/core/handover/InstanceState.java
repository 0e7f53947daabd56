package io.replicatoor.core.handover;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.state.ReplicatedState;

/**
 * The closed set of states of one instance. Every route switches over it exhaustively, so a new
 * state breaks compilation wherever it is not handled. Records print public fields only.
 */
sealed interface InstanceState {

  /** No state, no join open: waits for {@code requestKey} or {@code genesis}. */
  record NoState() implements InstanceState {}

  /** B: a join is open; the ephemeral key waits for the transfer. */
  record Joining(PendingJoin join) implements InstanceState {}

  /**
   * A genesis candidate: holds a state it serves nothing from until its fingerprint is registered.
   */
  record Candidate(ReplicatedState state, GenesisEvidence evidence) implements InstanceState {}

  /**
   * Holds the registered state: derives keys (through its own bounded cache, destroyed with the
   * state), onboards peers.
   */
  record Serving(ReplicatedState state, DerivedKeyCache keys) implements InstanceState {
    /** Serving {@code state} with an empty key cache. */
    Serving(ReplicatedState state) {
      this(state, new DerivedKeyCache(state, DerivedKeyCache.DEFAULT_CAPACITY));
    }

    /** Destroys the cached keys, then the state. */
    void destroy() {
      keys.destroy();
      state.destroy();
    }
  }

  /** Stopped for good (own measurement revoked): state wiped, every route refused. */
  record Halted(ErrorCode reason, String message) implements InstanceState {}
}
