package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 §4.16: {@code ./mvnw} finds a JDK 25 the way {@code ./replicatoor} does, even when the
 * default {@code java} is older and JAVA_HOME is unset, and without one says how to install one
 * (naming no machine path).
 */
class BuildJdkDiscoveryTest {
  @TempDir Path tmp;

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(DocExamples.root().toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** The JDK running this test (25 or newer, the build enforces it). */
  private static Path thisJdk() {
    return Path.of(System.getProperty("java.home"));
  }

  /** An installed JDK older than 25 (the machine's default java), if there is one. */
  private static Optional<Path> olderJdk() throws IOException {
    Path jvms = thisJdk().getParent();
    try (Stream<Path> s = Files.list(jvms)) {
      return s.filter(j -> Files.isExecutable(j.resolve("bin/javac")))
          .filter(j -> release(j).matches("JAVA_VERSION=\"(1[0-9]|2[0-4]|1\\.8)[.\"].*"))
          .findFirst();
    }
  }

  private static String release(Path jdk) {
    try {
      return Files.readAllLines(jdk.resolve("release")).stream()
          .filter(l -> l.startsWith("JAVA_VERSION="))
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void mvnw_defaultJavaOlderAndNoJavaHome_findsJdk25() throws Exception {
    Optional<Path> older = olderJdk();
    String path = older.map(j -> j.resolve("bin") + ":").orElse("") + "/usr/bin:/bin";
    Result r =
        run(
            List.of("sh", "./mvnw", "-o", "-v"),
            Map.of(
                "PATH",
                path,
                "HOME",
                System.getProperty("user.home"),
                "REPLICATOOR_JDK_DIRS",
                thisJdk().getParent().toString()));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).containsPattern("Java version: (2[5-9]|[3-9][0-9])");
  }

  @Test
  void launcherAndMvnw_noJdk25_sayHowToInstallWithoutMachinePaths() throws Exception {
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    for (String tool : List.of("sh", "sed", "head", "dirname", "readlink", "cat", "bash", "ls")) {
      for (String dir : List.of("/bin", "/usr/bin")) {
        if (Files.isExecutable(Path.of(dir, tool)) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), Path.of(dir, tool));
        }
      }
    }
    Path none = Files.createDirectory(tmp.resolve("no-jdks"));
    Map<String, String> env =
        Map.of(
            "PATH",
            bin.toString(),
            "HOME",
            tmp.toString(),
            "REPLICATOOR_JDK_DIRS",
            none.toString());
    for (List<String> cmd :
        List.of(List.of("sh", "./mvnw", "-v"), List.of("bash", "./replicatoor", "-V"))) {
      Result r = run(cmd, env);
      assertThat(r.exit()).as(r.output()).isNotZero();
      assertThat(r.output())
          .as(cmd.toString())
          .contains("JDK 25 or newer")
          .contains("https://adoptium.net")
          .contains("sudo apt-get install temurin-25-jdk")
          .doesNotContain("/usr/lib/jvm")
          .doesNotContain(tmp.toString());
    }
  }
}
