package io.replicatoor.cli.fences;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.replicatoor.cli.fences.ModuleFences.Module.ATTEST;
import static io.replicatoor.cli.fences.ModuleFences.Module.CHAIN;
import static io.replicatoor.cli.fences.ModuleFences.Module.CLI;
import static io.replicatoor.cli.fences.ModuleFences.Module.CORE;
import static io.replicatoor.cli.fences.ModuleFences.Module.DEVNET;
import static io.replicatoor.cli.fences.ModuleFences.Module.EMBED;
import static io.replicatoor.cli.fences.ModuleFences.Module.SERVER;
import static io.replicatoor.cli.fences.ModuleFences.Module.SIM;
import static io.replicatoor.cli.fences.ModuleFences.Module.TESTING;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.replicatoor.cli.DevBenchCommands;
import io.replicatoor.cli.LocalDemo;
import io.replicatoor.cli.SimulateCommand;
import java.util.Arrays;
import java.util.Locale;

/**
 * The module fences of replicatoor, as ArchUnit rules over compiled classes.
 *
 * <p>Why ArchUnit and not {@code module-info.java}: web3j's jars ({@code org.web3j:core}, {@code
 * abi}, {@code crypto}, ...) and undertow-core carry neither a module descriptor nor an {@code
 * Automatic-Module-Name}, so {@code replicatoor-chain}, {@code -server} and {@code -cli} could only
 * require them under names derived from jar file names ({@code core}); a descriptor for {@code
 * core} or {@code attest} alone would fence only consumers on the module path (the other modules
 * here use the class path) and would leave the generated web3j wrapper, the one package that most
 * needs a fence, outside. These rules hold for every module at once and run in {@code ./mvnw
 * verify} ({@link ModuleFencesTest}); {@link ModuleFencesRuleTest} shows that each rule can fail.
 */
final class ModuleFences {

  /**
   * The replicatoor modules: module {@code replicatoor-NAME} is package {@code
   * io.replicatoor.NAME}.
   */
  enum Module {
    CORE,
    ATTEST,
    CHAIN,
    EMBED,
    SERVER,
    CLI,
    SIM,
    DEVNET,
    TESTING;

    /** The ArchUnit pattern of this module's packages ({@code io.replicatoor.NAME..}). */
    String packages() {
      return "io.replicatoor." + name().toLowerCase(Locale.ROOT) + "..";
    }
  }

  /** The anvil process of replicatoor-sim: chain's integration tests start it. */
  static final String SIM_ANVIL = "io.replicatoor.sim.anvil..";

  static final String ATTEST_INTERNAL = "io.replicatoor.attest.internal..";

  /** Includes the generated web3j wrapper, {@code io.replicatoor.chain.internal.contracts}. */
  static final String CHAIN_INTERNAL = "io.replicatoor.chain.internal..";

  static final String WEB3J = "org.web3j..";

  /** Classes written only to show that a rule fails ({@code ModuleFencesRuleTest}). */
  static final String VIOLATION_FIXTURES = "/fencefixture/";

  private ModuleFences() {}

  /** The ArchUnit patterns of {@code modules}' packages. */
  private static String[] packages(Module... modules) {
    return Arrays.stream(modules).map(Module::packages).toArray(String[]::new);
  }

  /** Every replicatoor class, main and test, except the violation fixtures. */
  static final ImportOption WITHOUT_FIXTURES = location -> !location.contains(VIOLATION_FIXTURES);

  /**
   * Main classes of the production modules: no test classes (directories or test-jars) and not the
   * test-fixtures module {@code replicatoor-testing}.
   */
  static final ImportOption PRODUCTION_ONLY =
      location ->
          !location.contains("/test-classes/")
              && !location.contains("-tests.jar")
              && !location.contains("/replicatoor-testing/")
              && !location.contains("/replicatoor-testing-")
              && !location.contains(VIOLATION_FIXTURES);

  /** Core is the base: it imports no other replicatoor module. */
  static final ArchRule CORE_IMPORTS_NO_OTHER_MODULE =
      noClasses()
          .that()
          .resideInAPackage(CORE.packages())
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packages(ATTEST, CHAIN, SERVER, CLI, SIM))
          .as("core imports neither attest nor chain nor sim nor the shells (server, cli)")
          .allowEmptyShould(true);

  /**
   * The libraries never import a shell, the simulator or the dev network (main and test classes);
   * only chain's integration tests may start anvil ({@code sim.anvil}), and {@link
   * #PRODUCTION_LIBRARIES_USE_NO_DEV_CODE} keeps it out of chain's main classes.
   */
  static final ArchRule LIBRARIES_IMPORT_NO_SHELL =
      noClasses()
          .that()
          .resideInAnyPackage(packages(ATTEST, CHAIN))
          .should()
          .dependOnClassesThat(
              resideInAnyPackage(packages(SERVER, CLI, SIM, DEVNET))
                  .and(not(resideInAPackage(SIM_ANVIL))))
          .as(
              "attest and chain import neither the shells (server, cli) nor sim (except"
                  + " sim.anvil) nor devnet")
          .allowEmptyShould(true);

  /**
   * The production libraries never use development code: neither the simulator (anvil included) nor
   * the dev network (production classes).
   */
  static final ArchRule PRODUCTION_LIBRARIES_USE_NO_DEV_CODE =
      noClasses()
          .that()
          .resideInAnyPackage(packages(CORE, ATTEST, CHAIN, EMBED, SERVER))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packages(SIM, DEVNET))
          .as("core, attest, chain, embed and server use neither io.replicatoor.sim nor devnet")
          .allowEmptyShould(true);

  /** The server is a shell below the CLI. */
  static final ArchRule SERVER_IMPORTS_NO_CLI =
      noClasses()
          .that()
          .resideInAPackage(SERVER.packages())
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CLI.packages())
          .as("server does not import cli")
          .allowEmptyShould(true);

  /** {@code attest.internal} is reachable from attest only (main and test classes). */
  static final ArchRule ATTEST_INTERNAL_STAYS_IN_ATTEST =
      noClasses()
          .that()
          .resideOutsideOfPackage(ATTEST.packages())
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ATTEST_INTERNAL)
          .as("attest.internal is used by attest only")
          .allowEmptyShould(true);

  /**
   * {@code chain.internal} and the generated web3j wrapper ({@code chain.internal.contracts}) are
   * reachable from chain only (main and test classes).
   */
  static final ArchRule CHAIN_INTERNAL_STAYS_IN_CHAIN =
      noClasses()
          .that()
          .resideOutsideOfPackage(CHAIN.packages())
          .should()
          .dependOnClassesThat()
          .resideInAPackage(CHAIN_INTERNAL)
          .as("chain.internal (incl. the generated web3j wrapper) is used by chain only")
          .allowEmptyShould(true);

  /** web3j stays inside chain (production classes; a CLI test may write a web3j keystore). */
  static final ArchRule WEB3J_ONLY_IN_CHAIN =
      noClasses()
          .that()
          .resideOutsideOfPackage(CHAIN.packages())
          .should()
          .dependOnClassesThat()
          .resideInAPackage(WEB3J)
          .as("nothing outside chain imports web3j")
          .allowEmptyShould(true);

  /**
   * The simulator and its development PKI are never part of a production library: only the CLI's
   * {@code simulate} command and the development network (built on it) use it (production classes).
   */
  static final ArchRule SIM_ONLY_IN_SIMULATE_COMMAND =
      noClasses()
          .that()
          .resideOutsideOfPackages(packages(SIM, DEVNET))
          .and(not(belongToAnyOf(SimulateCommand.class)))
          .should()
          .dependOnClassesThat()
          .resideInAPackage(SIM.packages())
          .as(
              "no production module uses io.replicatoor.sim (only the CLI's simulate command and"
                  + " devnet)")
          .allowEmptyShould(true);

  /**
   * The development network (anvil, simulator agents, dev trust root) runs only behind {@code
   * replicatoor demo} and the development benchmarks ({@code bench server | handover |
   * onboard-burst}): in production classes, nothing outside devnet uses it except {@link LocalDemo}
   * and {@link DevBenchCommands}.
   */
  static final ArchRule DEVNET_ONLY_IN_DEMO_AND_BENCH =
      noClasses()
          .that()
          .resideOutsideOfPackage(DEVNET.packages())
          .and(not(belongToAnyOf(LocalDemo.class, DevBenchCommands.class)))
          .should()
          .dependOnClassesThat()
          .resideInAPackage(DEVNET.packages())
          .as(
              "no production class uses io.replicatoor.devnet except the CLI's demo (LocalDemo)"
                  + " and dev benchmarks (DevBenchCommands)")
          .allowEmptyShould(true);

  /** The test fixtures ({@code replicatoor-testing}) never reach a production class. */
  static final ArchRule TESTING_NOT_IN_PRODUCTION =
      noClasses()
          .that()
          .resideOutsideOfPackage(TESTING.packages())
          .should()
          .dependOnClassesThat()
          .resideInAPackage(TESTING.packages())
          .as("no production class uses the test fixtures (io.replicatoor.testing)")
          .allowEmptyShould(true);
}
