package io.replicatoor.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json} of the commands that compute one result (measure, rtmr3, verify-quote, event-log
 * replay): the result as one JSON object, or as text lines.
 */
final class JsonOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  /** Prints {@code result} as one JSON object with {@code --json}, else {@code text}'s lines. */
  void print(Object result, Consumer<PrintWriter> text) {
    PrintWriter out = command.commandLine().getOut();
    if (json) {
      out.println(JsonOutput.write(result));
    } else {
      text.accept(out);
    }
    out.flush();
  }
}
