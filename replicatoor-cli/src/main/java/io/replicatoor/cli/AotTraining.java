package io.replicatoor.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The training run for the JDK's ahead-of-time cache (JEP 483/514/515), started by the {@code
 * ./replicatoor} launcher as {@code java -XX:AOTCacheOutput=CACHE -cp JAR
 * io.replicatoor.cli.AotTraining EXAMPLES_DIR}: runs the offline commands on the bundled examples
 * in one JVM, so the cache holds their classes already loaded and linked and the method profiles of
 * repeated quote verifications. Output is discarded; the exit code is 0 only when every run
 * succeeded (otherwise the launcher keeps no cache).
 */
public final class AotTraining {
  /** Verifications of the example quote: enough calls to give the EC arithmetic real profiles. */
  static final int VERIFY_RUNS = 30;

  /** Measurements of the example image: the JSON and text renderings. */
  static final int MEASURE_RUNS = 10;

  /** The time at which the example collateral is valid (examples/README.md). */
  static final String EXAMPLE_TIME = "2025-07-01T00:00:00Z";

  private AotTraining() {}

  /** The command lines of one training run over the examples in {@code examples}. */
  static List<List<String>> workload(Path examples) {
    String compose = examples.resolve("app-compose.json").toString();
    String image = examples.resolve("image.json").toString();
    String quote = examples.resolve("quote.bin").toString();
    String collateral = examples.resolve("collateral.json").toString();
    String response = examples.resolve("quote-response.json").toString();
    List<List<String>> runs = new ArrayList<>();
    runs.add(List.of("-V"));
    runs.add(List.of("--help"));
    runs.add(List.of("measure", "--help"));
    runs.add(List.of("verify-quote", "--help"));
    for (int i = 0; i < MEASURE_RUNS; i++) {
      List<String> measure = new ArrayList<>(List.of("measure", "--compose", compose));
      measure.addAll(List.of("--image", image));
      if (i % 2 == 0) {
        measure.add("--json");
      }
      runs.add(measure);
    }
    for (int i = 0; i < VERIFY_RUNS; i++) {
      List<String> verify = new ArrayList<>(List.of("verify-quote", "--quote", quote));
      verify.addAll(List.of("--collateral", collateral, "--at", EXAMPLE_TIME));
      if (i % 2 == 0) {
        verify.add("--json");
      }
      runs.add(verify);
    }
    runs.add(List.of("event-log", "replay", "--event-log", response));
    return runs;
  }

  /**
   * Runs {@link #workload} with the CLI's own dispatch ({@link Main#commandLineFor}), printing
   * nothing.
   *
   * @return the number of runs that did not exit 0
   */
  static int train(Path examples) {
    int failures = 0;
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream(), true);
    for (List<String> run : workload(examples)) {
      String[] args = run.toArray(String[]::new);
      CommandLine cl = Main.commandLineFor(args);
      cl.setOut(sink);
      cl.setErr(sink);
      if (cl.execute(args) != 0) {
        failures++;
        System.err.println("replicatoor: AOT training run failed: " + String.join(" ", run));
      }
    }
    return failures;
  }

  public static void main(String[] args) {
    if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
      System.err.println("usage: AotTraining EXAMPLES_DIR");
      System.exit(2);
    }
    System.exit(train(Path.of(args[0])) == 0 ? 0 : 1);
  }
}
