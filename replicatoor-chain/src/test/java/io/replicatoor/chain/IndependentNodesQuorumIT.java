package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.sim.anvil.Anvil;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spec 6.3 item 10 with independent nodes instead of proxies: anvils started with the same {@code
 * --timestamp} and fed the same transactions at pinned block timestamps produce identical block
 * hashes, so a quorum over them agrees; a node whose history diverged is outvoted or makes the
 * quorum fail.
 */
class IndependentNodesQuorumIT {
  static final long GENESIS = 1_800_000_000L;
  static final List<Anvil> nodes = new ArrayList<>();
  static Deployment dep;
  static Proposal proposal;

  @BeforeAll
  static void start() throws Exception {
    for (int i = 0; i < 4; i++) {
      nodes.add(Anvil.start("--timestamp", Long.toString(GENESIS)));
    }
    long t = GENESIS;
    for (Anvil a : nodes) {
      try (UpgradeAdmin owner = UpgradeAdmin.connect(a.uri(), Fixtures.key(Anvil.KEY_0))) {
        a.call("evm_setNextBlockTimestamp", t + 12);
        Deployment d =
            owner.deploy(
                Fixtures.key(Anvil.KEY_0).address(), Fixtures.key(Anvil.KEY_1).address(), 172_800);
        a.call("evm_setNextBlockTimestamp", t + 24);
        Proposal p = owner.propose(d.contract(), Fixtures.parts(1), "");
        dep = d;
        proposal = p;
      }
    }
    // node 3 diverges: one extra transaction at the same height
    try (UpgradeAdmin owner = UpgradeAdmin.connect(nodes.get(3).uri(), Fixtures.key(Anvil.KEY_0))) {
      nodes.get(3).call("evm_setNextBlockTimestamp", t + 36);
      owner.propose(dep.contract(), Fixtures.parts(2), "");
    }
    for (int i = 0; i < 3; i++) {
      nodes.get(i).mineAt(t + 36);
    }
  }

  @AfterAll
  static void stop() {
    nodes.forEach(Anvil::close);
  }

  static VerifiedApprovalReader reader(int k, int... which) {
    List<URI> uris = new ArrayList<>();
    for (int i : which) {
      uris.add(nodes.get(i).uri());
    }
    return VerifiedApprovalReader.create(
        ChainReaderConfig.of(31337, uris, k, dep.contract(), dep.codeHash(), Duration.ofHours(1)),
        new MutableClock(Instant.ofEpochSecond(GENESIS + 60)));
  }

  @Test
  void sameGenesisAndPinnedTimestamps_identicalHashes_quorumOfThreeAgrees() throws Exception {
    String h0 = nodes.get(0).call("eth_getBlockByNumber", "latest", false).get("hash").asText();
    for (int i = 1; i < 3; i++) {
      assertThat(nodes.get(i).call("eth_getBlockByNumber", "latest", false).get("hash").asText())
          .as("node %d", i)
          .isEqualTo(h0);
    }
    VerifiedApprovalReader r = reader(3, 0, 1, 2);
    VerifiedBlock b = r.verifiedBlock();
    assertThat(b.hash().toPrefixedHex()).isEqualTo(h0);
    assertThat(r.approval(b, proposal.measurementId()).status()).isEqualTo(ApprovalStatus.PENDING);
  }

  @Test
  void divergedFourthNode_outvotedAtK3_disagreesAtK4() throws Exception {
    String diverged =
        nodes.get(3).call("eth_getBlockByNumber", "latest", false).get("hash").asText();
    String honest = nodes.get(0).call("eth_getBlockByNumber", "latest", false).get("hash").asText();
    assertThat(diverged).isNotEqualTo(honest);
    assertThat(reader(3, 0, 1, 2, 3).verifiedBlock().hash().toPrefixedHex()).isEqualTo(honest);
    assertThatThrownBy(() -> reader(4, 0, 1, 2, 3).verifiedBlock())
        .isInstanceOfSatisfying(
            ReplicatoorException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.QUORUM_DISAGREES));
  }
}
