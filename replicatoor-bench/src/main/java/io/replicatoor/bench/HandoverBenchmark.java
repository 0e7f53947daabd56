package io.replicatoor.bench;

import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.handover.GenesisEvidence;
import io.replicatoor.core.handover.Phase;
import io.replicatoor.core.handover.StatusView;
import io.replicatoor.core.handover.TransferBundle;
import io.replicatoor.devnet.DevNetwork;
import io.replicatoor.embed.EmbeddedReplicatoor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The warm hand-over from a serving instance A to a fresh instance B of the same approved version,
 * through {@link EmbeddedReplicatoor} with the REAL simulator agent (Unix socket, INSECURE dev
 * trust root) and a REAL anvil with {@code UpgradeOperator} deployed: {@link #handover} is the
 * whole {@code requestKey → onboard → receiveKey}; {@link #requestKey}, {@link #onboard} and {@link
 * #receiveKey} time each step alone (the earlier steps run, untimed, in the per-invocation setup).
 * Each invocation gets a fresh B (own data folder, own HPKE key); A, the chain and the agents stay
 * up for the whole trial, so the warmup iterations warm collateral, chain reads and the JIT.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class HandoverBenchmark {

  /** The chain, the agents and the serving instance A (one per trial). */
  @State(Scope.Benchmark)
  public static class Network {
    Path dir;
    DevNetwork net;
    EmbeddedReplicatoor a;
    EmbeddedReplicatoor.Builder b;
    int next;

    /** Starts anvil and the agents, creates the state on A, registers it; A serves. */
    @Setup(Level.Trial)
    public void start() throws Exception {
      dir = Files.createTempDirectory("replicatoor-bench");
      net = DevNetwork.start(dir);
      a = net.instance("v1", "a", true).start();
      GenesisEvidence g = a.genesis();
      net.registerState(g);
      if (a.refresh().phase() != Phase.SERVING) {
        throw new IllegalStateException("A does not serve after register-state");
      }
      b = net.instance("v1", "b", true);
    }

    /** A fresh instance B (its own data folder) on B's agent. */
    EmbeddedReplicatoor freshB() throws ReplicatoorException {
      return b.dataDir(dir.resolve("data-b-" + next++)).start();
    }

    /** Stops anvil and the agents and deletes the files. */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
      if (net != null) {
        net.close();
      }
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException e) {
          // Best effort: a temp folder left behind is not a benchmark failure.
        }
      }
    }
  }

  /**
   * Per invocation: a fresh B (and, for the later steps, its join request and A's bundle). Each
   * subclass inherits this state's scope and prepares one step's input.
   */
  @State(Scope.Thread)
  public static class Step {
    EmbeddedReplicatoor b;
    byte[] join;
    byte[] bundle;

    void fresh(Network n) throws ReplicatoorException {
      b = n.freshB();
      join = null;
      bundle = null;
    }
  }

  /** State for {@link #handover} and {@link #requestKey}: a fresh B. */
  public static class FreshB extends Step {
    /** A fresh B. */
    @Setup(Level.Invocation)
    public void setUp(Network n) throws ReplicatoorException {
      fresh(n);
    }
  }

  /** State for {@link #onboard}: a fresh B and its join request. */
  public static class Joined extends Step {
    /** A fresh B and its join request. */
    @Setup(Level.Invocation)
    public void setUp(Network n) throws ReplicatoorException {
      fresh(n);
      join = b.requestKey().encode();
    }
  }

  /** State for {@link #receiveKey}: a fresh B, its join request and A's bundle for it. */
  public static class Bundled extends Step {
    /** A fresh B, its join request and A's transfer bundle. */
    @Setup(Level.Invocation)
    public void setUp(Network n) throws ReplicatoorException {
      fresh(n);
      join = b.requestKey().encode();
      bundle = n.a.onboard(join).encode();
    }
  }

  /** The whole hand-over; fails unless B serves at the end. */
  @Benchmark
  public StatusView handover(Network n, FreshB s) throws ReplicatoorException {
    byte[] join = s.b.requestKey().encode();
    TransferBundle bundle = n.a.onboard(join);
    return serving(s.b.receiveKey(bundle.encode()));
  }

  /** B: fresh HPKE key, quote from the agent, join request. */
  @Benchmark
  public byte[] requestKey(FreshB s) throws ReplicatoorException {
    return s.b.requestKey().encode();
  }

  /** A: verify B's quote (DCAP, event log, chain approval) and seal the state to B. */
  @Benchmark
  public byte[] onboard(Network n, Joined s) throws ReplicatoorException {
    return n.a.onboard(s.join).encode();
  }

  /** B: verify A's quote and the bundle, open it, check the state on chain; B serves. */
  @Benchmark
  public StatusView receiveKey(Bundled s) throws ReplicatoorException {
    return serving(s.b.receiveKey(s.bundle));
  }

  private static StatusView serving(StatusView v) {
    if (v.phase() != Phase.SERVING) {
      throw new IllegalStateException("B does not serve after receiveKey: " + v.phase());
    }
    return v;
  }
}
