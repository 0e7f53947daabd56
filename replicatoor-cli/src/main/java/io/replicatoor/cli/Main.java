package io.replicatoor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code replicatoor} command. Each subcommand parses its arguments, calls one library method
 * and renders the result; errors are rendered by {@link ErrorRenderer} with the exit codes listed
 * in {@code docs/cli.md}.
 */
@Command(
    name = "replicatoor",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Keeps one application secret alive across Intel TDX confidential VMs.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      // -- quote verification (issue 2) --
      VerifyQuoteCommand.class,
      CollateralCommand.class,

      // -- benchmarks (issue 2) --
      BenchCommand.class,

      // -- guest agent, event log, measurements (issue 3) --
      EventLogCommand.class,
      MeasureCommand.class,
      Rtmr3Command.class,

      // -- simulator (issue 3) --
      SimulateCommand.class,

      // -- upgrade governance (issue 4) --
      UpgradeCommand.class,

      // -- server (later issue) --
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** Builds the command line with the shared error handling; used by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new ErrorRenderer());
    cl.setParameterExceptionHandler(new ErrorRenderer.Usage());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"replicatoor " + (v == null ? "dev" : v)};
    }
  }
}
