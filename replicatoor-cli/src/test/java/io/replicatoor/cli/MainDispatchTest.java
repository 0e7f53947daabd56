package io.replicatoor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@link Main#commandLineFor}: a run of one command builds only that command, and every command,
 * {@code --help}, {@code -V} and {@code help} behave exactly as with every command registered.
 */
class MainDispatchTest {

  private record Result(int exit, String out, String err) {}

  private static Result execute(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private static Result lazy(String... args) {
    return execute(Main.commandLineFor(args), args);
  }

  private static Result full(String... args) {
    return execute(Main.commandLine(), args);
  }

  @Test
  void commands_keysAreTheCommandNames() {
    for (Map.Entry<String, Class<?>> e : Main.COMMANDS.entrySet()) {
      assertThat(e.getValue().getAnnotation(Command.class).name()).isEqualTo(e.getKey());
    }
  }

  @Test
  void namedCommand_onlyThatCommandBuilt() {
    for (String name : Main.COMMANDS.keySet()) {
      if (name.equals("help")) {
        continue;
      }
      CommandLine cl = Main.commandLineFor(new String[] {name, "--help"});
      assertThat(cl.getSubcommands().keySet()).as(name).containsExactly(name);
    }
  }

  @Test
  void noCommandHelpUnknownOrOption_everyCommandBuilt() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"-V", "measure"},
            new String[] {"help", "measure"},
            new String[] {"mesure"},
            new String[] {"--json", "measure"})) {
      assertThat(Main.commandLineFor(args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .containsExactlyElementsOf(Main.COMMANDS.keySet());
    }
  }

  @Test
  void loneVersion_noCommandBuilt_sameOutput() {
    for (String v : List.of("-V", "--version")) {
      assertThat(Main.commandLineFor(new String[] {v}).getSubcommands()).isEmpty();
      assertThat(lazy(v)).isEqualTo(full(v));
      assertThat(lazy(v).out()).startsWith("replicatoor ");
    }
  }

  /** Every command path (nested ones too), each with --help and -V: same output, same exit code. */
  @Test
  void everyCommandPath_helpAndVersion_sameAsFullCommandLine() {
    List<List<String>> paths = CommandPaths.all();
    assertThat(paths).hasSizeGreaterThan(15);
    for (List<String> path : paths) {
      for (String flag : List.of("--help", "-V")) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        String[] a = args.toArray(String[]::new);
        Result lazy = lazy(a);
        assertThat(lazy).as(String.join(" ", a)).isEqualTo(full(a));
        assertThat(lazy.exit()).as(String.join(" ", a)).isZero();
        assertThat(lazy.out()).as(String.join(" ", a)).isNotBlank();
      }
    }
  }

  @Test
  void topLevelHelpAndHelpCommand_listEveryCommand() {
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"help"})) {
      Result r = lazy(args);
      assertThat(r.exit()).isZero();
      for (String name : Main.COMMANDS.keySet()) {
        assertThat(r.out()).containsPattern("(?m)^  " + name + " ");
      }
    }
    assertThat(lazy("help", "upgrade", "check")).isEqualTo(full("upgrade", "check", "--help"));
  }

  @Test
  void usageErrors_sameAsFullCommandLine() {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"mesure"},
            new String[] {"measure"},
            new String[] {"measure", "--json"},
            new String[] {"verify-quote", "--bogus"},
            new String[] {"upgrade", "nope"})) {
      Result lazy = lazy(args);
      assertThat(lazy).as(String.join(" ", args)).isEqualTo(full(args));
      assertThat(lazy.exit()).as(String.join(" ", args)).isEqualTo(2);
    }
  }

  @Test
  void offlineCommands_sameOutputAsFullCommandLine() {
    Path ex = DocExamples.root().resolve("examples");
    for (List<String> run : AotTraining.workload(ex)) {
      String[] a = run.toArray(String[]::new);
      Result lazy = lazy(a);
      assertThat(lazy.exit()).as(String.join(" ", a)).isZero();
      assertThat(lazy).as(String.join(" ", a)).isEqualTo(full(a));
    }
  }

  @Test
  void aotTraining_everyRunSucceeds() {
    assertThat(AotTraining.train(DocExamples.root().resolve("examples"))).isZero();
  }
}
