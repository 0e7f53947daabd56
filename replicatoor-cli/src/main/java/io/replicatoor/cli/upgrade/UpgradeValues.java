package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.cli.CliHex;
import io.replicatoor.core.bytes.Bytes32;

/** Hex option values of the upgrade commands, with the CLI's option-named messages. */
final class UpgradeValues {
  private UpgradeValues() {}

  static Address address(String hex, String option) {
    return Address.of(CliHex.parse(hex, option, Address.LENGTH));
  }

  static Bytes32 bytes32(String hex, String option) {
    return Bytes32.of(CliHex.parse(hex, option, Bytes32.SIZE));
  }
}
