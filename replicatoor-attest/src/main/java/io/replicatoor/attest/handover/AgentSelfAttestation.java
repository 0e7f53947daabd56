package io.replicatoor.attest.handover;

import io.replicatoor.attest.agent.GuestAgentClient;
import io.replicatoor.attest.agent.QuoteResponse;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.Evidence;
import io.replicatoor.core.port.OwnEvidence;
import io.replicatoor.core.port.ReportData;
import io.replicatoor.core.port.SelfAttestation;
import io.replicatoor.core.port.Sha256Hash;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * {@link SelfAttestation} over the guest agent: the 64 bytes go to {@code GetQuote} (or the legacy
 * {@code Tappd.RawQuote}) unchanged, never through {@code Tappd.TdxQuote}'s hashing. The quote's
 * REPORTDATA is checked against the request before it is returned, so an agent that pads, hashes or
 * substitutes is refused here rather than by a peer.
 */
public final class AgentSelfAttestation implements SelfAttestation {
  private final GuestAgentClient agent;

  /** Quotes through {@code agent}. */
  public AgentSelfAttestation(GuestAgentClient agent) {
    this.agent = Objects.requireNonNull(agent, "agent");
  }

  @Override
  public OwnEvidence quote(ReportData reportData) throws ReplicatoorException {
    byte[] rd = reportData.toByteArray();
    QuoteResponse r = agent.quote(rd);
    byte[] raw = r.quote().toByteArray();
    Quote q = Quote.parse(raw);
    if (!MessageDigest.isEqual(q.body().reportData().toByteArray(), rd)) {
      throw new ReplicatoorException(
          ErrorCode.AGENT_RESPONSE_INVALID,
          "the agent's quote does not carry the 64 report-data bytes that were asked for");
    }
    Evidence ev;
    try {
      ev = Evidence.of(raw, r.eventLogJson());
    } catch (IllegalArgumentException e) {
      throw new ReplicatoorException(ErrorCode.AGENT_RESPONSE_INVALID, e.getMessage(), e);
    }
    return new OwnEvidence(ev, Sha256Hash.of(q.canonicalSha256().toByteArray()));
  }

  @Override
  public String toString() {
    return "AgentSelfAttestation[" + agent.endpoint() + "]";
  }
}
