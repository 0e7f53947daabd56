package io.replicatoor.core.handover;

/** The public name of an instance's state, as {@code /status} shows it. */
public enum Phase {
  /** No state and no open join. */
  NO_STATE,
  /** A join is open (B waits for a transfer). */
  JOINING,
  /** An unregistered genesis candidate: serves nothing. */
  CANDIDATE,
  /** Holds the registered state: derives keys and onboards peers. */
  SERVING,
  /** Stopped for good (own measurement revoked); state wiped. */
  HALTED;

  /** Whether the instance answers key requests and onboards peers. */
  public boolean serves() {
    return this == SERVING;
  }
}
