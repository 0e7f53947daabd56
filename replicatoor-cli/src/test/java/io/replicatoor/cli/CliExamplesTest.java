package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.testing.PcsTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 §4.15: every {@code ./replicatoor} example of the README and docs/cli.md runs as written
 * on the shipped {@code examples/} files (the chain examples run in {@code UpgradeCommandIT}). Only
 * what cannot be local is substituted: the PCS URL (a served copy of Intel's responses, judged
 * inside their validity window), and the socket, state and cache folders (a temporary folder).
 */
class CliExamplesTest {
  @TempDir Path tmp;

  @Test
  void examplesFolder_holdsTheDocumentedFiles() {
    for (String f :
        List.of(
            "image.json",
            "app-compose.json",
            "quote-response.json",
            "quote.bin",
            "collateral.json",
            "README.md")) {
      assertThat(DocExamples.root().resolve("examples").resolve(f)).isRegularFile();
    }
  }

  @Test
  void everyOfflineExample_runsAsWritten() throws Exception {
    List<List<String>> all = DocExamples.all();
    assertThat(all).hasSizeGreaterThan(10);
    int ran = 0;
    for (List<String> example : all) {
      if (DocExamples.needsChain(example)) {
        continue;
      }
      List<String> args = new ArrayList<>(DocExamples.resolveExamples(example));
      for (String a : args) {
        if (a.contains("/")
            && !a.startsWith("http")
            && !a.startsWith("~")
            && !args.get(args.indexOf(a) - 1).equals("--socket")
            && !args.get(args.indexOf(a) - 1).equals("--state")) {
          assertThat(Path.of(a)).as("file of " + example).exists();
          assertThat(Path.of(a).startsWith(DocExamples.root().resolve("examples")))
              .as("file of " + example + " is a shipped example")
              .isTrue();
        }
      }
      String what = String.join(" ", example);
      switch (args.get(0)) {
        case "simulate" -> {
          DocExamples.setOption(args, "--socket", tmp.resolve("dstack.sock").toString());
          DocExamples.setOption(args, "--state", tmp.resolve("sim").toString());
          CliRun.Background sim = CliRun.start(args.toArray(String[]::new));
          assertThat(sim.awaitOutput("Serving until")).as(what).contains("endpoint:");
          assertThat(sim.stop()).as(what).isZero();
        }
        case "demo" -> {
          // Free ports: other builds on this machine may hold the default 4001.
          args.addAll(List.of("--port", "0"));
          CliRun r = CliRun.run(args.toArray(String[]::new));
          assertThat(r.exitCode()).as(what + "\n" + r.out() + r.err()).isZero();
          assertThat(r.out()).as(what).contains("  keys ").contains("the same secp256k1 key");
        }
        case "collateral" -> {
          try (PcsTestServer pcs = PcsTestServer.serving("v01-tdx-v4-uptodate-b0c06f")) {
            DocExamples.setOption(args, "--pccs", pcs.baseUri().toString());
            DocExamples.setOption(args, "--cache", tmp.resolve("cache").toString());
            args.addAll(List.of("--at", "2025-07-01")); // the served collateral's window
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(what + "\n" + r.out() + r.err()).isZero();
          }
        }
        default -> {
          CliRun r = CliRun.run(args.toArray(String[]::new));
          assertThat(r.exitCode()).as(what + "\n" + r.out() + r.err()).isZero();
          assertThat(r.out()).as(what).isNotBlank();
        }
      }
      ran++;
    }
    assertThat(ran).isGreaterThan(10);
    assertThat(Files.exists(tmp.resolve("dstack.sock"))).isFalse();
  }
}
