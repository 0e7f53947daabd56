package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.ReplicatoorException;
import picocli.CommandLine.Mixin;

/**
 * The shared options of the {@code upgrade} subcommands that send one transaction to a deployed
 * UpgradeOperator: {@code --rpc}, the signing key and {@code --contract}.
 */
abstract class ContractAdminCommand extends RpcCommand {
  @Mixin KeyOptions key;

  @Mixin ContractOption contract;

  /** An admin session on {@code --rpc}, signing with the loaded key; the caller closes it. */
  final UpgradeAdmin connect() throws ReplicatoorException {
    return UpgradeAdmin.connect(rpc.uri(), key.load());
  }
}
