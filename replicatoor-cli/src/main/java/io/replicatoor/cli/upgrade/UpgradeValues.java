package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.cli.CliHex;

/** Hex option values of the upgrade commands, with the CLI's option-named messages. */
final class UpgradeValues {
  private UpgradeValues() {}

  static Address address(String hex, String option) {
    return Address.of(CliHex.parse(hex, option, Address.LENGTH));
  }
}
