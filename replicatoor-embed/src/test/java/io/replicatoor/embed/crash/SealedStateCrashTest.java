package io.replicatoor.embed.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency of the sealed state (issue 10): SIGKILL a real writer JVM at random points
 * while it stores successive versions through the production store; a restart must always find the
 * old or the new version, never none, a mix or a truncated blob. {@code ./mvnw verify} runs a few
 * trials; {@code -Pcrash} (and {@code bench/crash-trials.sh}) runs at least 200.
 */
class SealedStateCrashTest {
  /** Trials in a plain build; {@code -Pcrash} raises it. */
  private static final int DEFAULT_TRIALS = 10;

  /** Upper bound of the random kill delay after the writer is up. */
  private static final int DEFAULT_MAX_DELAY_MS = 150;

  @TempDir Path dir;

  @Test
  void sigkillWhileSealingLeavesTheOldOrTheNewStateAfterRestart() throws Exception {
    int trials = Integer.getInteger("replicatoor.crash.trials", DEFAULT_TRIALS);
    int maxDelay = Integer.getInteger("replicatoor.crash.maxDelayMs", DEFAULT_MAX_DELAY_MS);
    long seed = Long.getLong("replicatoor.crash.seed", new SecureRandom().nextLong());
    CrashTrials.Result r = CrashTrials.run(dir, trials, seed, maxDelay, TrialBlob.DEFAULT_BYTES);
    String table = r.table();
    System.out.println("Sealed state crash trials\n" + table);
    String report = System.getProperty("replicatoor.crash.report");
    if (report != null) {
      Path p = Path.of(report);
      Files.createDirectories(p.toAbsolutePath().getParent());
      Files.writeString(p, table, StandardCharsets.UTF_8);
    }
    assertThat(r.failures()).as(table).isEmpty();
    assertThat(r.allOldOrNew()).as(table).isTrue();
    assertThat(r.outcomes().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(trials);
  }
}
