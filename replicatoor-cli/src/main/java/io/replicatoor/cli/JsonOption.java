package io.replicatoor.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The one {@code --json} of every command whose result is one object (measure, rtmr3, verify-quote,
 * event-log replay, collateral fetch, bench, migrate, upgrade): the result as one JSON object on
 * stdout, or as text lines.
 */
public final class JsonOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--json", description = "Print one JSON object on stdout.")
  boolean json;

  /** True when {@code --json} was given. */
  public boolean requested() {
    return json;
  }

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
