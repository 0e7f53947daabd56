package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./replicatoor} launcher's start-up cache, as real processes: a copy of the launcher,
 * {@code examples/} and the packaged jar in a temporary checkout. With the cache the CLI's own
 * classes come from it (the JVM's class-load log says so); {@code REPLICATOOR_AOT=off} makes none;
 * a cache left from another jar (the JDK would refuse it) or a damaged one is replaced or ignored
 * without a word on stdout or stderr, and the output never changes.
 */
class LauncherAotCacheIT {
  private static final String MEASURE_ID =
      "measurementId: 0x6837faab31c99e3de277b7c4b300c416b9366b042d8aeee2939357e76d3e8e62";

  @TempDir Path checkout;
  private Path jar;
  private Path cache;
  private Path cacheId;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void copyCheckout() throws IOException {
    Path root = DocExamples.root();
    Path built;
    try (Stream<Path> s = Files.list(root.resolve("replicatoor-cli/target"))) {
      built =
          s.filter(p -> p.getFileName().toString().matches("replicatoor-cli-.*-all\\.jar"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("package the CLI before this test"));
    }
    Files.createDirectories(checkout.resolve(".mvn"));
    Files.createDirectories(checkout.resolve("replicatoor-cli/target"));
    Files.createDirectories(checkout.resolve("examples"));
    Files.copy(root.resolve("replicatoor"), checkout.resolve("replicatoor"));
    Files.copy(root.resolve(".mvn/find-jdk.sh"), checkout.resolve(".mvn/find-jdk.sh"));
    for (String f :
        List.of(
            "app-compose.json",
            "image.json",
            "quote.bin",
            "collateral.json",
            "quote-response.json")) {
      Files.copy(root.resolve("examples").resolve(f), checkout.resolve("examples").resolve(f));
    }
    jar = checkout.resolve("replicatoor-cli/target").resolve(built.getFileName());
    Files.copy(built, jar, StandardCopyOption.COPY_ATTRIBUTES);
    String name = jar.getFileName().toString();
    cache = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".aot");
    cacheId = cache.resolveSibling(cache.getFileName() + ".id");
  }

  private Run launch(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "./replicatoor"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(checkout.toFile());
    Map<String, String> env = new HashMap<>();
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", System.getProperty("user.home"));
    env.putAll(extraEnv);
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = Files.createTempFile(checkout, "out", ".txt");
    Path err = Files.createTempFile(checkout, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Run measure(Map<String, String> env) throws Exception {
    return launch(
        env, "measure", "--compose", "examples/app-compose.json", "--image", "examples/image.json");
  }

  /**
   * Runs {@code measure} with the JVM's class-load log on and answers where {@code MeasureCommand}
   * came from: true for the AOT cache.
   */
  private boolean measureCameFromCache(Map<String, String> env) throws Exception {
    Path log = checkout.resolve("class-load.log");
    Files.deleteIfExists(log);
    Map<String, String> e = new HashMap<>(env);
    e.put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + log);
    Run r = measure(e);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains(MEASURE_ID);
    List<String> lines = Files.readAllLines(log);
    boolean command = fromCache(lines, "io.replicatoor.cli.MeasureCommand");
    // picocli is compiled for Java 5; the build upgrades its class-file version so the cache can
    // hold it (src/build/UpgradeClassVersion.java): it comes from the cache whenever the CLI does.
    assertThat(fromCache(lines, "picocli.CommandLine")).isEqualTo(command);
    return command;
  }

  private static boolean fromCache(List<String> classLoadLog, String className) {
    return classLoadLog.stream()
        .filter(l -> l.contains(" " + className + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError(className + " not loaded"))
        .contains("shared objects file");
  }

  @Test
  void off_noCacheMadeOrUsed() throws Exception {
    Run r = measure(Map.of("REPLICATOOR_AOT", "off"));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains(MEASURE_ID);
    assertThat(r.err()).isEmpty();
    assertThat(cache).doesNotExist();
    assertThat(measureCameFromCache(Map.of("REPLICATOOR_AOT", "off"))).isFalse();
    assertThat(cache).doesNotExist();
  }

  @Test
  void firstRun_makesCache_laterRunsLoadFromIt_sameOutput() throws Exception {
    Run without = measure(Map.of("REPLICATOOR_AOT", "off"));
    Run first = measure(Map.of());
    assertThat(first).isEqualTo(without);
    assertThat(first.err()).isEmpty();
    assertThat(cache).isNotEmptyFile();
    assertThat(Files.getLastModifiedTime(cacheId)).isEqualTo(Files.getLastModifiedTime(jar));
    assertThat(measureCameFromCache(Map.of())).isTrue();
    Run verify =
        launch(
            Map.of(),
            "verify-quote",
            "--quote",
            "examples/quote.bin",
            "--collateral",
            "examples/collateral.json",
            "--at",
            "2025-07-01T00:00:00Z",
            "--json");
    assertThat(verify.exit()).isZero();
    assertThat(verify.err()).isEmpty();
    assertThat(verify.out()).startsWith("{\"status\":\"UpToDate\"");
  }

  @Test
  void jarChanged_staleCacheRegeneratedSilently() throws Exception {
    measure(Map.of());
    assertThat(measureCameFromCache(Map.of())).isTrue();
    FileTime before = Files.getLastModifiedTime(cache);
    // A rebuilt jar: the JDK refuses a cache whose jar's time or size changed.
    Files.setLastModifiedTime(
        jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
    Run r = measure(Map.of());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains(MEASURE_ID);
    assertThat(r.err()).isEmpty();
    assertThat(Files.getLastModifiedTime(cache)).isNotEqualTo(before);
    assertThat(Files.getLastModifiedTime(cacheId)).isEqualTo(Files.getLastModifiedTime(jar));
    assertThat(measureCameFromCache(Map.of())).isTrue();
  }

  @Test
  void damagedCache_refusedByJdk_runStillCorrectAndQuiet() throws Exception {
    measure(Map.of());
    // Keep the launcher's record but damage the cache itself: the JDK refuses it; the run must
    // neither fail nor print the JDK's complaint.
    byte[] junk = new byte[4096];
    Files.write(cache, junk);
    Run r = measure(Map.of());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains(MEASURE_ID).doesNotContain("aot").doesNotContain("AOT");
    assertThat(r.err()).isEmpty();
  }
}
