package io.replicatoor.cli;

import static io.replicatoor.cli.CliRun.run;
import static io.replicatoor.cli.CliRun.simulateArgs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.testing.SharedVectors;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 7 §4: each command tried as a new user would, from the README and docs/cli.md alone (wrong
 * file, wrong form, missing option). Every test here failed before its fix.
 */
class NewUserCliTest {
  static final String V01 = "v01-tdx-v4-uptodate-b0c06f";

  /** A time at which {@link #V01}'s quote is up to date. */
  static final String AT = "2025-07-01";

  @TempDir Path dir;

  static String v01(String file) {
    return SharedVectors.vectors("tdx", V01, file).toString();
  }

  private Path compose() throws IOException {
    Path compose = dir.resolve("app-compose.json");
    Files.writeString(compose, "{\"name\":\"new-user\"}");
    return compose;
  }

  // ---- 1. simulate --socket never removes anything but a stale socket ------------------------

  @Test
  void simulate_socketPathIsRegularFile_exit2AndFileKept() throws Exception {
    Path precious = dir.resolve("notes.txt");
    Files.writeString(precious, "do not delete");
    CliRun r = run(simulateArgs(precious, compose(), dir.resolve("state")));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText()).contains("is not a Unix socket");
    assertThat(Files.readString(precious)).isEqualTo("do not delete");
  }

  @Test
  void simulate_socketPathIsDirectory_exit2AndKept() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("sockdir"));
    CliRun r = run(simulateArgs(folder, compose(), dir.resolve("state")));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(Files.isDirectory(folder)).isTrue();
  }

  @Test
  void simulate_staleSocket_isReplaced() throws Exception {
    Path sock = dir.resolve("stale.sock");
    try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      old.bind(UnixDomainSocketAddress.of(sock)); // closed without deleting: a stale socket
    }
    assertThat(Files.exists(sock)).isTrue();
    CliRun.Background sim = CliRun.simulate(sock, compose(), dir.resolve("state"));
    JsonNode info = sim.awaitJson();
    assertThat(info.get("endpoints").get(0).asText()).isEqualTo(sock.toString());
    assertThat(sim.stop()).isZero();
  }

  @Test
  void simulate_socketFolderMissingOutsideState_exit2NothingCreated() throws Exception {
    Path missing = dir.resolve("typo").resolve("dstack.sock");
    CliRun r = run(simulateArgs(missing, compose(), dir.resolve("state")));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText()).contains("does not exist");
    assertThat(Files.exists(dir.resolve("typo"))).isFalse();
  }

  @Test
  void simulate_socketFolderInsideState_isCreated() throws Exception {
    Path state = dir.resolve("state");
    Path sock = state.resolve("run").resolve("dstack.sock");
    CliRun.Background sim = CliRun.simulate(sock, compose(), state);
    assertThat(sim.awaitJson().get("endpoints").get(0).asText()).isEqualTo(sock.toString());
    assertThat(sim.stop()).isZero();
  }

  // ---- 2. input mistakes are exit 2; a clean stop is exit 0 -----------------------------------

  @Test
  void simulate_composeIsDirectory_exit2PlainMessage() throws Exception {
    CliRun r = run(simulateArgs(dir.resolve("s.sock"), dir, dir.resolve("state")));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText())
        .isEqualTo("--compose " + dir + " is a directory, not a file");
  }

  @Test
  void simulate_stateIsFile_exit2PlainMessage() throws Exception {
    Path file = Files.writeString(dir.resolve("state.txt"), "x");
    CliRun r = run(simulateArgs(dir.resolve("s.sock"), compose(), file));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText())
        .isEqualTo("--state " + file + " is a file, not a directory");
  }

  @Test
  void simulate_sigterm_exits0AndRemovesSocket() throws Exception {
    assertCleanStop("TERM");
  }

  @Test
  void simulate_ctrlC_exits0AndRemovesSocket() throws Exception {
    assertCleanStop("INT");
  }

  /** Starts {@code simulate} in its own JVM, sends {@code signal} and expects exit 0. */
  private void assertCleanStop(String signal) throws Exception {
    Path sock = dir.resolve(signal + ".sock");
    Path out = dir.resolve(signal + ".json");
    Process p = javaProcess(out, simulateArgs(sock, compose(), dir.resolve("state")));
    try {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!(Files.exists(out) && Files.readString(out).contains("}"))
          && p.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Files.exists(sock)).as("simulator started").isTrue();
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
      assertThat(kill.waitFor()).isZero();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("exit after SIG" + signal).isZero();
      assertThat(Files.exists(sock)).isFalse();
    } finally {
      p.destroyForcibly();
    }
  }

  /** The CLI in its own JVM (signals reach only a real process). */
  private static Process javaProcess(Path stdout, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(stdout.toFile())
        .start();
  }

  // ---- 3. -V everywhere ----------------------------------------------------------------------

  @Test
  void version_topLevelAndEverySubcommand_printProjectVersion() {
    String expected = "replicatoor " + System.getProperty("replicatoor.version");
    assertThat(System.getProperty("replicatoor.version")).isNotBlank();
    List<List<String>> paths = CommandPaths.all();
    assertThat(paths).hasSizeGreaterThan(15);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("-V");
      CliRun r = run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(String.join(" ", path)).isZero();
      assertThat(r.out().strip()).as(String.join(" ", path)).isEqualTo(expected);
    }
  }

  // ---- 4. one-line messages ------------------------------------------------------------------

  @Test
  void eventLogReplay_brokenJson_oneLineMessageWithoutParserTail() throws Exception {
    Path broken = Files.writeString(dir.resolve("log.json"), "[\n{\"imr\": 3,,}\n]");
    CliRun r = run("event-log", "replay", "--event-log", broken.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).doesNotContain("[Source").doesNotContain("line: ");
    CliRun j = run("event-log", "replay", "--event-log", broken.toString(), "--json");
    assertThat(j.json().get("message").asText()).doesNotContain("\n").doesNotContain("[Source");
  }

  @Test
  void measure_brokenImageJson_oneLineMessage() throws Exception {
    Path img = Files.writeString(dir.resolve("image.json"), "{\n\"mrtd\": \n");
    CliRun r = run("measure", "--compose", compose().toString(), "--image", img.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).doesNotContain("[Source");
  }

  @Test
  void measure_swappedFiles_errorNamesTheImageOption() throws Exception {
    Path img = Files.writeString(dir.resolve("image.json"), "{\"mrtd\":\"00\"}");
    CliRun r =
        run("measure", "--compose", img.toString(), "--image", compose().toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText()).startsWith("--image " + compose() + ": ");
  }

  // ---- 5. quote file forms -------------------------------------------------------------------

  private String quoteHex() throws IOException {
    return HexFormat.of().formatHex(Files.readAllBytes(Path.of(v01("quote.bin"))));
  }

  /** {@code verify-quote --quote QUOTE} with v01's collateral at a time it is up to date. */
  private static String[] verifyQuoteArgs(String quote, String... more) {
    return CliRun.args(
        List.of(
            "verify-quote", "--quote", quote, "--collateral", v01("collateral.json"), "--at", AT),
        more);
  }

  /** {@code bench verify-quote} of {@link #verifyQuoteArgs}, no warm-up, one round. */
  private static String[] benchVerifyQuoteArgs(String quote, String... more) {
    List<String> a = new ArrayList<>(List.of("bench"));
    a.addAll(List.of(verifyQuoteArgs(quote, "--seconds", "0", "--warmup-seconds", "0")));
    return CliRun.args(a, more);
  }

  @Test
  void verifyQuote_hexOddLength_saysSo() throws Exception {
    Path q = Files.writeString(dir.resolve("q.hex"), quoteHex().substring(1));
    CliRun r = run("verify-quote", "--quote", q.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText())
        .contains("odd number of hex digits")
        .doesNotContain("version");
  }

  @Test
  void verifyQuote_hexBadCharacter_namesCharacterAndPosition() throws Exception {
    String hex = quoteHex();
    Path q =
        Files.writeString(dir.resolve("q.hex"), hex.substring(0, 10) + "zz" + hex.substring(12));
    CliRun r = run("verify-quote", "--quote", q.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText()).contains("not hex: character 'z' at position 11");
  }

  @Test
  void verifyQuote_getQuoteJsonResponse_accepted() throws Exception {
    Path q =
        Files.writeString(
            dir.resolve("resp.json"),
            "{\"quote\":\"" + quoteHex() + "\",\"event_log\":\"[]\",\"report_data\":\"00\"}\n");
    CliRun r = run(verifyQuoteArgs(q.toString(), "--json"));
    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.json().get("status").asText()).isEqualTo("UpToDate");
  }

  @Test
  void verifyQuote_brokenJson_saysWhereInOneLine() throws Exception {
    Path q = Files.writeString(dir.resolve("resp.json"), "{\n\"quote\": 04,\n}");
    CliRun r = run("verify-quote", "--quote", q.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText())
        .startsWith("--quote " + q + " is not valid JSON: ")
        .contains("(line 2, column ")
        .doesNotContain("\n");
  }

  @Test
  void verifyQuote_jsonWithoutQuote_saysWhatIsExpected() throws Exception {
    Path q = Files.writeString(dir.resolve("resp.json"), "{\"report_data\":\"00\"}");
    CliRun r = run("verify-quote", "--quote", q.toString(), "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText()).contains("GetQuote or RawQuote response");
  }

  @Test
  void benchVerifyQuote_acceptsHexAndJsonForms() throws Exception {
    Path hex = Files.writeString(dir.resolve("q.hex"), "0x" + quoteHex() + "\n");
    Path json = Files.writeString(dir.resolve("q.json"), "{\"quote\":\"" + quoteHex() + "\"}");
    for (Path q : List.of(hex, json)) {
      CliRun r = run(benchVerifyQuoteArgs(q.toString()));
      assertThat(r.exitCode()).as(q + ": " + r.err()).isZero();
      assertThat(r.out()).contains("status: UpToDate");
    }
  }

  // ---- 6. one time parser --------------------------------------------------------------------

  /** {@code collateral fetch --quote QUOTE} from an unreachable PCCS into {@code cache}. */
  private static List<String> collateralFetchArgs(String quote, String cache) {
    return List.of(
        "collateral", "fetch", "--quote", quote, "--pccs", "http://127.0.0.1:1", "--cache", cache);
  }

  @Test
  void collateralFetch_isoDate_acceptedLikeVerifyQuote() {
    CliRun r =
        run(
            CliRun.args(
                collateralFetchArgs(v01("quote.bin"), dir.resolve("cache").toString()),
                "--at",
                AT,
                "--timeout-seconds",
                "2",
                "--json"));
    assertThat(r.out()).doesNotContain("--at");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(1); // unreachable PCCS, not a usage error
  }

  @Test
  void everyAt_rejectsTheSameWayWithTheSameWording() {
    String[][] commands = {
      {"verify-quote", "--quote", v01("quote.bin")},
      {
        "bench", "verify-quote", "--quote", v01("quote.bin"), "--collateral", v01("collateral.json")
      },
      CliRun.args(collateralFetchArgs(v01("quote.bin"), dir.resolve("c").toString()))
    };
    for (String[] c : commands) {
      List<String> args = new ArrayList<>(List.of(c));
      args.addAll(List.of("--at", "yesterday", "--json"));
      CliRun r = run(args.toArray(String[]::new));
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.out()).contains("--at 'yesterday' is not a time; use unix seconds, 2025-07-01");
    }
  }

  // ---- 7. one wording for file errors --------------------------------------------------------

  @Test
  void fileErrors_sameWordingForEveryOption_noJavaClassNames() throws Exception {
    String missing = dir.resolve("missing.bin").toString();
    String folder = dir.toString();
    String c = compose().toString();
    String[][] commands = {
      {"verify-quote", "--quote", "@"},
      {"verify-quote", "--quote", v01("quote.bin"), "--collateral", "@"},
      {"verify-quote", "--quote", v01("quote.bin"), "--trust-root", "@"},
      {
        "bench", "verify-quote", "--quote", "@", "--collateral", v01("collateral.json"), "--at", "0"
      },
      CliRun.args(collateralFetchArgs("@", folder)),
      {"event-log", "replay", "--event-log", "@"},
      {"event-log", "replay", "--event-log", v01("quote.bin"), "--quote", "@"},
      {"measure", "--compose", "@", "--image", c},
      {"measure", "--compose", c, "--image", "@"},
      {"rtmr3", "--compose", "@", "--instance-id", "", "--key-provider-name", "none"},
      proposeArgs("--compose", "@", "--image", c),
      {
        "simulate",
        "--socket",
        dir.resolve("s.sock").toString(),
        "--compose",
        "@",
        "--state",
        dir.resolve("st").toString()
      },
      {"simulate", "--socket", dir.resolve("s.sock").toString(), "--compose", c, "--image", "@"},
      {"upgrade", "deploy", "--rpc", "http://127.0.0.1:1", "--key-file", "@"},
      {
        "upgrade",
        "status",
        "--rpc",
        "http://127.0.0.1:1",
        "--contract",
        "0x" + "11".repeat(20),
        "--key-file",
        "@"
      },
    };
    for (String[] cmd : commands) {
      String option = cmd[indexOf(cmd, "@") - 1];
      for (String[] bad :
          new String[][] {{missing, "does not exist"}, {folder, "is a directory, not a file"}}) {
        if (option.equals("--collateral") && bad[0].equals(folder)) {
          continue; // a collateral folder is a valid form
        }
        String[] args = replace(cmd, bad[0]);
        CliRun r = run(append(args, "--json"));
        assertThat(r.exitCode()).as(String.join(" ", args) + " " + r.out()).isEqualTo(2);
        assertThat(r.json().get("message").asText())
            .as(String.join(" ", args))
            .isEqualTo(option + " " + bad[0] + " " + bad[1]);
      }
    }
  }

  private static int indexOf(String[] a, String s) {
    for (int i = 0; i < a.length; i++) {
      if (a[i].equals(s)) {
        return i;
      }
    }
    throw new AssertionError(s);
  }

  private static String[] replace(String[] a, String with) {
    String[] b = a.clone();
    b[indexOf(b, "@")] = with;
    return b;
  }

  private static String[] append(String[] a, String s) {
    String[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = s;
    return b;
  }

  // ---- 8. rtmr3 ------------------------------------------------------------------------------

  /** {@code rtmr3 --compose COMPOSE --instance-id ""} followed by {@code more}. */
  private String[] rtmr3Args(String... more) throws IOException {
    return CliRun.args(
        List.of("rtmr3", "--compose", compose().toString(), "--instance-id", ""), more);
  }

  @Test
  void rtmr3_keyProviderNotJson_exit2LikeReplay() throws Exception {
    for (String kp :
        new String[] {
          "not json",
          "{\"name\":\"kms\"}",
          "{\"name\":\"kms\",\"id\":\"\",\"x\":1}",
          "[\"name\",\"id\"]"
        }) {
      CliRun r = run(rtmr3Args("--key-provider", kp, "--json"));
      assertThat(r.exitCode()).as(kp).isEqualTo(2);
      assertThat(r.json().get("message").asText()).contains("--key-provider");
    }
    CliRun ok = run(rtmr3Args("--key-provider", "{\"name\":\"none\",\"id\":\"\"}", "--json"));
    assertThat(ok.exitCode()).isZero();
  }

  @Test
  void rtmr3_text_showsEveryEventsDigest() throws Exception {
    CliRun j = run(rtmr3Args("--key-provider-name", "none", "--json"));
    CliRun t = run(rtmr3Args("--key-provider-name", "none"));
    assertThat(t.exitCode()).isZero();
    JsonNode events = j.json().get("events");
    assertThat(events.size()).isGreaterThan(2);
    for (JsonNode e : events) {
      assertThat(t.out())
          .contains(
              e.get("event").asText()
                  + " payload "
                  + e.get("payload").asText()
                  + " digest "
                  + e.get("digest").asText());
    }
  }

  // ---- 9. help -------------------------------------------------------------------------------

  @Test
  void help_everyOptionDescribed_summariesAreWholeSentences() {
    List<List<String>> paths = CommandPaths.all();
    CommandLine root = Main.commandLine();
    for (List<String> path : paths) {
      CommandLine cl = root;
      for (String p : path) {
        cl = cl.getSubcommands().get(p);
      }
      CommandSpec spec = cl.getCommandSpec();
      String[] description = spec.usageMessage().description();
      assertThat(description).as("description of " + path).isNotEmpty();
      assertThat(description[0].strip()).as("summary line of " + path).endsWith(".");
      for (OptionSpec o : spec.options()) {
        assertThat(String.join(" ", o.description())).as(path + " " + o.longestName()).isNotBlank();
      }
    }
  }

  @Test
  void help_upgradeCheck_readableSynopsisAndHelpCommandReachesSubcommand() {
    CliRun r = run("help", "upgrade", "check");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("Usage: replicatoor upgrade check --rpc URL[,URL...]")
        .contains("--measurement-id");
    assertThat(r.out())
        .startsWith(
            "Usage: replicatoor upgrade check --rpc URL[,URL...] [--quorum K]"
                + " --chain-id ID\n        --contract ADDR --code-hash HEX --measurement-id HEX\n");
    assertThat(run("upgrade", "check", "--help").out()).isEqualTo(r.out());
  }

  @Test
  void help_topLevel_listsEveryCommandUnderWhatItIsFor() {
    CliRun r = run("--help");
    assertThat(r.exitCode()).isZero();
    List<String> grouped = Main.GROUPS.values().stream().flatMap(List::stream).toList();
    assertThat(grouped)
        .containsExactlyInAnyOrderElementsOf(Main.commandLine().getSubcommands().keySet());
    for (Map.Entry<String, List<String>> g : Main.GROUPS.entrySet()) {
      assertThat(r.out()).contains(g.getKey() + ":");
      for (String c : g.getValue()) {
        assertThat(r.out()).containsPattern("(?m)^  " + c + " ");
      }
    }
  }

  // ---- 10. no internal names in messages -----------------------------------------------------

  private static final String ADDR = "0x" + "11".repeat(20);
  private static final String H32 = "0x" + "22".repeat(32);

  /** {@code upgrade propose} to an unreachable RPC, followed by {@code more}. */
  private static String[] proposeArgs(String... more) {
    return CliRun.args(
        List.of(
            "upgrade",
            "propose",
            "--rpc",
            "http://127.0.0.1:1",
            "--key-env",
            "K",
            "--contract",
            ADDR),
        more);
  }

  private static CliRun check(String... extra) {
    List<String> a = CliRun.upgradeCheckArgs("http://127.0.0.1:1", ADDR, H32, H32, "1");
    for (int i = 0; i < extra.length; i += 2) {
      int at = a.indexOf(extra[i]);
      if (at >= 0) {
        a.set(at + 1, extra[i + 1]);
      } else {
        a.add(extra[i]);
        a.add(extra[i + 1]);
      }
    }
    return run(a.toArray(String[]::new));
  }

  @Test
  void upgradeCheck_badOptions_messagesNameTheOptions() throws Exception {
    Map<String[], String> cases =
        Map.of(
            new String[] {"--max-age", "0"}, "--max-age must be a positive number of seconds",
            new String[] {"--block-tag", "pending"},
                "--block-tag must be latest, safe or finalized",
            new String[] {"--measurement-id", "0x123456"},
                "--measurement-id must be 32 bytes (64 hex digits), got 3 bytes",
            new String[] {"--code-hash", "zz"},
                "--code-hash is not hex: character 'z' at position 1",
            new String[] {"--contract", "0x1234"}, "--contract must be 20 bytes",
            new String[] {"--max-lag", "-1"}, "--max-lag must be between 0 and",
            new String[] {"--chain-id", "0"}, "--chain-id must be positive");
    for (Map.Entry<String[], String> c : cases.entrySet()) {
      CliRun r = check(c.getKey());
      assertThat(r.exitCode()).isEqualTo(2);
      String m = r.json().get("message").asText();
      assertThat(m)
          .as(String.join(" ", c.getKey()))
          .contains(c.getValue())
          .doesNotContain("maxAge")
          .doesNotContain("blockTag")
          .doesNotContain("Bytes");
    }
  }

  @Test
  void upgradePropose_mixedForms_saysUseOneFormOrTheOther() throws Exception {
    CliRun r =
        run(
            proposeArgs(
                "--compose",
                compose().toString(),
                "--image",
                compose().toString(),
                "--mrtd",
                "00".repeat(48),
                "--json"));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText()).contains("use one form or the other");
    CliRun hex =
        run(
            proposeArgs(
                "--mrtd",
                "00".repeat(12),
                "--rtmr0",
                "00",
                "--rtmr1",
                "00",
                "--rtmr2",
                "00",
                "--compose-hash",
                H32,
                "--json"));
    assertThat(hex.json().get("message").asText())
        .isEqualTo("--mrtd must be 48 bytes (96 hex digits), got 12 bytes");
  }

  @Test
  void rtmr3_badHex_noInternalNames() throws Exception {
    CliRun r =
        run(
            "rtmr3",
            "--compose-hash",
            "xyz",
            "--instance-id",
            "",
            "--key-provider-name",
            "none",
            "--json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.json().get("message").asText())
        .isEqualTo("--compose-hash is not hex: character 'x' at position 1");
  }

  // ---- 14. one JSON convention ---------------------------------------------------------------

  @Test
  void json_camelCaseKeysAndZeroXHexEverywhere() throws Exception {
    String zero = "00".repeat(48);
    Path image = Files.writeString(dir.resolve("image.json"), ImageJson.of(zero, zero, zero, zero));
    List<JsonNode> outputs = new ArrayList<>();
    String[][] commands = { // demo: DemoIT checks its JSON with assertConvention
      verifyQuoteArgs(v01("quote.bin")),
      benchVerifyQuoteArgs(v01("quote.bin")),
      {"measure", "--compose", compose().toString(), "--image", image.toString()},
      {
        "event-log",
        "replay",
        "--event-log",
        SharedVectors.vectors("dstack", "tappd-v0.4-example", "report.json").toString()
      },
      rtmr3Args("--key-provider-name", "none"),
    };
    for (String[] c : commands) {
      CliRun r = run(append(c, "--json"));
      assertThat(r.exitCode()).as(String.join(" ", c) + r.out()).isZero();
      outputs.add(r.json());
    }
    CliRun.Background sim = CliRun.simulate(dir.resolve("j.sock"), compose(), dir.resolve("st"));
    outputs.add(sim.awaitJson());
    assertThat(sim.stop()).isZero();
    for (JsonNode n : outputs) {
      assertConvention(n, n.toString());
    }
  }

  /** Keys are camelCase; a string of 8+ hex digits (a byte value) carries 0x. */
  static void assertConvention(JsonNode n, String where) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        assertThat(e.getKey()).as(where).matches("[a-z][a-zA-Z0-9]*");
        if (!e.getKey().equals("id") && !e.getKey().equals("name")) { // key-provider text fields
          assertConvention(e.getValue(), where);
        }
      }
    } else if (n.isArray()) {
      n.forEach(x -> assertConvention(x, where));
    } else if (n.isTextual() && !n.asText().contains("/")) { // paths may hold digits
      assertThat(n.asText()).as(where).doesNotMatch("[0-9a-fA-F]{8,}");
    }
  }
}
