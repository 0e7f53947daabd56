package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command whose result is one JSON object on stdout with {@code --json}, else text lines ({@code
 * collateral fetch} and the {@code bench} measurements).
 */
abstract class JsonResultCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "One JSON object on stdout.")
  boolean json;

  /** Prints the result: {@code fields} fills the JSON object, {@code text} writes the lines. */
  final void print(Consumer<ObjectNode> fields, Consumer<PrintWriter> text) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = JsonOutput.mapper().createObjectNode();
      fields.accept(n);
      out.println(JsonOutput.write(n));
    } else {
      text.accept(out);
    }
    out.flush();
  }
}
