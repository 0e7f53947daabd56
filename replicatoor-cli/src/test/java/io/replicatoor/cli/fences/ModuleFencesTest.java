package io.replicatoor.cli.fences;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the module fences ({@link ModuleFences}) over the classes of every replicatoor module on
 * this module's test class path (replicatoor-cli depends on all of them).
 */
class ModuleFencesTest {

  private static JavaClasses all;
  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    all =
        new ClassFileImporter()
            .withImportOption(ModuleFences.WITHOUT_FIXTURES)
            .importPackages("io.replicatoor");
    production =
        new ClassFileImporter()
            .withImportOption(ModuleFences.PRODUCTION_ONLY)
            .importPackages("io.replicatoor");
  }

  @Test
  void everyModule_isOnTheClassPath() {
    for (String pkg :
        new String[] {
          "io.replicatoor.core",
          "io.replicatoor.attest",
          "io.replicatoor.sim",
          "io.replicatoor.sim.anvil",
          "io.replicatoor.chain",
          "io.replicatoor.chain.internal.contracts",
          "io.replicatoor.embed",
          "io.replicatoor.devnet",
          "io.replicatoor.server",
          "io.replicatoor.cli",
        }) {
      assertThat(production.containPackage(pkg)).as("production package %s imported", pkg).isTrue();
    }
    assertThat(all.containPackage("io.replicatoor.testing")).as("test fixtures imported").isTrue();
    assertThat(production.containPackage("io.replicatoor.testing"))
        .as("test fixtures counted as production")
        .isFalse();
  }

  @Test
  void coreImportsNoOtherModule() {
    check(ModuleFences.CORE_IMPORTS_NO_OTHER_MODULE, all);
  }

  @Test
  void librariesImportNoShell() {
    check(ModuleFences.LIBRARIES_IMPORT_NO_SHELL, all);
  }

  @Test
  void productionLibraries_useNoDevCode() {
    check(ModuleFences.PRODUCTION_LIBRARIES_USE_NO_DEV_CODE, production);
  }

  @Test
  void serverImportsNoCli() {
    check(ModuleFences.SERVER_IMPORTS_NO_CLI, all);
  }

  @Test
  void attestInternal_staysInAttest() {
    check(ModuleFences.ATTEST_INTERNAL_STAYS_IN_ATTEST, all);
  }

  @Test
  void chainInternal_staysInChain() {
    check(ModuleFences.CHAIN_INTERNAL_STAYS_IN_CHAIN, all);
  }

  @Test
  void web3j_onlyInChain() {
    check(ModuleFences.WEB3J_ONLY_IN_CHAIN, production);
  }

  @Test
  void sim_onlyInSimulateCommand() {
    check(ModuleFences.SIM_ONLY_IN_SIMULATE_COMMAND, production);
  }

  @Test
  void devnet_onlyInTheDemo() {
    check(ModuleFences.DEVNET_ONLY_IN_DEMO_AND_BENCH, production);
  }

  @Test
  void testFixtures_notInProduction() {
    check(ModuleFences.TESTING_NOT_IN_PRODUCTION, production);
  }

  private static void check(ArchRule rule, JavaClasses classes) {
    rule.check(classes);
  }
}
