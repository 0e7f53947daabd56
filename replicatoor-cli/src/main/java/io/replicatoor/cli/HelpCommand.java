package io.replicatoor.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replicatoor help [COMMAND [SUBCOMMAND...]]}: the help of any command, nested ones included
 * ({@code help upgrade check} prints what {@code upgrade check --help} prints).
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Prints the help of a command, for example 'help upgrade check'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command and subcommands.")
  List<String> commands = new ArrayList<>();

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  private CommandLine self;
  private CommandLine.Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(
      CommandLine helpCommandLine,
      CommandLine.Help.ColorScheme colorScheme,
      PrintWriter outWriter,
      PrintWriter errWriter) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = outWriter;
  }

  @Override
  public void run() {
    CommandLine target = self.getParent();
    for (String name : commands) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        throw new CommandLine.ParameterException(
            self, "unknown command '" + String.join(" ", commands) + "'");
      }
      target = next;
    }
    target.usage(out, colors);
    out.flush();
  }
}
