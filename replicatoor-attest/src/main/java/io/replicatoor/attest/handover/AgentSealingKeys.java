package io.replicatoor.attest.handover;

import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretBytes;
import io.replicatoor.core.port.SealingKeySource;
import java.util.Objects;

/**
 * {@link SealingKeySource} over the agent's KMS-backed {@code GetKey}. Opt-in (issue 13): the
 * embedding passes it to core only when the measured configuration says {@code sealing: kms}, since
 * the dstack KMS gives this key to every image the app's {@code DstackApp} allow-list admits.
 */
public final class AgentSealingKeys implements SealingKeySource {
  private final GuestAgentClient agent;

  /** Asks {@code agent}. */
  public AgentSealingKeys(GuestAgentClient agent) {
    this.agent = Objects.requireNonNull(agent, "agent");
  }

  @Override
  public SecretBytes kmsKey(String path, String purpose) throws ReplicatoorException {
    return agent.getKey(path, purpose).key();
  }

  @Override
  public String toString() {
    return "AgentSealingKeys[" + agent.endpoint() + "]";
  }
}
