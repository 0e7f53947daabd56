package io.replicatoor.devnet;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.SecretAccess;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.core.handover.StatusView;
import io.replicatoor.core.state.DerivedKey;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * DEVELOPMENT ONLY: the benchmarks of {@code replicatoor bench} over a {@link DevNetwork} (real
 * anvil with {@code UpgradeOperator}, real simulator agents on Unix sockets, INSECURE dev trust
 * root): a serving instance A (genesis registered, k = 1 endpoint), warm hand-overs from A to fresh
 * instances with a per-step breakdown, and a burst of new instances onboarded concurrently by A.
 * Figures and commands: docs/benchmarks.md.
 */
public final class DevBench implements AutoCloseable {
  /** The app version every instance runs (one approved measurement). */
  static final String VERSION = "v1";

  /** Path, purpose and algorithm of the key every joined instance must derive like A. */
  static final String[] CHECK_KEY = {"bench/check", "signing", "secp256k1"};

  private final Path dir;
  private final DevNetwork net;
  private final EmbeddedReplicatoor a;
  private EmbeddedReplicatoor.Builder b;
  private int next;

  private DevBench(Path dir, DevNetwork net, EmbeddedReplicatoor a) {
    this.dir = dir;
    this.net = net;
    this.a = a;
  }

  /**
   * Starts anvil and the contract, instance A on its own simulator agent, runs genesis, registers
   * the state and refreshes A until it serves; files go under {@code dir}.
   */
  public static DevBench start(Path dir) throws Exception {
    DevNetwork net = DevNetwork.start(dir);
    try {
      EmbeddedReplicatoor a = net.instance(VERSION, "a", true).start();
      GenesisEvidence g = a.genesis();
      net.registerState(g);
      StatusView s = a.refresh();
      if (s.phase() != Phase.SERVING) {
        throw new IllegalStateException("A does not serve after register-state: " + s.phase());
      }
      return new DevBench(dir, net, a);
    } catch (Exception | Error e) {
      net.close();
      throw e;
    }
  }

  /** The serving instance A. */
  public EmbeddedReplicatoor serving() {
    return a;
  }

  /** A new instance of A's version with its own data folder, on the shared agent "b". */
  private EmbeddedReplicatoor freshInstance() throws Exception {
    if (b == null) {
      b = net.instance(VERSION, "b", true);
    }
    return b.dataDir(dir.resolve("data-b-" + next++)).start();
  }

  // ---- warm hand-over ---------------------------------------------------------------------

  /**
   * Latency figures of one series, in milliseconds.
   *
   * @param p50 median
   * @param p99 99th percentile (the largest value below 100 samples)
   * @param mean mean
   * @param min smallest
   * @param max largest
   */
  public record Stats(double p50, double p99, double mean, double min, double max) {
    static Stats of(long[] nanos) {
      long[] s = nanos.clone();
      Arrays.sort(s);
      if (s.length == 0) {
        return new Stats(0, 0, 0, 0, 0);
      }
      double sum = 0;
      for (long v : s) {
        sum += v;
      }
      return new Stats(
          pct(s, 0.50), pct(s, 0.99), sum / s.length / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
      int i = (int) Math.ceil(q * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
  }

  /**
   * Warm hand-overs: each step timed inside the same hand-over, so the step figures describe the
   * same runs as the whole.
   *
   * @param count measured hand-overs
   * @param total {@code requestKey → onboard → receiveKey}
   * @param requestKey B: chain head, X25519 key, quote from its agent
   * @param onboard A: self check, B's quote (DCAP + event log), B's approval and the anchor on
   *     chain, HPKE seal, A's quote
   * @param receiveKey B: A's quote and the bundle's binding, approvals on chain, HPKE open
   */
  public record HandoverFigures(
      int count, Stats total, Stats requestKey, Stats onboard, Stats receiveKey) {}

  /**
   * Runs {@code warmup} untimed hand-overs, then {@code count} timed ones, each onto a fresh
   * instance (created untimed); every joined instance must serve and derive A's key.
   */
  public HandoverFigures handovers(int warmup, int count) throws Exception {
    if (warmup < 0 || count < 1) {
      throw new IllegalArgumentException("warmup must not be negative and count positive");
    }
    byte[] expected = checkKey(a);
    try {
      return handovers(warmup, count, expected);
    } finally {
      Arrays.fill(expected, (byte) 0);
    }
  }

  private HandoverFigures handovers(int warmup, int count, byte[] expected) throws Exception {
    long[] total = new long[count];
    long[] req = new long[count];
    long[] onb = new long[count];
    long[] rec = new long[count];
    for (int i = -warmup; i < count; i++) {
      EmbeddedReplicatoor nb = freshInstance();
      long t0 = System.nanoTime();
      byte[] join = nb.requestKey().encode();
      long t1 = System.nanoTime();
      byte[] bundle = a.onboard(join).encode();
      long t2 = System.nanoTime();
      StatusView v = nb.receiveKey(bundle);
      long t3 = System.nanoTime();
      requireJoined(nb, v, expected);
      if (i >= 0) {
        req[i] = t1 - t0;
        onb[i] = t2 - t1;
        rec[i] = t3 - t2;
        total[i] = t3 - t0;
      }
    }
    return new HandoverFigures(count, Stats.of(total), Stats.of(req), Stats.of(onb), Stats.of(rec));
  }

  // ---- onboard burst ----------------------------------------------------------------------

  /**
   * A burst of new instances onboarded concurrently by A.
   *
   * @param instances new instances
   * @param joined instances that serve afterwards and derive exactly A's key
   * @param totalMillis from the common start to the last instance serving
   * @param perInstance each instance's own hand-over ({@code requestKey → onboard → receiveKey})
   * @param onboard A's {@code onboard} calls (they queue on A's instance lock)
   * @param setupMillis starting the instances and their agents (untimed part)
   */
  public record BurstFigures(
      int instances,
      int joined,
      double totalMillis,
      Stats perInstance,
      Stats onboard,
      double setupMillis) {
    /** Joined instances per second over the whole burst. */
    public double onboardsPerSecond() {
      return totalMillis <= 0 ? 0 : joined / (totalMillis / 1000);
    }
  }

  /**
   * Starts {@code instances} new instances of A's version, each on its own simulator agent, then
   * releases them at once: each runs {@code requestKey}, has A {@code onboard} it and runs {@code
   * receiveKey} on its own thread. Afterwards every instance must serve and derive A's key;
   * failures are counted, not thrown.
   */
  public BurstFigures onboardBurst(int instances) throws Exception {
    if (instances < 1 || instances > 1000) {
      throw new IllegalArgumentException("instances must be between 1 and 1000");
    }
    byte[] expected = checkKey(a);
    try {
      return onboardBurst(instances, expected);
    } finally {
      Arrays.fill(expected, (byte) 0);
    }
  }

  private BurstFigures onboardBurst(int instances, byte[] expected) throws Exception {
    long s0 = System.nanoTime();
    List<EmbeddedReplicatoor> bs = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      bs.add(net.instance(VERSION, "burst-" + i, true).start());
    }
    double setup = (System.nanoTime() - s0) / 1e6;
    long[] each = new long[instances];
    long[] onb = new long[instances];
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    List<Future<Boolean>> done = new ArrayList<>();
    long t0;
    try {
      for (int i = 0; i < instances; i++) {
        int k = i;
        done.add(
            pool.submit(() -> {
              go.await();
              long u0 = System.nanoTime();
              byte[] join = bs.get(k).requestKey().encode();
              long u1 = System.nanoTime();
              byte[] bundle = a.onboard(join).encode();
              long u2 = System.nanoTime();
              StatusView v = bs.get(k).receiveKey(bundle);
              each[k] = System.nanoTime() - u0;
              onb[k] = u2 - u1;
              requireJoined(bs.get(k), v, expected);
              return true;
            }));
      }
      t0 = System.nanoTime();
      go.countDown();
      int joined = 0;
      for (Future<Boolean> f : done) {
        try {
          if (f.get()) {
            joined++;
          }
        } catch (ExecutionException e) {
          // counted as not joined; the figures say how many
        }
      }
      double total = (System.nanoTime() - t0) / 1e6;
      return new BurstFigures(instances, joined, total, Stats.of(each), Stats.of(onb), setup);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- checks -----------------------------------------------------------------------------

  private static byte[] checkKey(EmbeddedReplicatoor r) throws ReplicatoorException {
    DerivedKey k = r.deriveKey(CHECK_KEY[0], CHECK_KEY[1], CHECK_KEY[2]);
    try {
      return k.key().reveal(SecretAccess.insecure());
    } finally {
      k.key().destroy();
    }
  }

  private static void requireJoined(EmbeddedReplicatoor r, StatusView v, byte[] expected)
      throws ReplicatoorException {
    if (v.phase() != Phase.SERVING) {
      throw new IllegalStateException("the joined instance does not serve: " + v.phase());
    }
    byte[] got = checkKey(r);
    try {
      if (!MessageDigest.isEqual(got, expected)) {
        throw new IllegalStateException("the joined instance derives another key than A");
      }
    } finally {
      Arrays.fill(got, (byte) 0);
    }
  }

  /** Stops anvil and the agents (the files stay in the caller's folder). */
  @Override
  public void close() throws Exception {
    net.close();
  }
}
