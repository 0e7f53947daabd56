package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.ContractStatus;
import io.replicatoor.chain.admin.UpgradeAdmin;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code upgrade status}: roles, delay, fingerprint and every approval with its state. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show roles, delay, state fingerprint and every approval with its state.")
final class StatusCommand extends RpcCommand {
  /** Optional, as in every upgrade command: status signs nothing, it only names the key's role. */
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  KeySource key;

  @Mixin PasswordEnvOption password;

  @Mixin ContractOption contract;

  @Option(
      names = "--from-block",
      paramLabel = "N",
      description =
          "first block searched for events (descriptions, revocations, cancellation times);"
              + " default: the last 100000 blocks")
  Long fromBlock;

  @Option(
      names = "--log-page-blocks",
      paramLabel = "N",
      defaultValue = "2000",
      description = "blocks per eth_getLogs request (default ${DEFAULT-VALUE})")
  long logPageBlocks;

  @Override
  public Integer call() throws Exception {
    if ((fromBlock != null && fromBlock < 0) || logPageBlocks < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--from-block must be >= 0 and --log-page-blocks >= 1");
    }
    Address c = contract.address();
    Address signer = key == null ? null : key.load(password.passwordEnv).address();
    ContractStatus s;
    try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), null)) {
      s = admin.status(c, fromBlock == null ? -1 : fromBlock, logPageBlocks);
    }
    renderer().status(s, signer);
    return 0;
  }
}
