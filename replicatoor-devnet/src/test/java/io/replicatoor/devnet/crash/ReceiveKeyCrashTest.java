package io.replicatoor.devnet.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.replicatoor.attest.handover.CollateralSource;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.core.handover.SealingMode;
import io.replicatoor.core.handover.StatusView;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-over crash trials (issue 10, crash consistency): the receiving instance B runs in its own
 * JVM with sealing on and is SIGKILLed at a random point of {@code receiveKey} (verification, chain
 * reads, decryption, sealing, install). Restarted on the same data folder and KMS, B must either
 * serve the registered state (the seal completed; same derived keys as A) or hold no state and join
 * again successfully; it must never refuse to start (a half-written sealed state, high-water mark
 * or collateral cache). Real anvil and simulator agents (DevNetwork, INSECURE dev trust root).
 */
class ReceiveKeyCrashTest {
  /** Trials in a plain build; {@code -Pcrash} raises it. */
  private static final int DEFAULT_TRIALS = 3;

  private static final long CHILD_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(2);
  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

  /** Kill window once B's seal has begun: a seal is two fsyncs and a rename. */
  private static final long SEAL_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

  /** What a restart found. */
  enum Outcome {
    /** The seal completed before the kill: B serves the registered state. */
    NEW("serving the received state"),
    /** The kill came before the seal: B holds nothing and joined again. */
    OLD("no state, joined again"),
    /** B refused to start, or started in another phase, or could not join again. */
    BROKEN("refused to start / could not join again");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  @TempDir Path dir;

  @Test
  void sigkillDuringReceiveKeyLeavesNoStateOrTheWholeStateAfterRestart() throws Exception {
    int trials = Integer.getInteger("replicatoor.crash.handoverTrials", DEFAULT_TRIALS);
    long seed = Long.getLong("replicatoor.crash.seed", new SecureRandom().nextLong());
    SplittableRandom random = new SplittableRandom(seed);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, 0);
    }
    List<String> failures = new ArrayList<>();
    try (DevNetwork net = DevNetwork.start(dir.resolve("net"))) {
      EmbeddedReplicatoor a = net.instance("v1", "a", true).start();
      GenesisEvidence g = a.genesis();
      net.registerState(g);
      a.refresh();
      byte[] aKey = rawKey(a);
      net.instance("v1", "b", true); // B's simulator agent (same measurement, approved)
      Path trustRoot = net.trustRootPem();

      // Calibration: one uninterrupted receive gives the window the kills are spread over.
      long receiveNanos = runChild(net, a, trustRoot, "calibrate", -1, false).receiveNanos();
      long window = Math.max(receiveNanos * 13 / 10, TimeUnit.MILLISECONDS.toNanos(5));

      for (int t = 0; t < trials; t++) {
        String name = "trial-" + t;
        // Even trials: anywhere in receiveKey. Odd trials: once B's seal has begun (its temporary
        // or sealed file appears), within the time a seal takes.
        boolean atSeal = t % 2 == 1;
        long delay = atSeal ? random.nextLong(SEAL_WINDOW_NANOS + 1) : random.nextLong(window + 1);
        Child c = runChild(net, a, trustRoot, name, delay, atSeal);
        if (c.status() != 137 && !c.finished()) {
          failures.add(name + ": child exited by itself with " + c.status());
        }
        Outcome o;
        String why = "";
        try {
          EmbeddedReplicatoor b = restartB(net, trustRoot, c.data());
          StatusView s = b.status();
          if (s.phase() == Phase.SERVING) {
            o = s.fingerprint().equals(a.status().fingerprint()) ? Outcome.NEW : Outcome.BROKEN;
            if (o == Outcome.NEW && !Arrays.equals(rawKey(b), aKey)) {
              o = Outcome.BROKEN;
              why = "derived key differs";
            }
          } else if (s.phase() == Phase.NO_STATE) {
            b.receiveKey(a.onboard(b.requestKey().encode()).encode());
            o = b.status().phase() == Phase.SERVING ? Outcome.OLD : Outcome.BROKEN;
          } else {
            o = Outcome.BROKEN;
            why = "phase " + s.phase();
          }
        } catch (Exception e) {
          o = Outcome.BROKEN;
          why = e.toString();
        }
        outcomes.merge(o, 1, Integer::sum);
        if (o == Outcome.BROKEN) {
          failures.add(name + " (killed " + delay / 1000 + " us after the bundle): " + why);
        }
      }
      StringBuilder table = new StringBuilder();
      table.append("| outcome after SIGKILL in receiveKey and restart | trials |\n|---|---|\n");
      for (Outcome o : Outcome.values()) {
        table.append("| ").append(o.label).append(" | ").append(outcomes.get(o)).append(" |\n");
      }
      table.append("| **total** | **").append(trials).append("** |\n\n");
      table
          .append("trials: ")
          .append(trials)
          .append(", seed ")
          .append(seed)
          .append(", kill delay uniform in [0, ")
          .append(TimeUnit.NANOSECONDS.toMillis(window))
          .append("] ms after the bundle was handed over, every other trial in [0, ")
          .append(TimeUnit.NANOSECONDS.toMillis(SEAL_WINDOW_NANOS))
          .append("] ms after B's seal began (an uninterrupted receiveKey took ")
          .append(TimeUnit.NANOSECONDS.toMillis(receiveNanos))
          .append(" ms)\n");
      failures.forEach(f -> table.append("FAILED ").append(f).append('\n'));
      System.out.println("Hand-over crash trials\n" + table);
      String report = System.getProperty("replicatoor.crash.handoverReport");
      if (report != null) {
        Files.createDirectories(Path.of(report).toAbsolutePath().getParent());
        Files.writeString(Path.of(report), table, StandardCharsets.UTF_8);
      }
      assertThat(failures).as(table.toString()).isEmpty();
    }
  }

  private record Child(Path data, int status, boolean finished, long receiveNanos) {}

  /**
   * Runs B in a child JVM up to its join, hands it A's bundle, and kills it after {@code delay}.
   */
  private Child runChild(
      DevNetwork net,
      EmbeddedReplicatoor a,
      Path trustRoot,
      String name,
      long killAfterNanos,
      boolean afterSealBegins)
      throws Exception {
    Path trial = Files.createDirectories(dir.resolve(name));
    Path data = trial.resolve("data");
    Path out = trial.resolve("child.out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:-UsePerfData");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ReceiverChild.class.getName());
    cmd.addAll(
        List.of(
            net.agentSocket("b").toString(),
            net.rpc().toString(),
            net.deployment().contract().toHex(),
            net.deployment().codeHash().toHex(),
            data.toString(),
            trustRoot.toString(),
            net.collateral().toString(),
            Long.toString(net.clock().instant().toEpochMilli()),
            trial.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    try {
      awaitLine(p, out, ReceiverChild.Stage.JOINED.line());
      byte[] join = Files.readAllBytes(trial.resolve(ReceiverChild.JOIN_FILE));
      byte[] bundle = a.onboard(join).encode();
      Path tmp = trial.resolve(ReceiverChild.BUNDLE_FILE + ".part");
      Files.write(tmp, bundle);
      long handed = System.nanoTime();
      Files.move(tmp, trial.resolve(ReceiverChild.BUNDLE_FILE), StandardCopyOption.ATOMIC_MOVE);
      if (killAfterNanos < 0) {
        awaitLine(p, out, ReceiverChild.Stage.RECEIVED.line());
        long took = System.nanoTime() - handed;
        assertThat(p.waitFor(CHILD_TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
        return new Child(data, p.exitValue(), true, took);
      }
      if (afterSealBegins) {
        awaitSeal(p, data);
      }
      LockSupport.parkNanos(killAfterNanos);
      p.destroyForcibly(); // SIGKILL
      int status = p.waitFor();
      boolean finished =
          Files.readString(out, StandardCharsets.UTF_8)
              .contains(ReceiverChild.Stage.RECEIVED.line() + "\n");
      return new Child(data, status, finished, 0);
    } finally {
      p.destroyForcibly();
    }
  }

  /** Waits until B's temporary or sealed file exists (or B has exited). */
  private static void awaitSeal(Process p, Path data) {
    Path sealed = data.resolve(EmbeddedReplicatoor.SEALED_STATE_FILE);
    Path tmp = data.resolve(EmbeddedReplicatoor.SEALED_STATE_FILE + ".tmp");
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHILD_TIMEOUT_MS);
    while (!Files.exists(tmp) && !Files.exists(sealed) && p.isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("receiver child never began to seal");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private static void awaitLine(Process p, Path out, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHILD_TIMEOUT_MS);
    while (!Files.readString(out, StandardCharsets.UTF_8).contains(line + "\n")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("receiver child stopped before \"" + line + "\"");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private static EmbeddedReplicatoor restartB(DevNetwork net, Path trustRoot, Path data)
      throws Exception {
    return EmbeddedReplicatoor.builder()
        .sealing(SealingMode.KMS)
        .agentSocket(net.agentSocket("b"))
        .chain(DevNetwork.CHAIN_ID, List.of(net.rpc()), 1)
        .contract(net.deployment().contract().toHex(), net.deployment().codeHash().toHex())
        .maxHeaderAge(Duration.ofHours(1))
        .dataDir(data)
        .insecureDevTrustRoot(net.devTrustRoot())
        .collateral(CollateralSource.directory(net.collateral()))
        .bindOsImageHash(false)
        .clock(net.clock())
        .start();
  }

  private static byte[] rawKey(EmbeddedReplicatoor r) throws Exception {
    return r.deriveKey("crash/test", "check", "raw").key().reveal(SecretAccess.insecure());
  }
}
