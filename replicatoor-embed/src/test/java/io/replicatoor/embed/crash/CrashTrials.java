package io.replicatoor.embed.crash;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.port.SealedState;
import io.replicatoor.embed.FileStateStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * SIGKILL trials against the production {@link FileStateStore}: a child JVM ({@link
 * StateWriterChild}) stores successive versions as fast as it can; after a random delay the parent
 * kills it with SIGKILL, then reads the store as a restarted instance would and classifies what it
 * finds against the last version the child acknowledged (its store returned).
 */
final class CrashTrials {
  /** Name of the blob file in each trial's folder. */
  static final String FILE = "state.sealed";

  /** How long a child JVM may take to come up. */
  private static final long START_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

  /** What a restarted instance found, compared with the last acknowledged version. */
  enum Outcome {
    /** The last acknowledged version, whole. */
    OLD("old (last acknowledged version)", true),
    /** The version being written when the kill landed, whole. */
    NEW("new (version in flight)", true),
    /** No blob, an older version than acknowledged, or a version never written. */
    LOST("lost", false),
    /** Every word present but from two versions. */
    MIXED("mixed", false),
    /** Truncated or otherwise incomplete, or the store refused to read it. */
    HALF_READ("half-read", false);

    final String label;
    final boolean allowed;

    Outcome(String label, boolean allowed) {
      this.label = label;
      this.allowed = allowed;
    }
  }

  /** The tally of a run. */
  record Result(
      int trials,
      long seed,
      int maxDelayMs,
      int blobBytes,
      Map<Outcome, Integer> outcomes,
      int partialTempLeft,
      long storesAcknowledged,
      List<String> failures) {

    /** True when every trial found the old or the new version. */
    boolean allOldOrNew() {
      return outcomes.entrySet().stream().allMatch(e -> e.getKey().allowed || e.getValue() == 0);
    }

    /** The outcome table (Markdown) with the run's parameters. */
    String table() {
      StringBuilder b = new StringBuilder();
      b.append("| outcome after SIGKILL and restart | trials |\n|---|---|\n");
      for (Outcome o : Outcome.values()) {
        b.append("| ").append(o.label).append(" | ").append(outcomes.get(o)).append(" |\n");
      }
      b.append("| **total** | **").append(trials).append("** |\n\n");
      b.append("trials: ")
          .append(trials)
          .append(", seed ")
          .append(seed)
          .append(", kill delay uniform in [0, ")
          .append(maxDelayMs)
          .append("] ms after the child is up, blob ")
          .append(blobBytes)
          .append(" bytes; kills that left a temporary file behind (landed mid-write): ")
          .append(partialTempLeft)
          .append("; stores acknowledged before the kills: ")
          .append(storesAcknowledged)
          .append('\n');
      for (String f : failures) {
        b.append("FAILED ").append(f).append('\n');
      }
      return b.toString();
    }
  }

  private CrashTrials() {}

  /** Runs {@code trials} kill trials in fresh folders under {@code root}. */
  static Result run(Path root, int trials, long seed, int maxDelayMs, int blobBytes)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, 0);
    }
    int partialTemp = 0;
    long acked = 0;
    List<String> failures = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      Path dir = Files.createDirectories(root.resolve("trial-" + t));
      Path file = dir.resolve(FILE);
      FileStateStore store = new FileStateStore(file);
      store.store(TrialBlob.of(0, blobBytes)); // the state before the child starts
      long delayNanos = random.nextLong(TimeUnit.MILLISECONDS.toNanos(maxDelayMs) + 1);
      long lastAcked;
      try (ChildJvm child =
          ChildJvm.start(
              ChildJvm.command(
                  StateWriterChild.class,
                  "loop",
                  file.toString(),
                  "1",
                  Integer.toString(blobBytes)),
              root.resolve("trial-" + t + ".out"))) {
        String first = child.awaitFirstLine(START_TIMEOUT_MS);
        if (!StateWriterChild.READY.equals(first)) {
          throw new IllegalStateException("writer child did not start: " + first);
        }
        LockSupport.parkNanos(delayNanos);
        int status = child.kill();
        if (status != ChildJvm.KILLED_BY_SIGKILL) {
          throw new IllegalStateException("writer child exited by itself with " + status);
        }
        lastAcked = lastVersion(child.lines());
      }
      acked += lastAcked;
      Path tmp = dir.resolve(FILE + ".tmp");
      if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
        partialTemp++;
      }
      Outcome o = classify(new FileStateStore(file), lastAcked);
      outcomes.merge(o, 1, Integer::sum);
      if (!o.allowed) {
        failures.add("trial " + t + ": " + o + " after acknowledged version " + lastAcked);
      }
      // The restarted instance writes again over whatever the kill left.
      long next = lastAcked + 2;
      FileStateStore restarted = new FileStateStore(file);
      restarted.store(TrialBlob.of(next, blobBytes));
      if (!(TrialBlob.read(restarted.load().orElseThrow().toByteArray())
              instanceof TrialBlob.Whole w
          && w.version() == next)) {
        failures.add("trial " + t + ": the write after restart did not read back");
      }
      if (Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
        failures.add("trial " + t + ": a temporary file survived the write after restart");
      }
      deleteTrial(dir, file);
      Files.delete(root.resolve("trial-" + t + ".out"));
    }
    return new Result(
        trials, seed, maxDelayMs, blobBytes, outcomes, partialTemp, acked, List.copyOf(failures));
  }

  /** What a restart reading {@code store} finds, against the last acknowledged version. */
  static Outcome classify(FileStateStore store, long lastAcked) {
    Optional<SealedState> loaded;
    try {
      loaded = store.load();
    } catch (ReplicatoorException e) {
      return Outcome.HALF_READ;
    }
    if (loaded.isEmpty()) {
      return Outcome.LOST;
    }
    return switch (TrialBlob.read(loaded.get().toByteArray())) {
      case TrialBlob.Truncated t -> Outcome.HALF_READ;
      case TrialBlob.Mixed m -> Outcome.MIXED;
      case TrialBlob.Whole w when w.version() == lastAcked -> Outcome.OLD;
      case TrialBlob.Whole w when w.version() == lastAcked + 1 -> Outcome.NEW;
      case TrialBlob.Whole w -> Outcome.LOST;
    };
  }

  private static long lastVersion(List<String> lines) {
    long last = 0;
    for (String l : lines) {
      if (!l.equals(StateWriterChild.READY)) {
        last = Long.parseLong(l.strip());
      }
    }
    return last;
  }

  private static void deleteTrial(Path dir, Path file) throws Exception {
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir.resolve(FILE + ".tmp"));
    Files.delete(dir);
  }
}
