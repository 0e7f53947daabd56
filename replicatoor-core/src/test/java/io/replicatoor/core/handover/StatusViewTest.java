package io.replicatoor.core.handover;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.port.ApprovalStatus;
import io.replicatoor.core.port.PendingUpgrade;
import io.replicatoor.core.testing.FakeChain;
import io.replicatoor.core.testing.FakeTee;
import java.time.Duration;
import java.time.Instant;
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
    Net.Node b = net.node("b", next);
    b.start();
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
    Net.Node b = net.node("b", Net.GOOD);
    b.start();
    assertThat(b.r.status().peersKnownToHoldState()).isZero();
    b.r.receiveKey(a.r.onboard(b.r.requestKey().encode()).encode());
    assertThat(a.r.status().peersKnownToHoldState()).isEqualTo(1);
    assertThat(b.r.status().peersKnownToHoldState()).isEqualTo(1);
    assertThat(b.r.status().onboardedFrom()).isTrue();
    Net.Node c = net.node("c", Net.GOOD);
    c.start();
    c.r.receiveKey(b.r.onboard(c.r.requestKey().encode()).encode());
    assertThat(b.r.status().peersKnownToHoldState()).isEqualTo(2);
  }
}
