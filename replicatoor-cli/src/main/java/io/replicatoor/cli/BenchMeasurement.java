package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shared part of the {@code bench} measurements: {@code --json} and the one way their figures
 * are printed, as one JSON object that ends with the Java version, or as text lines.
 */
abstract class BenchMeasurement implements Callable<Integer> {
  /** The help line of the measurements that start a local dev network. */
  static final String NEEDS_ANVIL =
      "Needs anvil: REPLICATOOR_ANVIL=contracts/node_modules/.bin/anvil.";

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "One JSON object on stdout.")
  boolean json;

  /** Prints the figures: {@code figures} fills the JSON object, {@code text} writes the lines. */
  final void print(Consumer<ObjectNode> figures, Consumer<PrintWriter> text) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = JsonOutput.mapper().createObjectNode();
      figures.accept(n);
      n.put("javaVersion", System.getProperty("java.version"));
      out.println(JsonOutput.write(n));
    } else {
      text.accept(out);
    }
    out.flush();
  }
}
