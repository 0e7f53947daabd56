package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;

/**
 * A command whose result is one JSON object on stdout with {@code --json}, else text lines ({@code
 * collateral fetch} and the {@code bench} measurements).
 */
abstract class JsonResultCommand implements Callable<Integer> {
  @Mixin JsonOption json;

  /** Prints the result: {@code fields} fills the JSON object, {@code text} writes the lines. */
  final void print(Consumer<ObjectNode> fields, Consumer<PrintWriter> text) {
    ObjectNode n = JsonOutput.mapper().createObjectNode();
    fields.accept(n);
    json.print(n, text);
  }
}
