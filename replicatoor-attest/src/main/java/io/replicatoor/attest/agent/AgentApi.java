package io.replicatoor.attest.agent;

/** Which guest-agent API an endpoint speaks (dstack-guest-interface.md sections 2 and 3). */
public enum AgentApi {
  /** {@code dstack.sock}, service {@code DstackGuest}, paths {@code /<Method>}. */
  CURRENT,
  /** {@code tappd.sock}, service {@code Tappd}, paths {@code /prpc/Tappd.<Method>?json}. */
  LEGACY
}
