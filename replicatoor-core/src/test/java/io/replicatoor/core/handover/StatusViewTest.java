package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.ChainBlock;
import io.replicatoor.core.port.PeerVerification;
import io.replicatoor.core.port.PeerVerifier;
import io.replicatoor.core.port.PendingUpgrade;
import io.replicatoor.core.state.EthereumAddress;
import io.replicatoor.core.testing.FakeChain;
import io.replicatoor.core.testing.FakeTee;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public status: chain view, own approval, pending upgrades, peers known to hold state. */
class StatusViewTest {
  private final Net net = new Net();

  @Test
  void pendingUpgradeIsListedWithItsActivationTime_untilItIsActive() throws Exception {
    Net.Node a = net.serving("a");
    MeasurementId next = FakeTee.measurement("next");
    Instant activeAt = net.clock.instant().plus(FakeChain.DELAY);
    net.chain.propose(next);
    net.tick(Duration.ofSeconds(12));

    StatusView s = a.r.refresh();
    assertThat(s.pendingUpgrades()).isPresent();
    assertThat(s.pendingUpgrades().get().upgrades())
        .containsExactly(new PendingUpgrade(next, activeAt));
    assertThat(s.pendingUpgrades().get().truncated()).isFalse();
    assertThat(s.pendingUpgrades().get().block()).isEqualTo(net.chain.head());

    net.tick(FakeChain.DELAY);
    s = a.r.refresh();
    assertThat(s.pendingUpgrades().get().upgrades()).isEmpty();
  }

  @Test
  void aLongProposalListIsFlaggedTruncated() throws Exception {
    Net.Node a = net.serving("a");
    net.chain.propose(FakeTee.measurement("x"));
    net.chain.propose(FakeTee.measurement("y"));
    net.chain.listAtMost(1);
    StatusView s = a.r.refresh();
    assertThat(s.pendingUpgrades().get().upgrades()).hasSize(1);
    assertThat(s.pendingUpgrades().get().truncated()).isTrue();
  }

  @Test
  void chainViewAndOwnApproval_areTheLastVerifiedRead() throws Exception {
    Net.Node a = net.serving("a");
    net.tick(Duration.ofSeconds(12));
    StatusView s = a.r.refresh();
    assertThat(s.chain()).isPresent();
    assertThat(s.chain().get().block()).isEqualTo(net.chain.head());
    assertThat(s.chain().get().chainId()).isEqualTo(31337);
    assertThat(s.chain().get().contract()).isEqualTo(Net.CONTRACT.toPrefixedHex());
    assertThat(s.ownApproval()).containsInstanceOf(ApprovalStatus.Approved.class);
    assertThat(s.lastVerifiedBlock()).contains(net.chain.head().number());
  }

  @Test
  void waitingInstance_showsItsOwnPendingApproval() throws Exception {
    MeasurementId next = FakeTee.measurement("next");
    net.chain.propose(next);
    Net.Node b = net.started("b", next);
    StatusView s = b.r.refresh();
    assertThat(s.phase()).isEqualTo(Phase.NO_STATE);
    assertThat(s.ownApproval()).containsInstanceOf(ApprovalStatus.Pending.class);
    assertThat(s.pendingUpgrades().get().upgrades())
        .extracting(PendingUpgrade::measurementId)
        .containsExactly(next);
  }

  @Test
  void peersKnownToHoldState_countsBothDirections() throws Exception {
    Net.Node a = net.serving("a");
    Net.Node b = net.started("b", Net.GOOD);
    assertThat(b.r.status().peersKnownToHoldState()).isZero();
    b.r.receiveKey(a.r.onboard(b.r.requestKey().encode()).encode());
    assertThat(a.r.status().peersKnownToHoldState()).isEqualTo(1);
    assertThat(b.r.status().peersKnownToHoldState()).isEqualTo(1);
    assertThat(b.r.status().onboardedFrom()).isTrue();
    Net.Node c = net.started("c", Net.GOOD);
    c.r.receiveKey(b.r.onboard(c.r.requestKey().encode()).encode());
    assertThat(b.r.status().peersKnownToHoldState()).isEqualTo(2);
  }

  private PeerVerification verify(StatusAttestation q, HandoverConfig c) throws Exception {
    PeerVerifier v = net.tee.verifier();
    return v.verify(q.evidence(), Transcripts.reportData(q.transcript(c)), net.clock.instant());
  }

  private static StatusAttestation withVersions(
      StatusAttestation q, int protocolVersion, long stateVersion) {
    return new StatusAttestation(
        protocolVersion,
        q.fingerprint(),
        stateVersion,
        q.statePublicKey(),
        q.block(),
        q.evidence());
  }

  private static StatusAttestation withKey(StatusAttestation q, byte[] key) {
    return new StatusAttestation(
        q.protocolVersion(), q.fingerprint(), q.stateVersion(), key, q.block(), q.evidence());
  }

  private static StatusAttestation withBlock(StatusAttestation q, ChainBlock block) {
    return new StatusAttestation(
        q.protocolVersion(),
        q.fingerprint(),
        q.stateVersion(),
        q.statePublicKey(),
        block,
        q.evidence());
  }

  @Test
  void statusQuote_verifies_andBindsEveryStatusField() throws Exception {
    Net.Node a = net.serving("a");
    StatusView s = a.r.status();
    assertThat(s.statusQuote()).isPresent();
    StatusAttestation q = s.statusQuote().get();
    assertThat(q.fingerprint().toHex()).isEqualTo(s.fingerprint().orElseThrow());
    assertThat(q.stateVersion()).isEqualTo(s.stateVersion().orElseThrow());
    assertThat(q.protocolVersion()).isEqualTo(s.protocolVersion());
    assertThat(q.block()).isEqualTo(s.chain().orElseThrow().block());
    assertThat(verify(q, Net.CONFIG)).isInstanceOf(PeerVerification.Verified.class);

    ChainBlock b = q.block();
    byte[] key = q.statePublicKey();
    key[1] ^= 1;
    List<StatusAttestation> flipped =
        List.of(
            withVersions(q, q.protocolVersion() + 1, q.stateVersion()),
            withVersions(q, q.protocolVersion(), q.stateVersion() + 1),
            withKey(q, key),
            withBlock(q, new ChainBlock(b.number() + 1, b.hash(), b.timestamp())),
            withBlock(
                q,
                new ChainBlock(b.number(), FakeChain.blockHash(b.number(), "fork"), b.timestamp())),
            withBlock(q, new ChainBlock(b.number(), b.hash(), b.timestamp().plusSeconds(1))));
    for (StatusAttestation f : flipped) {
      assertThat(verify(f, Net.CONFIG))
          .as(f.toString())
          .isInstanceOfSatisfying(
              PeerVerification.Rejected.class,
              r -> assertThat(r.code()).isEqualTo(ErrorCode.BINDING_MISMATCH));
    }
    // Another deployment (chain id or contract) does not verify either.
    HandoverConfig otherChain = HandoverConfig.of(1, Net.CONTRACT);
    HandoverConfig otherContract =
        HandoverConfig.of(
            31337, EthereumAddress.fromHex("0x0000000000000000000000000000000000000001"));
    assertThat(verify(q, otherChain)).isInstanceOf(PeerVerification.Rejected.class);
    assertThat(verify(q, otherContract)).isInstanceOf(PeerVerification.Rejected.class);
  }

  @Test
  void statusQuote_isMadeAtRefresh_notPerStatusCall() throws Exception {
    Net.Node a = net.serving("a");
    StatusAttestation q1 = a.r.status().statusQuote().orElseThrow();
    assertThat(a.r.status().statusQuote()).contains(q1);
    net.tick(Duration.ofSeconds(12));
    StatusAttestation q2 = a.r.refresh().statusQuote().orElseThrow();
    assertThat(q2.block().number()).isGreaterThan(q1.block().number());
    assertThat(a.r.status().statusQuote()).contains(q2);
  }

  @Test
  void noStatusQuote_withoutAHeldState() throws Exception {
    Net.Node b = net.started("b", Net.GOOD);
    assertThat(b.r.refresh().statusQuote()).isEmpty();
  }

  @Test
  void refreshFault_saysWhyNotServing_keepsState_andClearsOnRecovery() throws Exception {
    Net.Node a = net.serving("a");
    StatusView ok = a.r.refresh();
    assertThat(ok.serving()).isTrue();
    assertThat(ok.reason()).isEmpty();

    a.reader.failWith(ErrorCode.RPC_UNAVAILABLE);
    Instant since = net.clock.instant();
    assertThatThrownBy(() -> a.r.refresh())
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RPC_UNAVAILABLE));
    net.tick(Duration.ofSeconds(30));
    assertThatThrownBy(() -> a.r.refresh()).isInstanceOf(ReplicatoorException.class);
    StatusView down = a.r.status();
    assertThat(down.serving()).isFalse();
    assertThat(down.reason().orElseThrow().error()).isEqualTo(ErrorCode.RPC_UNAVAILABLE);
    assertThat(down.reason().orElseThrow().since()).isEqualTo(since); // the first failure's time
    // The fault changes no state: same phase, fingerprint and version; keys still derive.
    assertThat(down.phase()).isEqualTo(Phase.SERVING);
    assertThat(down.fingerprint()).isEqualTo(ok.fingerprint());
    assertThat(down.stateVersion()).isEqualTo(ok.stateVersion());

    a.reader.failWith(null);
    StatusView back = a.r.refresh();
    assertThat(back.serving()).isTrue();
    assertThat(back.reason()).isEmpty();
  }

  @Test
  void notServingReason_namesThePhase() throws Exception {
    Net.Node b = net.node("b", Net.GOOD);
    b.start();
    StatusView s = b.r.refresh();
    assertThat(s.serving()).isFalse();
    assertThat(s.reason().orElseThrow().error()).isEqualTo(ErrorCode.NOT_CONFIGURED);
    b.r.genesis();
    s = b.r.status();
    assertThat(s.reason().orElseThrow().error()).isEqualTo(ErrorCode.NOT_SERVING);
  }

  @Test
  void halted_reasonIsTheHaltCode() throws Exception {
    Net.Node a = net.serving("a");
    net.chain.revoke(Net.GOOD);
    net.tick(Duration.ofSeconds(12));
    assertThatThrownBy(() -> a.r.refresh()).isInstanceOf(ReplicatoorException.class);
    StatusView s = a.r.status();
    assertThat(s.serving()).isFalse();
    assertThat(s.reason().orElseThrow().error()).isEqualTo(ErrorCode.MEASUREMENT_REVOKED);
  }
}
