package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.testing.AnvilTestBase;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.chain.testing.RpcProxy;
import io.replicatoor.sim.anvil.Anvil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicatoor upgrade check} against a real anvil behind lying JSON-RPC proxies: the CLI
 * gives the same answers as the library (issue 11; issue 7 §4 items 12 and 13).
 */
class UpgradeCheckIT extends AnvilTestBase {
  static RpcProxy honest;
  static RpcProxy liar;
  static long seed = 700;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    honest = proxy();
    liar = proxy();
  }

  @AfterEach
  void honestAgain() {
    liar.honest();
  }

  static long latest() {
    return Long.decode(anvil.call("eth_blockNumber").asText());
  }

  static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }

  CliRun check(Deployment d, String id, List<String> rpcs, String... extra) {
    return CliRun.run(
        CliRun.args(
            checkArgs(d, id, String.join(",", rpcs), "31337", tmp.resolve("cache")), extra));
  }

  /**
   * {@code upgrade check ... --json} of {@code id} on {@code d}, with {@code cache} and anvil's
   * clock (other tests mine 48 h ahead) allowed for.
   */
  static List<String> checkArgs(Deployment d, String id, String rpcs, String chainId, Path cache) {
    List<String> a =
        CliRun.upgradeCheckArgs(
            rpcs, d.contract().toPrefixedHex(), d.codeHash().toPrefixedHex(), id, chainId);
    a.addAll(
        List.of(
            "--cache-dir",
            cache.toString(),
            "--max-clock-skew",
            "1000000",
            "--max-age",
            "1000000"));
    return a;
  }

  /** A measurement that was ACTIVE at {@code block} and revoked in the block after. */
  record Revoked(String id, long block) {}

  /** ACTIVE at block B, revoked at B+1, chain at B+2. */
  Revoked activeThenRevoked(Deployment d) throws Exception {
    Proposal p = owner.propose(d.contract(), Fixtures.parts(seed++), "");
    anvil.mineAt(p.activeAt());
    long b = latest();
    guardian.revoke(d.contract(), p.measurementId());
    anvil.mine();
    return new Revoked(p.measurementId().toPrefixedHex(), b);
  }

  /**
   * The answer of {@code upgrade check} over anvil, an honest proxy and the liar, after a revoke.
   */
  record LiarRun(Deployment d, Revoked revoked, CliRun run) {}

  /**
   * Deploys, activates then revokes a measurement, makes the liar report the block where it was
   * ACTIVE as the latest (and, if {@code refusesNewer}, refuse every newer block) and checks it
   * over anvil, the honest proxy and the liar.
   */
  LiarRun checkWithLiarStuckAtActive(boolean refusesNewer) throws Exception {
    Deployment d = deploy();
    Revoked s = activeThenRevoked(d);
    liarReportsAsLatest(s.block(), refusesNewer);
    CliRun r =
        check(
            d,
            s.id(),
            List.of(anvil.uri().toString(), honest.uri().toString(), liar.uri().toString()));
    return new LiarRun(d, s, r);
  }

  Deployment deploy() throws Exception {
    return owner.deploy(
        Fixtures.key(Anvil.KEY_0).address(), Fixtures.key(Anvil.KEY_1).address(), 172_800);
  }

  void liarReportsAsLatest(long b, boolean refusesNewer) {
    liar.lieAboutRequests(req -> {
      if (req.get("method").asText().equals("eth_getBlockByNumber")
          && req.get("params").get(0).asText().equals("latest")) {
        ((ArrayNode) req.get("params")).set(0, TextNode.valueOf(hex(b)));
      }
      return req;
    });
    if (refusesNewer) {
      liar.lieAboutResponses((req, resp) -> {
        if (req.get("method").asText().equals("eth_getBlockByNumber")
            && Long.decode(req.get("params").get(0).asText()) > b) {
          resp.set("result", NullNode.getInstance());
        }
        return resp;
      });
    }
  }

  @Test
  void check_oneLiarOfThreeReportsOlderBlock_revokedNeverActive() throws Exception {
    LiarRun l = checkWithLiarStuckAtActive(false);
    long b = l.revoked().block();
    CliRun r = l.run();
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("state").asText()).isEqualTo("REVOKED");
    assertThat(j.get("block").get("number").asLong()).isEqualTo(b + 2);
    assertThat(j.get("quorum").asText()).isEqualTo("3/3");
  }

  @Test
  void check_liarStuckAtOlderBlock_quorumDisagreesShowsNumberAndHashPerEndpoint() throws Exception {
    LiarRun l = checkWithLiarStuckAtActive(true);
    long b = l.revoked().block();
    CliRun r = l.run();
    assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
    JsonNode j = r.json();
    assertThat(j.get("error").asText()).isEqualTo("QUORUM_DISAGREES");
    JsonNode votes = j.get("votes");
    assertThat(votes).hasSize(3);
    String latestHash = anvil.call("eth_getBlockByNumber", hex(b + 2), false).get("hash").asText();
    String oldHash = anvil.call("eth_getBlockByNumber", hex(b), false).get("hash").asText();
    assertThat(votes.get(0).get("number").asLong()).isEqualTo(b + 2);
    assertThat(votes.get(0).get("hash").asText()).isEqualTo(latestHash);
    assertThat(votes.get(2).get("endpoint").asText())
        .isEqualTo("http://127.0.0.1:" + liar.uri().getPort());
    assertThat(votes.get(2).get("number").asLong()).isEqualTo(b);
    assertThat(votes.get(2).get("hash").asText()).isEqualTo(oldHash);
    assertThat(j.get("message").asText()).contains(latestHash).contains(oldHash);
    // the human form names the same numbers and hashes on one line
    List<String> human =
        checkArgs(
            l.d(),
            l.revoked().id(),
            anvil.uri() + "," + liar.uri(),
            "31337",
            tmp.resolve("cache2"));
    human.remove("--json");
    CliRun h = CliRun.run(human.toArray(String[]::new));
    assertThat(h.exitCode()).isEqualTo(1);
    assertThat(h.err()).contains("QUORUM_DISAGREES").contains(latestHash).contains(oldHash);
  }

  @Test
  void check_twoRunsInARow_secondNeverReadsAnOlderBlock() throws Exception {
    Deployment d = deploy();
    Revoked s = activeThenRevoked(d);
    long b = s.block();
    CliRun first = check(d, s.id(), List.of(honest.uri().toString()));
    assertThat(first.exitCode()).as(first.out()).isZero();
    assertThat(first.json().get("block").get("number").asLong()).isEqualTo(b + 2);
    Path mark =
        tmp.resolve("cache")
            .resolve("high-water-marks")
            .resolve("31337-" + d.contract().toPrefixedHex() + ".hwm");
    assertThat(Files.readString(mark).strip()).isEqualTo(Long.toString(b + 2));
    liarReportsAsLatest(b, true);
    CliRun second = check(d, s.id(), List.of(liar.uri().toString()));
    second.assertError(1, "HEADER_STALE");
    assertThat(second.json().get("message").asText())
        .contains("below the high-water mark " + (b + 2));
  }

  @Test
  void check_finalizedOrSafeOnYoungAnvilChain_contractNotDeployedNotProofInvalid()
      throws Exception {
    Deployment d = deploy();
    for (String tag : List.of("safe", "finalized")) {
      CliRun r =
          check(d, "0x" + "01".repeat(32), List.of(anvil.uri().toString()), "--block-tag", tag);
      r.assertError(1, "CONTRACT_NOT_DEPLOYED");
      assertThat(r.json().get("message").asText())
          .contains("no contract at " + d.contract().toPrefixedHex())
          .doesNotContain("does not hash");
    }
  }

  @Test
  void check_endpointOfAnotherChain_chainIdMismatch() throws Exception {
    Deployment d = deploy();
    List<String> a = checkArgs(d, "0x" + "01".repeat(32), anvil.uri().toString(), "1", tmp);
    CliRun r = CliRun.run(a.toArray(String[]::new));
    r.assertError(1, "CHAIN_ID_MISMATCH");
    assertThat(r.json().get("message").asText()).contains("chain id 31337, expected 1");
  }

  @Test
  void check_stallingEndpointOfThreeQuorumTwo_answers() throws Exception {
    Deployment d = deploy();
    liar.stallAfter(10);
    long t0 = System.nanoTime();
    CliRun r =
        check(
            d,
            "0x" + "01".repeat(32),
            List.of(liar.uri().toString(), anvil.uri().toString(), honest.uri().toString()),
            "--quorum",
            "2");
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.json().get("state").asText()).isEqualTo("NONE");
    assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(12); // 10 s deadline + margin
  }
}
