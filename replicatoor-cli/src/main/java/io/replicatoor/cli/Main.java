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
    description = "Keeps one application secret alive across Intel TDX confidential VMs.")
public final class Main extends CommandGroup {

  /**
   * Every top-level command by its {@code @Command} name, in the order help lists them. Registered
   * programmatically (not with {@code @Command(subcommands = ...)}) so that a run of one command
   * builds only that command's model: picocli reflects over every registered class and creates an
   * instance of each, which for all twelve costs more than {@code measure} itself.
   */
  static final Map<String, Class<?>> COMMANDS =
      commands(
          "help", HelpCommand.class,
          "demo", DemoCommand.class,
          "verify-quote", VerifyQuoteCommand.class,
          "event-log", EventLogCommand.class,
          "collateral", CollateralCommand.class,
          "measure", MeasureCommand.class,
          "rtmr3", Rtmr3Command.class,
          "upgrade", UpgradeCommand.class,
          "serve", ServeCommand.class,
          "migrate", MigrateCommand.class,
          "simulate", SimulateCommand.class,
          "bench", BenchCommand.class);

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

  /** Builds the command line with every command and the shared error handling. */
  public static CommandLine commandLine() {
    return commandLine(COMMANDS.keySet());
  }

  /**
   * The command line for {@code args}: when the first argument names a command other than {@code
   * help}, only that command is registered (it is the only one picocli can dispatch to); otherwise
   * (top-level options, {@code help}, an unknown or missing command) every command is, so help,
   * suggestions and errors are those of the whole CLI. A lone {@code -V} needs no command.
   */
  static CommandLine commandLineFor(String[] args) {
    if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
      return commandLine(List.of());
    }
    if (args.length > 0 && !args[0].equals("help") && COMMANDS.containsKey(args[0])) {
      return commandLine(List.of(args[0]));
    }
    return commandLine();
  }

  private static CommandLine commandLine(Iterable<String> names) {
    CommandLine cl = new CommandLine(new Main());
    for (String name : names) {
      // Built with the public constructor, which applies the command's model transformer (serve's
      // table of settings); addSubcommand(name, Class) would skip it.
      cl.addSubcommand(name, new CommandLine(COMMANDS.get(name), cl.getFactory()));
    }
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

  private static Map<String, Class<?>> commands(Object... kv) {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Class<?>) kv[i + 1]);
    }
    return m;
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
    System.exit(commandLineFor(args).execute(args));
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
