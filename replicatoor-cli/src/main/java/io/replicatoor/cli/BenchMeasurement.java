package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** The shared part of the {@code bench} measurements: their figures end with the Java version. */
abstract class BenchMeasurement extends JsonResultCommand {
  /** The help line of the measurements that start a local dev network. */
  static final String NEEDS_ANVIL =
      "Needs anvil: REPLICATOOR_ANVIL=contracts/node_modules/.bin/anvil.";

  /** Prints the figures: {@code figures} fills the JSON object, {@code text} writes the lines. */
  final void printFigures(Consumer<ObjectNode> figures, Consumer<PrintWriter> text) {
    print(
        n -> {
          figures.accept(n);
          n.put("javaVersion", System.getProperty("java.version"));
        },
        text);
  }
}
