package io.replicatoor.cli;

import io.replicatoor.cli.upgrade.UpgradeCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
    description = "Keeps one application secret alive across Intel TDX confidential VMs.",
    subcommands = {
      HelpCommand.class,
      DemoCommand.class,
      VerifyQuoteCommand.class,
      EventLogCommand.class,
      CollateralCommand.class,
      MeasureCommand.class,
      Rtmr3Command.class,
      UpgradeCommand.class,
      ServeCommand.class,
      MigrateCommand.class,
      SimulateCommand.class,
      BenchCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** The top-level command list, grouped by what the commands are for. */
  static final Map<String, List<String>> GROUPS =
      groups(
          "Try it", List.of("demo"),
          "Verify a TDX instance's evidence", List.of("verify-quote", "event-log", "collateral"),
          "Compute reference values for an app", List.of("measure", "rtmr3"),
          "Run an instance", List.of("serve", "migrate"),
          "Govern upgrades on chain", List.of("upgrade"),
          "Develop and test", List.of("simulate", "bench"),
          "Help", List.of("help"));

  /** Builds the command line with the shared error handling; used by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new ErrorRenderer());
    cl.setParameterExceptionHandler(new ErrorRenderer.Usage());
    shareVersion(cl, new Version());
    cl.getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, help -> "");
    cl.getHelpSectionMap()
        .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Main::groupedCommands);
    return cl;
  }

  private static String groupedCommands(CommandLine.Help help) {
    Map<String, CommandLine.Help> subs = help.subcommands();
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
      Map<String, CommandLine.Help> members = new LinkedHashMap<>();
      for (String name : g.getValue()) {
        CommandLine.Help h = subs.get(name);
        if (h == null) {
          throw new IllegalStateException("command " + name + " is not registered");
        }
        members.put(name, h);
      }
      sb.append(g.getKey()).append(":\n").append(help.commandList(members));
    }
    return sb.toString();
  }

  private static Map<String, List<String>> groups(Object... kv) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> names = (List<String>) kv[i + 1];
      m.put((String) kv[i], names);
    }
    return m;
  }

  /** Every subcommand answers {@code -V} with the project version, as the top level does. */
  private static void shareVersion(CommandLine cl, CommandLine.IVersionProvider version) {
    cl.getCommandSpec().versionProvider(version);
    cl.getSubcommands().values().forEach(sub -> shareVersion(sub, version));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The project version, written into {@code version.properties} by the build. */
  static final class Version implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " missing from the build");
        }
        p.load(in);
      }
      return new String[] {"replicatoor " + p.getProperty("version")};
    }
  }
}
