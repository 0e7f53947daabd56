package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import picocli.CommandLine.Option;

/** {@code --contract ADDR}, the UpgradeOperator every subcommand but deploy works on. */
final class ContractOption {
  @Option(
      names = "--contract",
      required = true,
      paramLabel = "ADDR",
      description = "UpgradeOperator address.")
  String contract;

  Address address() {
    return UpgradeValues.address(contract, "--contract");
  }
}
