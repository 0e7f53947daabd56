package io.replicatoor.cli.fences;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.replicatoor.attest.fencefixture.AttestUsesSim;
import io.replicatoor.chain.fencefixture.ChainUsesAnvil;
import io.replicatoor.chain.fencefixture.ChainUsesDevnet;
import io.replicatoor.cli.SimulateCommand;
import io.replicatoor.cli.fencefixture.Clean;
import io.replicatoor.cli.fencefixture.CliUsesDevnet;
import io.replicatoor.cli.fencefixture.CliUsesSim;
import io.replicatoor.core.fencefixture.CoreUsesAttest;
import io.replicatoor.embed.fencefixture.EmbedUsesDevnet;
import io.replicatoor.server.fencefixture.ServerUsesAttestInternal;
import io.replicatoor.server.fencefixture.ServerUsesChainInternal;
import io.replicatoor.server.fencefixture.ServerUsesCli;
import io.replicatoor.server.fencefixture.ServerUsesTesting;
import io.replicatoor.server.fencefixture.ServerUsesWeb3j;
import io.replicatoor.server.fencefixture.ServerUsesWeb3jWrapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fence of {@link ModuleFences} fails on a class written to violate it (the {@code
 * fencefixture} packages, which {@link ModuleFencesTest} leaves out) and holds for a clean class.
 */
class ModuleFencesRuleTest {

  static Stream<Arguments> violations() {
    return Stream.of(
        Arguments.of(ModuleFences.CORE_IMPORTS_NO_OTHER_MODULE, CoreUsesAttest.class),
        Arguments.of(ModuleFences.LIBRARIES_IMPORT_NO_SHELL, AttestUsesSim.class),
        Arguments.of(ModuleFences.LIBRARIES_IMPORT_NO_SHELL, ChainUsesDevnet.class),
        Arguments.of(ModuleFences.PRODUCTION_LIBRARIES_USE_NO_DEV_CODE, AttestUsesSim.class),
        Arguments.of(ModuleFences.PRODUCTION_LIBRARIES_USE_NO_DEV_CODE, ChainUsesAnvil.class),
        Arguments.of(ModuleFences.PRODUCTION_LIBRARIES_USE_NO_DEV_CODE, ChainUsesDevnet.class),
        Arguments.of(ModuleFences.PRODUCTION_LIBRARIES_USE_NO_DEV_CODE, EmbedUsesDevnet.class),
        Arguments.of(ModuleFences.SERVER_IMPORTS_NO_CLI, ServerUsesCli.class),
        Arguments.of(ModuleFences.ATTEST_INTERNAL_STAYS_IN_ATTEST, ServerUsesAttestInternal.class),
        Arguments.of(ModuleFences.CHAIN_INTERNAL_STAYS_IN_CHAIN, ServerUsesChainInternal.class),
        Arguments.of(ModuleFences.CHAIN_INTERNAL_STAYS_IN_CHAIN, ServerUsesWeb3jWrapper.class),
        Arguments.of(ModuleFences.WEB3J_ONLY_IN_CHAIN, ServerUsesWeb3j.class),
        Arguments.of(ModuleFences.SIM_ONLY_IN_SIMULATE_COMMAND, AttestUsesSim.class),
        Arguments.of(ModuleFences.SIM_ONLY_IN_SIMULATE_COMMAND, CliUsesSim.class),
        Arguments.of(ModuleFences.DEVNET_ONLY_IN_DEMO_AND_BENCH, CliUsesDevnet.class),
        Arguments.of(ModuleFences.TESTING_NOT_IN_PRODUCTION, ServerUsesTesting.class));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("violations")
  void rule_violatingClass_fails(ArchRule rule, Class<?> violator) {
    assertThatThrownBy(() -> rule.check(new ClassFileImporter().importClasses(violator)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(violator.getName());
  }

  /** The one carve-out: chain's ITs start anvil; only the production-class rule forbids it. */
  @Test
  void librariesRule_chainClassUsingAnvil_holds() {
    assertThatCode(() ->
            ModuleFences.LIBRARIES_IMPORT_NO_SHELL.check(
                new ClassFileImporter().importClasses(ChainUsesAnvil.class)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("violations")
  void rule_cleanClass_holds(ArchRule rule, Class<?> violator) {
    assertThatCode(() -> rule.check(new ClassFileImporter().importClasses(Clean.class)))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("violations")
  void rule_simulateCommand_holds(ArchRule rule, Class<?> violator) {
    assertThatCode(() -> rule.check(new ClassFileImporter().importClasses(SimulateCommand.class)))
        .doesNotThrowAnyException();
  }
}
