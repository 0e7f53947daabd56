package io.replicatoor.chain.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's contract check can fail: a changed delay makes the committed BIN stale (exit 2), and
 * a reordered storage layout is refused (exit 3, upgrade-governance.md 3.5 invariant 7).
 */
class SolcVerifyIT {
  static final Path CONTRACTS =
      Path.of(System.getProperty("replicatoor.anvil"))
          .getParent()
          .getParent()
          .getParent(); // contracts/node_modules/.bin/anvil -> contracts/

  @TempDir Path tmp;

  record Result(int exit, String output) {}

  Result compile(Path src) throws Exception {
    Process p =
        new ProcessBuilder(
                "node",
                CONTRACTS.resolve("scripts/solc-compile.js").toString(),
                src.toString(),
                tmp.resolve("out").toString(),
                "--verify",
                CONTRACTS.resolve("abi").toString())
            .directory(CONTRACTS.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  Path copyOfSources(String from, String to) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    try (Stream<Path> files = Files.list(CONTRACTS.resolve("src"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String text = Files.readString(f);
        if (f.getFileName().toString().equals("UpgradeOperator.sol")) {
          assertThat(text).contains(from);
          text = text.replace(from, to);
        }
        Files.writeString(src.resolve(f.getFileName()), text);
      }
    }
    return src;
  }

  @Test
  void verify_committedSources_match() throws Exception {
    Result r = compile(CONTRACTS.resolve("src"));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("matches a fresh compile");
  }

  @Test
  void verify_delayChangedTo47Hours_staleExit2() throws Exception {
    Result r = compile(copyOfSources("MIN_DELAY = 48 hours", "MIN_DELAY = 47 hours"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.output()).contains("STALE:").contains("UpgradeOperator.bin");
  }

  @Test
  void verify_storageVariablesReordered_layoutExit3() throws Exception {
    Result r =
        compile(
            copyOfSources(
                "mapping(bytes32 => uint256) public activeAt;",
                "bytes32 public extraSlotBefore;\n    mapping(bytes32 => uint256) public activeAt;"));
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.output()).contains("LAYOUT: UpgradeOperator storage layout changed");
  }

  @Test
  void verify_commentOnlyChange_stillMatches() throws Exception {
    Result r =
        compile(
            copyOfSources(
                "/// @notice Withdraws a still-pending proposal",
                "/// @notice (reworded comment) Withdraws a still-pending proposal"));
    assertThat(r.exit()).as(r.output()).isZero();
  }
}
