package io.replicatoor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code replicatoor}, {@code bench}, {@code collateral},
 * {@code event-log}, {@code upgrade}): run without one, it is a usage error (exit 2).
 */
public abstract class CommandGroup implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public final void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand" + hint());
  }

  /** What the usage error adds after "missing subcommand"; nothing unless a group names them. */
  String hint() {
    return "";
  }
}
