package io.replicatoor.attest.verify;

import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.core.ReplicatoorException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Measures full quote verification time, warm (one verifier reused: verified collateral and decoded
 * certificates cached) and cold (a fresh verifier per quote: collateral re-verified, certificates
 * re-decoded and every signature recomputed); see docs/benchmarks.md.
 *
 * <p>A benchmark, not a test: it reads the monotonic clock ({@link System#nanoTime()}) and is only
 * called from the {@code bench} command.
 */
public final class VerifyBenchmark {
  /** Iterations run in a phase even when its time budget is zero. */
  public static final int MIN_ITERATIONS = 1;

  /** Warm-up iterations per mode even when the warm-up budget is zero (loads and links classes). */
  public static final int MIN_WARMUP_ITERATIONS = 3;

  private VerifyBenchmark() {}

  /**
   * One timed phase.
   *
   * @param iterations verifications run
   * @param nanos wall time (monotonic clock)
   * @param cpuNanos CPU time of the measuring thread (less sensitive to other load on the machine;
   *     -1 where the JVM cannot measure it)
   */
  public record Phase(long iterations, long nanos, long cpuNanos) {
    /** Mean wall time per verification in milliseconds. */
    public double millisPerQuote() {
      return nanos / 1e6 / iterations;
    }

    /** Mean CPU time per verification in milliseconds, or -1 when unmeasured. */
    public double cpuMillisPerQuote() {
      return cpuNanos < 0 ? -1 : cpuNanos / 1e6 / iterations;
    }

    /** Verifications per second. */
    public double quotesPerSecond() {
      return iterations * 1e9 / nanos;
    }
  }

  /**
   * Both phases and what the verification returned.
   *
   * @param warm one verifier reused across iterations
   * @param cold a fresh verifier per iteration
   * @param status the TCB status of the verified quote
   * @param advisoryIds its advisory IDs
   */
  public record Result(Phase warm, Phase cold, String status, List<String> advisoryIds) {}

  /**
   * Verifies once (failing exactly as {@link QuoteVerifier#verify} would), then warms both modes up
   * for {@code warmup} each and measures each for {@code perPhase}.
   *
   * @throws ReplicatoorException if the quote does not verify with this collateral at {@code t}
   */
  public static Result run(
      byte[] quote, Collateral collateral, Instant t, Duration warmup, Duration perPhase)
      throws ReplicatoorException {
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(collateral, "collateral");
    Objects.requireNonNull(t, "t");
    if (warmup.isNegative() || perPhase.isNegative()) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    VerifiedQuote v = QuoteVerifier.intelProduction().verify(quote, collateral, t);
    String status = v.status().map(TcbStatus::intelName).orElse("none");

    QuoteVerifier shared = QuoteVerifier.intelProduction();
    // Cold first: its code path is a superset of the warm one, so the JIT has compiled (nearly)
    // everything before either phase is measured.
    loop(quote, collateral, t, null, warmup, MIN_WARMUP_ITERATIONS);
    loop(quote, collateral, t, shared, warmup, MIN_WARMUP_ITERATIONS);
    Phase warm = loop(quote, collateral, t, shared, perPhase, MIN_ITERATIONS);
    Phase cold = loop(quote, collateral, t, null, perPhase, MIN_ITERATIONS);
    return new Result(warm, cold, status, v.advisoryIds());
  }

  /** Verifies until {@code budget} has elapsed and at least {@code min} times; null = cold. */
  private static Phase loop(
      byte[] quote, Collateral c, Instant t, QuoteVerifier shared, Duration budget, int min)
      throws ReplicatoorException {
    long budgetNanos = budget.toNanos();
    long cpuStart = cpuNanos();
    long start = System.nanoTime();
    long n = 0;
    long elapsed;
    do {
      QuoteVerifier verifier = shared != null ? shared : QuoteVerifier.intelProduction();
      verifier.verify(quote, c, t);
      n++;
      elapsed = System.nanoTime() - start;
    } while (n < min || elapsed < budgetNanos);
    long cpu = cpuStart < 0 ? -1 : Math.max(cpuNanos() - cpuStart, 1);
    return new Phase(n, Math.max(elapsed, 1), cpu);
  }

  private static long cpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
  }
}
