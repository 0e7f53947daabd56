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

  /** A config for the deployed contract: no confirmations, 60 s clock skew. */
  ChainReaderConfig config(
      long chainId,
      List<URI> endpoints,
      int k,
      Duration maxAge,
      String tag,
      int maxLag,
      Duration timeout) {
    return new ChainReaderConfig(
        chainId,
        endpoints,
        k,
        dep.contract(),
        dep.codeHash(),
        maxAge,
        tag,
        0,
        maxLag,
        Duration.ofSeconds(60),
        timeout);
  }

  /** A config on this chain at {@code latest} with {@link #MAX_AGE} and no lag allowance. */
  ChainReaderConfig config(int k, List<URI> endpoints, Duration timeout) {
    return config(CHAIN_ID, endpoints, k, MAX_AGE, "latest", 0, timeout);
  }

  /** Trusted time 5 s after the newest block. */
  void trustNow() {
    clock.set(Instant.ofEpochSecond(anvil.latestTimestamp() + 5));
  }

  /** A reader over {@code c} at trusted time 5 s after the newest block. */
  VerifiedApprovalReader reader(ChainReaderConfig c) {
    trustNow();
    return VerifiedApprovalReader.create(c, clock);
  }

  VerifiedApprovalReader reader(int k, URI... endpoints) {
    return reader(config(k, List.of(endpoints), Duration.ofSeconds(10)));
  }

  /** Like {@link #reader(int, URI...)}, with a lag allowance of one block. */
  VerifiedApprovalReader lag1Reader(int k, URI... endpoints) {
    return reader(
        config(CHAIN_ID, List.of(endpoints), k, MAX_AGE, "latest", 1, Duration.ofSeconds(10)));
  }

  static long latest() {
    return Long.decode(anvil.call("eth_blockNumber").asText());
  }

  static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }

  /**
   * The scenario: {@code id} is ACTIVE at block {@code b}, revoked at b+1; the chain is at
   * b+2.
   */
  record Revoked(MeasurementId id, long b) {}

  Revoked activeThenRevoked() throws Exception {
    deploy();
    Proposal p = owner.propose(dep.contract(), Fixtures.parts(seed++), "");
    anvil.mineAt(p.activeAt());
    long b = latest();
    guardian.revoke(dep.contract(), p.measurementId());
    anvil.mine();
    assertThat(latest()).isEqualTo(b + 2);
    return new Revoked(p.measurementId(), b);
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

  /** {@code r} decides on the head, b+2, where the id is REVOKED. */
  static void assertRevokedAtHead(VerifiedApprovalReader r, Revoked s) throws Exception {
    VerifiedBlock v = r.verifiedBlock();
    assertThat(v.number()).isEqualTo(s.b() + 2);
    assertThat(r.approval(v, s.id()).status()).isEqualTo(ApprovalStatus.REVOKED);
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
    Revoked s = activeThenRevoked();
    reportsAsLatest(liar1, s.b());
    assertRevokedAtHead(reader(3, anvil.uri(), honest1.uri(), liar1.uri()), s);
  }

  @Test
  void rollback_threeEndpointsDefaultQuorumOneLiarStuckAtOlderBlock_failsClosed() throws Exception {
    Revoked s = activeThenRevoked();
    stuckAt(liar1, s.b());
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
                    assertThat(vote.number()).hasValue(s.b());
                    assertThat(vote.hash()).isPresent();
                  });
              assertThat(e.votes())
                  .filteredOn(vote -> vote.number().orElse(-1) == s.b() + 2)
                  .hasSize(2);
              assertThat(e.getMessage())
                  .contains("block " + s.b())
                  .contains("block " + (s.b() + 2))
                  .contains(e.votes().get(0).hash().orElseThrow().toPrefixedHex());
            });
    assertNeverOlder(r, s.id());
  }

  @Test
  void rollback_fourEndpointsTwoLiarsQuorumThree_neverActive() throws Exception {
    Revoked s = activeThenRevoked();
    reportsAsLatest(liar1, s.b());
    reportsAsLatest(liar2, s.b());
    VerifiedApprovalReader passive =
        reader(3, anvil.uri(), honest1.uri(), liar1.uri(), liar2.uri());
    assertNeverOlder(passive, s.id());
    stuckAt(liar1, s.b());
    stuckAt(liar2, s.b());
    VerifiedApprovalReader stuck = reader(3, anvil.uri(), honest1.uri(), liar1.uri(), liar2.uri());
    assertFails(stuck::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "block " + s.b());
  }

  @Test
  void rollback_oneLiarOfThreeQuorumTwo_revoked() throws Exception {
    Revoked s = activeThenRevoked();
    stuckAt(liar1, s.b());
    assertRevokedAtHead(reader(2, anvil.uri(), honest1.uri(), liar1.uri()), s);
  }

  @Test
  void rollback_liarReportsNonExistentNewerBlock_failsClosedNeverOlder() throws Exception {
    Revoked s = activeThenRevoked();
    reportsNonExistentNewerBlock(liar1, 5);
    // 2 of 3: the two honest answers may settle the round before the liar's arrives
    assertNeverOlder(reader(2, anvil.uri(), honest1.uri(), liar1.uri()), s.id());
    // 3 of 3: the non-existent head is the highest vote and nobody else can serve it
    VerifiedApprovalReader r = reader(3, anvil.uri(), honest1.uri(), liar1.uri());
    assertFails(r::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "block " + (s.b() + 7));
  }

  @Test
  void rollback_mixtureOlderAndNewerLiarsOfFourQuorumThree_neverActive() throws Exception {
    Revoked s = activeThenRevoked();
    stuckAt(liar1, s.b());
    reportsNonExistentNewerBlock(liar2, 3);
    VerifiedApprovalReader r = reader(3, anvil.uri(), honest1.uri(), liar1.uri(), liar2.uri());
    assertNeverOlder(r, s.id());
    // an older liar alone, with a lag allowance of one block, still never reaches block B
    liar2.honest();
    assertNeverOlder(lag1Reader(3, anvil.uri(), honest1.uri(), liar1.uri()), s.id());
  }

  @Test
  void lag_honestEndpointOneBlockBehind_agreesWithinAllowedLagOnly() throws Exception {
    deploy();
    anvil.mine();
    long head = latest();
    stuckAt(liar1, head - 1); // an honest node that has not seen the newest block yet
    VerifiedApprovalReader strict = reader(2, anvil.uri(), liar1.uri());
    assertFails(strict::verifiedBlock, ErrorCode.QUORUM_DISAGREES, "block " + (head - 1));
    assertThat(lag1Reader(2, anvil.uri(), liar1.uri()).verifiedBlock().number())
        .isEqualTo(head - 1);
  }

  // ---- 1b. high-water mark on disk -----------------------------------------------------------

  @Test
  void highWaterMark_persistsAcrossReaders_olderBlockLaterIsStale() throws Exception {
    Revoked s = activeThenRevoked();
    HighWaterMarks marks = HighWaterMarks.inDirectory(tmp.resolve("hwm"));
    trustNow();
    VerifiedApprovalReader first =
        VerifiedApprovalReader.create(
            config(1, List.of(honest1.uri()), Duration.ofSeconds(10)), clock, marks);
    assertThat(first.verifiedBlock().number()).isEqualTo(s.b() + 2);
    Path file = marks.fileFor(CHAIN_ID, dep.contract());
    assertThat(Files.readString(file).strip()).isEqualTo(Long.toString(s.b() + 2));
    try (var dir = Files.list(file.getParent())) {
      assertThat(dir.filter(p -> !p.equals(file) && !p.toString().endsWith(".lock")))
          .as("no temp file left")
          .isEmpty();
    }
    // a second run (a new process: a new store over the same folder) meets a liar serving B
    reportsAsLatest(liar1, s.b());
    VerifiedApprovalReader second =
        VerifiedApprovalReader.create(
            config(1, List.of(liar1.uri()), Duration.ofSeconds(10)),
            clock,
            HighWaterMarks.inDirectory(tmp.resolve("hwm")));
    assertThat(second.highWaterMark()).isEqualTo(s.b() + 2);
    assertFails(
        second::verifiedBlock, ErrorCode.HEADER_STALE, "below the high-water mark " + (s.b() + 2));
    assertNeverOlder(second, s.id());
  }

  @Test
  void highWaterMark_raisedByHandOver_neverDecidesOnOlderBlock() throws Exception {
    deploy();
    HighWaterMarks marks = HighWaterMarks.inDirectory(tmp.resolve("hwm"));
    trustNow();
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
    Duration timeout = Duration.ofSeconds(3);
    VerifiedApprovalReader r =
        reader(config(2, List.of(liar1.uri(), anvil.uri(), honest1.uri()), timeout));
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
    ChainReaderConfig mainnet =
        config(1, List.of(anvil.uri()), 1, MAX_AGE, "latest", 0, Duration.ofSeconds(10));
    assertFails(
        reader(mainnet)::verifiedBlock, ErrorCode.CHAIN_ID_MISMATCH, "chain id 31337, expected 1");
  }

  // ---- issue 7 §4.12: safe/finalized on a young anvil chain ----------------------------------

  @Test
  void finalizedTag_beforeDeploymentOnAnvil_contractNotDeployedNotProofInvalid() throws Exception {
    deploy();
    MeasurementId id = MeasurementId.of(Fixtures.word(seed++));
    for (String tag : List.of("safe", "finalized")) {
      VerifiedApprovalReader r =
          reader(
              config(
                  CHAIN_ID,
                  List.of(anvil.uri()),
                  1,
                  Duration.ofDays(3650),
                  tag,
                  0,
                  Duration.ofSeconds(10)));
      VerifiedBlock b = r.verifiedBlock();
      assertFails(
          () -> r.approval(b, id),
          ErrorCode.CONTRACT_NOT_DEPLOYED,
          "no contract at " + dep.contract() + " in block " + b.number());
    }
  }
}
