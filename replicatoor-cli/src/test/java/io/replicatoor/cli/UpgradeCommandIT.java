package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.measure.ImageMeasurement;
import io.replicatoor.attest.measure.ReferenceMeasurement;
import io.replicatoor.chain.testing.Fixtures;
import io.replicatoor.chain.testing.RpcProxy;
import io.replicatoor.core.measure.Measurement;
import io.replicatoor.sim.anvil.Anvil;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Wallet;

/** {@code replicatoor upgrade ...} run in-process against a real anvil. */
class UpgradeCommandIT {
  static final ObjectMapper M = new ObjectMapper();
  static Anvil anvil;
  static Path ownerKeyFile;
  static Path guardianKeyFile;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    anvil = Anvil.start();
    ownerKeyFile = Files.writeString(tmp.resolve("owner.key"), Anvil.KEY_0 + "\n");
    guardianKeyFile = Files.writeString(tmp.resolve("guardian.key"), Anvil.KEY_1.substring(2));
  }

  @AfterAll
  static void stop() {
    CliEnvironment.set(System::getenv);
    if (anvil != null) {
      anvil.close();
    }
  }

  static CliRun run(String... args) {
    CliRun r = CliRun.run(args);
    for (String key : List.of(Anvil.KEY_0, Anvil.KEY_1)) {
      assertThat(r.out() + r.err())
          .as("private key never printed")
          .doesNotContain(key.substring(2));
    }
    return r;
  }

  /**
   * {@code upgrade SUBCOMMAND --rpc ANVIL --contract C --key-file K} followed by {@code more}: a
   * transaction.
   */
  static CliRun send(String subcommand, String contract, String keyFile, String... more) {
    return run(
        CliRun.args(
            List.of(
                "upgrade",
                subcommand,
                "--rpc",
                anvil.uri().toString(),
                "--contract",
                contract,
                "--key-file",
                keyFile),
            more));
  }

  /** {@code upgrade deploy --rpc ANVIL --key-file OWNER} followed by {@code more}. */
  static CliRun upgradeDeploy(String... more) {
    return run(
        CliRun.args(
            List.of(
                "upgrade",
                "deploy",
                "--rpc",
                anvil.uri().toString(),
                "--key-file",
                ownerKeyFile.toString()),
            more));
  }

  /** {@code upgrade status --rpc RPC --contract C} followed by {@code more}. */
  static CliRun upgradeStatus(String rpc, String contract, String... more) {
    return run(
        CliRun.args(List.of("upgrade", "status", "--rpc", rpc, "--contract", contract), more));
  }

  static String deploy() throws Exception {
    CliRun r =
        upgradeDeploy("--guardian", Fixtures.key(Anvil.KEY_1).address().toPrefixedHex(), "--json");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    return r.json().get("contract").asText();
  }

  static List<String> hexParts(Measurement p) {
    HexFormat h = HexFormat.of();
    return List.of(
        "--mrtd",
        p.mrTd().toHex(),
        "--rtmr0",
        p.rtmr0().toHex(),
        "--rtmr1",
        p.rtmr1().toHex(),
        "--rtmr2",
        p.rtmr2().toHex(),
        "--compose-hash",
        p.composeHash().toPrefixedHex());
  }

  static CliRun propose(String contract, Measurement p) {
    return propose(contract, ownerKeyFile.toString(), p);
  }

  /** {@code upgrade propose} of {@code p}'s parts as hex, signed with {@code keyFile}. */
  static CliRun propose(String contract, String keyFile, Measurement p, String... more) {
    List<String> a = new ArrayList<>(List.of(more));
    a.add("--json");
    a.addAll(hexParts(p));
    return send("propose", contract, keyFile, a.toArray(String[]::new));
  }

  static CliRun check(String contract, String codeHash, String id, String rpcs, String... extra) {
    // anvil's clock runs ahead of this machine's once a test mines 48 h later: allow for it
    List<String> a = CliRun.upgradeCheckArgs(rpcs, contract, codeHash, id, "31337");
    a.addAll(
        List.of("--cache-dir", tmp.resolve("cache").toString(), "--max-clock-skew", "1000000"));
    return run(CliRun.args(a, extra));
  }

  @Test
  void deploy_json_printsContractCodeHashAndDelay() throws Exception {
    CliRun r = upgradeDeploy("--delay", "200000", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("contract").asText()).matches("0x[0-9a-f]{40}");
    assertThat(j.get("codeHash").asText()).matches("0x[0-9a-f]{64}");
    assertThat(j.get("delaySeconds").asLong()).isEqualTo(200000);
    assertThat(j.get("owner").asText())
        .isEqualTo(Fixtures.key(Anvil.KEY_0).address().toPrefixedHex());
    assertThat(j.get("guardian").asText()).isEqualTo("0x" + "00".repeat(20));
  }

  @Test
  void deploy_delayBelow48h_usageExit2() throws Exception {
    CliRun r = upgradeDeploy("--delay", "172799", "--json");
    r.assertError(2, "USAGE");
    assertThat(r.json().get("message").asText()).contains("48-hour minimum");
  }

  @Test
  void proposeStatusCheck_beforeAndAfterDelay_reportPendingThenActive() throws Exception {
    String c = deploy();
    Measurement parts = Fixtures.parts(42);
    CliRun p = propose(c, parts);
    assertThat(p.exitCode()).as(p.err() + p.out()).isZero();
    JsonNode pj = p.json();
    assertThat(pj.get("measurementId").asText()).isEqualTo(parts.measurementId().toPrefixedHex());
    long activeAt = pj.get("activeAt").asLong();
    assertThat(pj.get("tx").asText()).matches("0x[0-9a-f]{64}");
    assertThat(pj.size()).isEqualTo(3);

    CliRun s = upgradeStatus(anvil.uri().toString(), c, "--json");
    assertThat(s.exitCode()).as(s.err()).isZero();
    JsonNode sj = s.json();
    assertThat(sj.get("contract").asText()).isEqualTo(c);
    assertThat(sj.get("delaySeconds").asLong()).isEqualTo(172800);
    assertThat(sj.get("guardian").asText())
        .isEqualTo(Fixtures.key(Anvil.KEY_1).address().toPrefixedHex());
    assertThat(sj.get("stateFingerprint").asText()).isEqualTo("0x" + "00".repeat(32));
    assertThat(sj.get("block").get("number").asLong()).isPositive();
    JsonNode a0 = sj.get("approvals").get(0);
    assertThat(a0.get("measurementId").asText()).isEqualTo(parts.measurementId().toPrefixedHex());
    assertThat(a0.get("state").asText()).isEqualTo("PENDING");
    assertThat(a0.get("activeAt").asLong()).isEqualTo(activeAt);
    assertThat(a0.get("relative").asText()).isEqualTo("in 48h 0m");
    CliRun human = upgradeStatus(anvil.uri().toString(), c);
    assertThat(human.out()).contains("PENDING").contains("in 48h 0m");

    String codeHash = sj.get("codeHash").asText();
    CliRun before =
        check(c, codeHash, parts.measurementId().toPrefixedHex(), anvil.uri().toString());
    assertThat(before.exitCode()).as(before.out()).isZero();
    assertThat(before.json().get("state").asText()).isEqualTo("PENDING");
    assertThat(before.json().get("verified").asBoolean()).isTrue();

    anvil.mineAt(activeAt);
    // Two distinct endpoints (the same server spelled twice would be one vote, not two).
    CliRun after;
    try (RpcProxy proxy = RpcProxy.start(anvil.uri())) {
      after =
          check(
              c,
              codeHash,
              parts.measurementId().toPrefixedHex(),
              anvil.uri() + "," + proxy.uri(),
              "--quorum",
              "2",
              "--max-age",
              "300000");
    }
    CliRun dup =
        check(
            c,
            codeHash,
            parts.measurementId().toPrefixedHex(),
            anvil.uri() + "," + anvil.uri() + "/",
            "--quorum",
            "2",
            "--max-age",
            "300000");
    assertThat(dup.exitCode()).as(dup.out()).isEqualTo(2);
    assertThat(dup.out()).contains("endpoints must be distinct");
    assertThat(after.exitCode()).as(after.out()).isZero();
    JsonNode aj = after.json();
    assertThat(aj.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(aj.get("activeAt").asLong()).isEqualTo(activeAt);
    assertThat(aj.get("block").get("timestamp").asLong()).isEqualTo(activeAt);
    assertThat(aj.get("block").get("hash").asText()).matches("0x[0-9a-f]{64}");
  }

  @Test
  void check_wrongCodeHash_exit1CodeHashMismatch() throws Exception {
    String c = deploy();
    CliRun r = check(c, "0x" + "ab".repeat(32), "0x" + "01".repeat(32), anvil.uri().toString());
    r.assertError(1, "CODE_HASH_MISMATCH");
  }

  @Test
  void check_unreachableRpc_exit1RpcUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRun r =
        check(
            "0x" + "11".repeat(20),
            "0x" + "ab".repeat(32),
            "0x" + "01".repeat(32),
            "http://127.0.0.1:" + port + "/");
    r.assertError(1, "RPC_UNAVAILABLE");
  }

  @Test
  void proposeFromFiles_cancelRevokeRegister_statusShowsEveryState() throws Exception {
    String c = deploy();
    byte[] compose = "{\"manifest_version\":2,\"name\":\"demo\"}".getBytes(StandardCharsets.UTF_8);
    Measurement regs = Fixtures.parts(7);
    HexFormat h = HexFormat.of();
    String image =
        ImageJson.of(
            regs.mrTd().toHex(), regs.rtmr0().toHex(), regs.rtmr1().toHex(), regs.rtmr2().toHex());
    Path composeFile = Files.write(tmp.resolve("app-compose.json"), compose);
    Path imageFile = Files.writeString(tmp.resolve("image.json"), image);
    String expected =
        "0x"
            + h.formatHex(
                ReferenceMeasurement.compute(
                        compose, ImageMeasurement.parseJson(image.getBytes(StandardCharsets.UTF_8)))
                    .measurementId()
                    .toByteArray());
    CliRun p =
        send(
            "propose",
            c,
            ownerKeyFile.toString(),
            "--compose",
            composeFile.toString(),
            "--image",
            imageFile.toString(),
            "--description",
            "https://example.org/v2",
            "--json");
    assertThat(p.exitCode()).as(p.out() + p.err()).isZero();
    assertThat(p.json().get("measurementId").asText()).isEqualTo(expected);

    Measurement other = Fixtures.parts(8);
    assertThat(propose(c, other).exitCode()).isZero();
    // the guardian key from an environment variable
    CliEnvironment.set(() -> Map.of("GUARDIAN_KEY", Anvil.KEY_1));
    CliRun cancel =
        run(
            "upgrade",
            "cancel",
            "--rpc",
            anvil.uri().toString(),
            "--contract",
            c,
            "--key-env",
            "GUARDIAN_KEY",
            "--measurement-id",
            other.measurementId().toPrefixedHex(),
            "--json");
    assertThat(cancel.exitCode()).as(cancel.out()).isZero();
    CliRun revoke =
        send("revoke", c, guardianKeyFile.toString(), "--measurement-id", expected, "--json");
    assertThat(revoke.exitCode()).as(revoke.out()).isZero();
    String fp = "0x" + "5a".repeat(32);
    CliRun reg = send("register-state", c, ownerKeyFile.toString(), "--fingerprint", fp, "--json");
    assertThat(reg.exitCode()).as(reg.out()).isZero();
    CliRun again =
        send("register-state", c, ownerKeyFile.toString(), "--fingerprint", fp, "--json");
    again.assertError(1, "TRANSACTION_FAILED");
    assertThat(again.json().get("message").asText())
        .contains("already registered")
        .contains("nothing was sent");

    JsonNode s = upgradeStatus(anvil.uri().toString(), c, "--json").json();
    assertThat(s.get("stateFingerprint").asText()).isEqualTo(fp);
    assertThat(s.get("approvals").get(0).get("state").asText()).isEqualTo("REVOKED");
    assertThat(s.get("approvals").get(0).get("description").asText())
        .isEqualTo("https://example.org/v2");
    assertThat(s.get("approvals").get(1).get("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void propose_guardianKeystoreFile_transactionFailedNotOwner() throws Exception {
    String c = deploy();
    ECKeyPair kp = ECKeyPair.create(HexFormat.of().parseHex(Anvil.KEY_1.substring(2)));
    Path keystore = tmp.resolve("guardian.json");
    M.writeValue(keystore.toFile(), Wallet.createLight("s3cret", kp));
    CliEnvironment.set(() -> Map.of("PW", "s3cret"));
    String guardian = Fixtures.key(Anvil.KEY_1).address().toPrefixedHex();
    String nonceBefore = anvil.call("eth_getTransactionCount", guardian, "latest").asText();
    String balanceBefore = anvil.call("eth_getBalance", guardian, "latest").asText();
    String blockBefore = anvil.call("eth_blockNumber").asText();
    CliRun r = propose(c, keystore.toString(), Fixtures.parts(99), "--password-env", "PW");
    r.assertError(1, "TRANSACTION_FAILED");
    assertThat(r.json().get("message").asText()).contains("not owner").contains("nothing was sent");
    // Simulated first and refused: no transaction was sent, mined or paid for.
    assertThat(anvil.call("eth_getTransactionCount", guardian, "latest").asText())
        .isEqualTo(nonceBefore);
    assertThat(anvil.call("eth_getBalance", guardian, "latest").asText()).isEqualTo(balanceBefore);
    assertThat(anvil.call("eth_blockNumber").asText()).isEqualTo(blockBefore);
    CliEnvironment.set(() -> Map.of("PW", "n0tTheP4ss"));
    CliRun bad = propose(c, keystore.toString(), Fixtures.parts(99), "--password-env", "PW");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.json().get("message").asText())
        .contains("cannot decrypt keystore")
        .doesNotContain("n0tTheP4ss");
  }

  @Test
  void status_keyOptionOfTheUniformInterface_acceptedAndNamesSignerRole() throws Exception {
    String c = deploy();
    CliRun owner = send("status", c, ownerKeyFile.toString(), "--json");
    assertThat(owner.exitCode()).as(owner.out() + owner.err()).isZero();
    assertThat(owner.json().get("signer").asText())
        .isEqualTo(Fixtures.key(Anvil.KEY_0).address().toPrefixedHex());
    assertThat(owner.json().get("signerRole").asText()).isEqualTo("owner");
    CliEnvironment.set(() -> Map.of("GUARDIAN_KEY", Anvil.KEY_1));
    try {
      CliRun guardian = upgradeStatus(anvil.uri().toString(), c, "--key-env", "GUARDIAN_KEY");
      assertThat(guardian.exitCode()).as(guardian.out() + guardian.err()).isZero();
      assertThat(guardian.out()).contains("signer").contains("(guardian)");
      CliRun unset = upgradeStatus(anvil.uri().toString(), c, "--key-env", "NOT_SET", "--json");
      assertThat(unset.exitCode()).isEqualTo(2);
    } finally {
      CliEnvironment.set(System::getenv);
    }
    CliRun none = upgradeStatus(anvil.uri().toString(), c, "--json");
    assertThat(none.json().has("signer")).isFalse();
  }

  @Test
  void propose_missingMeasurement_usageExit2() throws Exception {
    CliRun r =
        send("propose", "0x" + "11".repeat(20), ownerKeyFile.toString(), "--mrtd", "00", "--json");
    r.assertError(2, "USAGE");
  }

  /**
   * Issue 7 §4.15: the chain examples of the README and docs/cli.md run as written on the shipped
   * examples, with only URL, ADDR, HEX and the OWNER_KEY variable filled in for a local anvil.
   */
  @Test
  void docExamples_chainLines_runAgainstAnvil() throws Exception {
    List<List<String>> chain = DocExamples.all().stream().filter(DocExamples::needsChain).toList();
    assertThat(chain).extracting(a -> a.get(1)).contains("deploy", "propose", "check");
    CliRun measured =
        run(
            "measure",
            "--compose",
            DocExamples.root().resolve("examples/app-compose.json").toString(),
            "--image",
            DocExamples.root().resolve("examples/image.json").toString(),
            "--json");
    String measurementId = measured.json().get("measurementId").asText();
    String url = anvil.uri().toString();
    String urls =
        url
            + ","
            + url.replace("127.0.0.1", "localhost")
            + ","
            + url.replace("127.0.0.1", "127.0.0.2");
    String contract = null;
    String codeHash = null;
    CliEnvironment.set(() -> Map.of("OWNER_KEY", Anvil.KEY_0));
    try {
      for (List<String> example : chain) {
        List<String> args = new ArrayList<>(DocExamples.resolveExamples(example));
        for (int i = 0; i < args.size(); i++) {
          String a = args.get(i);
          String previous = i == 0 ? "" : args.get(i - 1);
          switch (a) {
            case "URL" -> args.set(i, url);
            case "URL1,URL2,URL3" -> args.set(i, urls);
            case "ADDR" -> args.set(i, contract);
            case "HEX" -> args.set(i, previous.equals("--code-hash") ? codeHash : measurementId);
            default -> {}
          }
        }
        assertThat(args).as("a placeholder left in " + example).doesNotContainNull();
        if (example.get(1).equals("check")) {
          DocExamples.setOption(args, "--chain-id", "31337"); // anvil's, where the docs say 1
          // local state and anvil's clock (other tests mine 48 h ahead), not part of the example
          args.addAll(
              List.of(
                  "--cache-dir",
                  tmp.resolve("examples-cache").toString(),
                  "--max-clock-skew",
                  "1000000"));
        }
        CliRun r = run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(example + "\n" + r.out() + r.err()).isZero();
        if (example.get(1).equals("deploy")) {
          contract = r.json().get("contract").asText();
          codeHash = r.json().get("codeHash").asText();
        }
        if (example.get(1).equals("check")) {
          assertThat(r.json().get("measurementId").asText()).isEqualTo(measurementId);
          assertThat(r.json().get("state").asText()).isEqualTo("PENDING");
        }
      }
    } finally {
      CliEnvironment.set(System::getenv);
    }
  }

  /** Refuses, like real providers, eth_getLogs without numeric bounds or over more blocks. */
  static final int PROVIDER_MAX_LOG_RANGE = 5;

  static JsonNode limitLogRange(ObjectNode req, ObjectNode resp) {
    if (!req.path("method").asText().equals("eth_getLogs")) {
      return resp;
    }
    JsonNode f = req.path("params").path(0);
    String from = f.path("fromBlock").asText("");
    String to = f.path("toBlock").asText("");
    if (!from.startsWith("0x")
        || !to.startsWith("0x")
        || Long.decode(to) - Long.decode(from) + 1 > PROVIDER_MAX_LOG_RANGE) {
      ObjectNode err = M.createObjectNode();
      err.put("jsonrpc", "2.0");
      err.set("id", req.get("id"));
      err.putObject("error")
          .put("code", -32005)
          .put("message", "block range exceeds " + PROVIDER_MAX_LOG_RANGE + " blocks");
      return err;
    }
    return resp;
  }

  @Test
  void status_providerLimitsLogRanges_pagesEventsAndSaysWhenCancelledOrRevoked() throws Exception {
    String c = deploy();
    for (int i = 0; i < 12; i++) {
      anvil.mine(); // the contract's history spans more blocks than one log request may
    }
    Measurement revoked = Fixtures.parts(21);
    Measurement cancelled = Fixtures.parts(22);
    Measurement pending = Fixtures.parts(23);
    assertThat(
            propose(c, ownerKeyFile.toString(), revoked, "--description", "release 21").exitCode())
        .isZero();
    assertThat(propose(c, cancelled).exitCode()).isZero();
    assertThat(propose(c, pending).exitCode()).isZero();
    String preemptive = "0x" + "7e".repeat(32);
    for (String[] op :
        List.of(
            new String[] {"revoke", revoked.measurementId().toPrefixedHex()},
            new String[] {"cancel", cancelled.measurementId().toPrefixedHex()},
            new String[] {"revoke", preemptive})) {
      CliRun r = send(op[0], c, guardianKeyFile.toString(), "--measurement-id", op[1], "--json");
      assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
      anvil.mine();
    }
    long deployBlock =
        Long.decode(anvil.call("eth_blockNumber").asText()) - 30; // well before the deployment
    try (RpcProxy provider = RpcProxy.start(anvil.uri())) {
      provider.lieAboutResponses(UpgradeCommandIT::limitLogRange);
      CliRun s =
          upgradeStatus(
              provider.uri().toString(),
              c,
              "--from-block",
              Long.toString(Math.max(0, deployBlock)),
              "--log-page-blocks",
              Integer.toString(PROVIDER_MAX_LOG_RANGE),
              "--json");
      assertThat(s.exitCode()).as(s.out() + s.err()).isZero();
      JsonNode j = s.json();
      assertThat(j.get("truncated").asBoolean()).isFalse();
      assertThat(j.get("proposedCount").asLong()).isEqualTo(3);
      assertThat(j.get("eventsFromBlock").asLong()).isEqualTo(Math.max(0, deployBlock));
      JsonNode a = j.get("approvals");
      assertThat(a).hasSize(4);
      assertThat(a.get(0).get("state").asText()).isEqualTo("REVOKED");
      assertThat(a.get(0).get("description").asText()).isEqualTo("release 21");
      assertThat(a.get(0).get("activeAt").isNull()).isTrue();
      assertThat(a.get(0).get("changedAtBlock").asLong()).isPositive();
      assertThat(a.get(0).get("changedTx").asText()).matches("0x[0-9a-f]{64}");
      assertThat(a.get(0).get("changedBy").asText())
          .isEqualTo(Fixtures.key(Anvil.KEY_1).address().toPrefixedHex());
      assertThat(a.get(1).get("state").asText()).isEqualTo("CANCELLED");
      assertThat(a.get(1).get("changedAtBlock").asLong())
          .isGreaterThan(a.get(0).get("changedAtBlock").asLong());
      assertThat(a.get(1).get("changedAtUtc").asText()).endsWith("Z");
      assertThat(a.get(2).get("state").asText()).isEqualTo("PENDING");
      assertThat(a.get(2).has("changedAtBlock")).isFalse();
      assertThat(a.get(3).get("measurementId").asText()).isEqualTo(preemptive);
      assertThat(a.get(3).get("state").asText()).isEqualTo("REVOKED");

      // without paging, the same provider refuses: the limit is real
      CliRun refused = upgradeStatus(provider.uri().toString(), c, "--from-block", "0", "--json");
      assertThat(refused.exitCode()).isNotZero();
      assertThat(refused.json().get("message").asText()).contains("block range exceeds");
    }
    CliRun zero = upgradeStatus(anvil.uri().toString(), c, "--log-page-blocks", "0");
    assertThat(zero.exitCode()).isEqualTo(2);
    CliRun huge =
        upgradeStatus(
            anvil.uri().toString(),
            c,
            "--from-block",
            "0",
            "--log-page-blocks",
            Long.toString(Long.MAX_VALUE),
            "--json");
    assertThat(huge.exitCode()).as(huge.out() + huge.err()).isZero();
    assertThat(huge.json().get("approvals")).hasSize(4);
  }
}
