package io.replicatoor.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.internal.BlockHeader;
import io.replicatoor.chain.testing.AnvilTestBase;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.chain.testing.RpcProxy;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.measure.MeasurementId;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.sim.anvil.Anvil;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: fewer than k lying endpoints must not roll the verified read back to an older block,
 * stall it, hide proposals, or pass off a header from the future or another chain. Real anvil, real
 * HTTP proxies that lie.
 */
class QuorumAttackIT extends AnvilTestBase {
  static final long DELAY = 172_800;
  static final long CHAIN_ID = 31337;
  static final Duration MAX_AGE = Duration.ofHours(1);
  static RpcProxy honest1;
  static RpcProxy honest2;
  static RpcProxy liar1;
  static RpcProxy liar2;
  static long seed = 9000;

  @TempDir Path tmp;
  Deployment dep;
  final MutableClock clock = new MutableClock(Instant.EPOCH);

  @BeforeAll
  static void start() throws Exception {
    honest1 = proxy();
    honest2 = proxy();
    liar1 = proxy();
    liar2 = proxy();
  }

  @AfterEach
  void honestAgain() {
    liar1.honest();
    liar2.honest();
  }

  void deploy() throws ReplicatoorException {
    dep =
        owner.deploy(
            Fixtures.key(Anvil.KEY_0).address(), Fixtures.key(Anvil.KEY_1).address(), DELAY);
  }

  ChainReaderConfig config(int k, List<URI> endpoints, Duration timeout) {
    return new ChainReaderConfig(
        CHAIN_ID,
        endpoints,
        k,
        dep.contract(),
        dep.codeHash(),
        MAX_AGE,
        "latest",
        0,
        0,
        Duration.ofSeconds(60),
        timeout);
  }

  VerifiedApprovalReader reader(int k, URI... endpoints) {
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    return VerifiedApprovalReader.create(
        config(k, List.of(endpoints), Duration.ofSeconds(10)), clock);
  }

  static long latest() {
    return Long.decode(anvil.call("eth_blockNumber").asText());
  }

  static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }

  /**
   * The scenario: the id is ACTIVE at block B, revoked at B+1, and the chain is at B+2.
   * Returns B.
   */
  MeasurementId activeThenRevoked(long[] blockB) throws Exception {
    deploy();
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    anvil.mineAt(p.activeAt());
    blockB[0] = latest();
    guardian.revoke(dep.contract(), p.measurementId());
    anvil.mine();
    assertThat(latest()).isEqualTo(blockB[0] + 2);
    return p.measurementId();
  }

  /** Answers {@code latest} with block {@code b} (older, but real); serves numbers honestly. */
  static void reportsAsLatest(RpcProxy liar, long b) {
    liar.lieAboutRequests(req -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")
          && req.get("params").get(0).asText().equals("latest")) {
        ((ArrayNode) req.get("params")).set(0, TextNode.valueOf(hex(b)));
      }
      return req;
    });
  }

  /** Like {@link #reportsAsLatest}, and claims not to know any block after {@code b}. */
  static void stuckAt(RpcProxy liar, long b) {
    reportsAsLatest(liar, b);
    liar.lieAboutResponses((req, resp) -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")
          && Long.decode(req.get("params").get(0).asText()) > b) {
        resp.set("result", NullNode.getInstance());
      }
      return resp;
    });
  }

  /** Answers {@code latest} with a self-consistent header {@code ahead} blocks in the future. */
  static void reportsNonExistentNewerBlock(RpcProxy liar, long ahead) {
    liar.lieAboutResponses((req, resp) -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")
          && req.get("params").get(0).asText().equals("latest")) {
        ObjectNode b = (ObjectNode) resp.get("result");
        b.put("number", hex(Long.decode(b.get("number").asText()) + ahead));
        b.put("timestamp", hex(Long.decode(b.get("timestamp").asText()) + 1));
        b.put("hash", "0x" + HexFormat.of().formatHex(BlockHeader.fromJson(b).computedHash()));
      }
      return resp;
    });
  }

  static void assertFails(VerifiedReadIT.ThrowingCall call, ErrorCode code, String part) {
    VerifiedReadIT.assertFails(call, code, part);
  }

  /** The decision is the honest one (REVOKED) or a fail-closed error; never the older ACTIVE. */
  static void assertNeverOlder(VerifiedApprovalReader r, MeasurementId id) {
    try {
      VerifiedBlock b = r.verifiedBlock();
      assertThat(r.approval(b, id).status()).isEqualTo(ApprovalStatus.REVOKED);
    } catch (ReplicatoorException e) {
      assertThat(e.errorCode())
          .as(e.getMessage())
          .isIn(ErrorCode.QUORUM_DISAGREES, ErrorCode.HEADER_STALE);
    }
  }

  // ---- 1. rollback ---------------------------------------------------------------------------

  @Test
  void rollback_threeEndpointsDefaultQuorumOneLiarReportsOlderRealBlock_revoked() throws Exception {
    long[] b = new long[1];
    MeasurementId id = activeThenRevoked(b);
    reportsAsLatest(liar1, b[0]);
    VerifiedApprovalReader r = reader(3, anvil.uri(), honest1.uri(), liar1.uri());
    VerifiedBlock v = r.verifiedBlock();
    assertThat(v.number()).isEqualTo(b[0] + 2);
    assertThat(r.approval(v, id).status()).isEqualTo(ApprovalStatus.REVOKED);
  }

  @Test
  void rollback_threeEndpointsDefaultQuorumOneLiarStuckAtOlderBlock_failsClosed() throws Exception {
    long[] b = new long[1];
    MeasurementId id = activeThenRevoked(b);
    stuckAt(liar1, b[0]);
    VerifiedApprovalReader r = reader(3, anvil.uri(), honest1.uri(), liar1.uri());
    assertThatThrownBy(r::verifiedBlock)
        .isInstanceOfSatisfying(
            QuorumDisagreesException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.QUORUM_DISAGREES);
              // what differs, per endpoint: the numbers and hashes each one reported
              assertThat(e.votes()).hasSize(3);
              assertThat(e.votes())
                  .anySatisfy(vote -> {
                    assertThat(vote.endpoint())
                        .isEqualTo("http://127.0.0.1:" + liar1.uri().getPort());
                    assertThat(vote.number()).hasValue(b[0]);
                    assertThat(vote.hash()).isPresent();
                  });
              assertThat(e.votes())
                  .filteredOn(vote -> vote.number().orElse(-1) == b[0] + 2)
                  .hasSize(2);
              assertThat(e.getMessage())
                  .contains("block " + b[0])
                  .contains("block " + (b[0] + 2))
                  .contains(e.votes().get(0).hash().orElseThrow().toPrefixedHex());
            });
    assertNeverOlder(r, id);
  }

  @Test
  void rollback_fourEndpointsTwoLiarsQuorumThree_neverActive() throws Exception {
    long[] b = new long[1];
    MeasurementId id = activeThenRevoked(b);
    reportsAsLatest(liar1, b[0]);
    reportsAsLatest(liar2, b[0]);
    VerifiedApprovalReader passive =
        reader(3, anvil.uri(), honest1.uri(), liar1.uri(), liar2.uri());
    assertNeverOlder(passive, id);
    stuckAt(liar1, b[0]);
    stuckAt(liar2, b[0]);
    VerifiedApprovalReader stuck = reader(3, anvil.uri(), honest1.uri(), liar1.uri(), liar2.uri());
    assertFails(stuck::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "block " + b[0]);
  }

  @Test
  void rollback_oneLiarOfThreeQuorumTwo_revoked() throws Exception {
    long[] b = new long[1];
    MeasurementId id = activeThenRevoked(b);
    stuckAt(liar1, b[0]);
    VerifiedApprovalReader r = reader(2, anvil.uri(), honest1.uri(), liar1.uri());
    VerifiedBlock v = r.verifiedBlock();
    assertThat(v.number()).isEqualTo(b[0] + 2);
    assertThat(r.approval(v, id).status()).isEqualTo(ApprovalStatus.REVOKED);
  }

  @Test
  void rollback_liarReportsNonExistentNewerBlock_failsClosedNeverOlder() throws Exception {
    long[] b = new long[1];
    MeasurementId id = activeThenRevoked(b);
    reportsNonExistentNewerBlock(liar1, 5);
    // 2 of 3: the two honest answers may settle the round before the liar's arrives
    assertNeverOlder(reader(2, anvil.uri(), honest1.uri(), liar1.uri()), id);
    // 3 of 3: the non-existent head is the highest vote and nobody else can serve it
    VerifiedApprovalReader r = reader(3, anvil.uri(), honest1.uri(), liar1.uri());
    assertFails(r::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "block " + (b[0] + 7));
  }

  @Test
  void rollback_mixtureOlderAndNewerLiarsOfFourQuorumThree_neverActive() throws Exception {
    long[] b = new long[1];
    MeasurementId id = activeThenRevoked(b);
    stuckAt(liar1, b[0]);
    reportsNonExistentNewerBlock(liar2, 3);
    VerifiedApprovalReader r = reader(3, anvil.uri(), honest1.uri(), liar1.uri(), liar2.uri());
    assertNeverOlder(r, id);
    // an older liar alone, with a lag allowance of one block, still never reaches block B
    liar2.honest();
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    ChainReaderConfig lag1 =
        new ChainReaderConfig(
            CHAIN_ID,
            List.of(anvil.uri(), honest1.uri(), liar1.uri()),
            3,
            dep.contract(),
            dep.codeHash(),
            MAX_AGE,
            "latest",
            0,
            1,
            Duration.ofSeconds(60),
            Duration.ofSeconds(10));
    assertNeverOlder(VerifiedApprovalReader.create(lag1, clock), id);
  }

  @Test
  void lag_honestEndpointOneBlockBehind_agreesWithinAllowedLagOnly() throws Exception {
    deploy();
    anvil.mine();
    long head = latest();
    stuckAt(liar1, head - 1); // an honest node that has not seen the newest block yet
    VerifiedApprovalReader strict = reader(2, anvil.uri(), liar1.uri());
    assertFails(strict::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "block " + (head - 1));
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    ChainReaderConfig lag1 =
        new ChainReaderConfig(
            CHAIN_ID,
            List.of(anvil.uri(), liar1.uri()),
            2,
            dep.contract(),
            dep.codeHash(),
            MAX_AGE,
            "latest",
            0,
            1,
            Duration.ofSeconds(60),
            Duration.ofSeconds(10));
    assertThat(VerifiedApprovalReader.create(lag1, clock).verifiedBlock().number())
        .isEqualTo(head - 1);
  }

  // ---- 1b. high-water mark on disk -----------------------------------------------------------

  @Test
  void highWaterMark_persistsAcrossReaders_olderBlockLaterIsStale() throws Exception {
    long[] b = new long[1];
    MeasurementId id = activeThenRevoked(b);
    HighWaterMarks marks = HighWaterMarks.inDirectory(tmp.resolve("hwm"));
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    VerifiedApprovalReader first =
        VerifiedApprovalReader.create(
            config(1, List.of(honest1.uri()), Duration.ofSeconds(10)), clock, marks);
    assertThat(first.verifiedBlock().number()).isEqualTo(b[0] + 2);
    Path file = marks.fileFor(CHAIN_ID, dep.contract());
    assertThat(Files.readString(file).strip()).isEqualTo(Long.toString(b[0] + 2));
    try (var dir = Files.list(file.getParent())) {
      assertThat(dir.filter(p -> !p.equals(file) && !p.toString().endsWith(".lock")))
          .as("no temp file left")
          .isEmpty();
    }
    // a second run (a new process: a new store over the same folder) meets a liar serving B
    reportsAsLatest(liar1, b[0]);
    VerifiedApprovalReader second =
        VerifiedApprovalReader.create(
            config(1, List.of(liar1.uri()), Duration.ofSeconds(10)),
            clock,
            HighWaterMarks.inDirectory(tmp.resolve("hwm")));
    assertThat(second.highWaterMark()).isEqualTo(b[0] + 2);
    assertFails(
        second::verifiedBlock, ErrorCode.HEADER_STALE, "below the high-water mark " + (b[0] + 2));
    assertNeverOlder(second, id);
  }

  @Test
  void highWaterMark_raisedByHandOver_neverDecidesOnOlderBlock() throws Exception {
    deploy();
    HighWaterMarks marks = HighWaterMarks.inDirectory(tmp.resolve("hwm"));
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    VerifiedApprovalReader r =
        VerifiedApprovalReader.create(
            config(1, List.of(anvil.uri()), Duration.ofSeconds(10)), clock, marks);
    long head = latest();
    r.raiseHighWaterMark(head + 3); // the source had verified block head+3
    r.raiseHighWaterMark(head - 3); // never lowers
    assertThat(marks.get(CHAIN_ID, dep.contract())).isEqualTo(head + 3);
    assertFails(r::verifiedBlock, ErrorCode.HEADER_STALE, "below the high-water mark");
    // keyed by chain and contract: another contract is not affected
    assertThat(marks.get(CHAIN_ID, Fixtures.key(Anvil.KEY_3).address())).isZero();
    // a corrupt mark fails closed instead of reading as zero
    Files.writeString(marks.fileFor(CHAIN_ID, dep.contract()), "not a number\n");
    assertThatThrownBy(r::verifiedBlock)
        .isInstanceOf(ReplicatoorException.class)
        .hasMessageContaining("high-water mark");
  }

  // ---- 2. stall ------------------------------------------------------------------------------

  @Test
  void stall_oneSlowLorisEndpointOfThreeQuorumTwo_answersWithinTimeout() throws Exception {
    deploy();
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    anvil.mineAt(p.activeAt());
    liar1.stallAfter(10);
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    Duration timeout = Duration.ofSeconds(3);
    VerifiedApprovalReader r =
        VerifiedApprovalReader.create(
            config(2, List.of(liar1.uri(), anvil.uri(), honest1.uri()), timeout), clock);
    long t0 = System.nanoTime();
    ApprovalState s =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> r.approval(r.verifiedBlock(), p.measurementId()));
    assertThat(s.status()).isEqualTo(ApprovalStatus.ACTIVE);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(timeout.plusSeconds(2));
    // needing the stalled endpoint fails within one deadline plus a margin, not never
    VerifiedApprovalReader all =
        VerifiedApprovalReader.create(
            config(3, List.of(liar1.uri(), anvil.uri(), honest1.uri()), timeout), clock);
    long t1 = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> assertFails(all::verifiedBlock, ErrorCode.RPC_UNAVAILABLE, "timed out"));
    assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(timeout.plusSeconds(2));
  }

  // ---- 3. smaller gaps -----------------------------------------------------------------------

  @Test
  void proposals_257_allListedNotTruncated() throws Exception {
    deploy();
    Proposal first = owner.proposeDevice(dep.contract(), Fixtures.word(seed++), "");
    List<MeasurementId> ids = new ArrayList<>(List.of(first.measurementId()));
    for (int i = 1; i < 257; i++) {
      ids.add(owner.proposeDevice(dep.contract(), Fixtures.word(seed++), "").measurementId());
    }
    VerifiedApprovalReader r = reader(1, anvil.uri());
    VerifiedBlock b = r.verifiedBlock();
    ProposalList all = r.proposals(b);
    assertThat(all.length()).isEqualTo(257);
    assertThat(all.truncated()).isFalse();
    assertThat(all.states()).extracting(ApprovalState::id).containsExactlyElementsOf(ids);
    ProposalList pending = r.pendingUpgrades(b);
    assertThat(pending.states())
        .extracting(ApprovalState::id)
        .contains(first.measurementId())
        .hasSize(257);
  }

  @Test
  void header_timestampBeyondTrustedTimePlusSkew_rejected() throws Exception {
    deploy();
    long ts = anvil.latestTimestamp();
    VerifiedApprovalReader r = reader(1, anvil.uri());
    clock.set(Instant.ofEpochSecond(ts - 60)); // exactly the skew: accepted
    assertThat(r.verifiedBlock().timestamp()).isEqualTo(ts);
    clock.set(Instant.ofEpochSecond(ts - 61));
    assertFails(r::verifiedBlock, ErrorCode.HEADER_FROM_FUTURE, "later than trusted time");
    // one endpoint from the future does not stop two honest ones
    liar1.lieAboutResponses((req, resp) -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")) {
        ObjectNode h = (ObjectNode) resp.get("result");
        h.put("timestamp", hex(Long.decode(h.get("timestamp").asText()) + 3600));
        h.put("hash", "0x" + HexFormat.of().formatHex(BlockHeader.fromJson(h).computedHash()));
      }
      return resp;
    });
    VerifiedApprovalReader two = reader(2, anvil.uri(), honest1.uri(), liar1.uri());
    assertThat(two.verifiedBlock().number()).isEqualTo(latest());
    VerifiedApprovalReader one = reader(1, liar1.uri());
    assertFails(one::verifiedBlock, ErrorCode.HEADER_FROM_FUTURE, "later than trusted time");
  }

  @Test
  void chainId_checkedOnEveryEndpoint() throws Exception {
    deploy();
    liar1.lieAboutResponses((req, resp) -> {
      if (req.get("method").asText().equals("eth_chainId")) {
        resp.put("result", "0x1");
      }
      return resp;
    });
    assertFails(
        reader(1, liar1.uri())::verifiedBlock,
        ErrorCode.CHAIN_ID_MISMATCH,
        "chain id 1, expected 31337");
    assertFails(
        reader(3, anvil.uri(), honest1.uri(), liar1.uri())::verifiedBlock,
        ErrorCode.CHAIN_ID_MISMATCH,
        "chain id 1");
    assertThat(reader(2, anvil.uri(), honest1.uri(), liar1.uri()).verifiedBlock().number())
        .isEqualTo(latest());
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
    ChainReaderConfig mainnet =
        new ChainReaderConfig(
            1,
            List.of(anvil.uri()),
            1,
            dep.contract(),
            dep.codeHash(),
            MAX_AGE,
            "latest",
            0,
            0,
            Duration.ofSeconds(60),
            Duration.ofSeconds(10));
    assertFails(
        VerifiedApprovalReader.create(mainnet, clock)::verifiedBlock,
        ErrorCode.CHAIN_ID_MISMATCH,
        "chain id 31337, expected 1");
  }

  // ---- issue 7 §4.12: safe/finalized on a young anvil chain ----------------------------------

  @Test
  void finalizedTag_beforeDeploymentOnAnvil_contractNotDeployedNotProofInvalid() throws Exception {
    deploy();
    MeasurementId id = MeasurementId.of(Fixtures.word(seed++));
    for (String tag : List.of("safe", "finalized")) {
      clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
      ChainReaderConfig c =
          new ChainReaderConfig(
              CHAIN_ID,
              List.of(anvil.uri()),
              1,
              dep.contract(),
              dep.codeHash(),
              Duration.ofDays(3650),
              tag,
              0,
              0,
              Duration.ofSeconds(60),
              Duration.ofSeconds(10));
      VerifiedApprovalReader r = VerifiedApprovalReader.create(c, clock);
      VerifiedBlock b = r.verifiedBlock();
      assertFails(
          () -> r.approval(b, id),
          ErrorCode.CONTRACT_NOT_DEPLOYED,
          "no contract at " + dep.contract() + " in block " + b.number());
    }
  }
}
