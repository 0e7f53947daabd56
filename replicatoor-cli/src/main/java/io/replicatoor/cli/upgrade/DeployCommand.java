package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.Deployment;
import io.replicatoor.chain.admin.SigningKey;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.cli.UsageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code upgrade deploy}: deploys a new UpgradeOperator. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = "Deploy UpgradeOperator(owner, guardian, delay); prints address and code hash.")
final class DeployCommand extends RpcCommand {
  @Option(
      names = "--delay",
      paramLabel = "SECONDS",
      defaultValue = "172800",
      description = "activation delay, at least 172800 (48 h); default ${DEFAULT-VALUE}")
  long delay;

  @Option(
      names = "--owner",
      paramLabel = "ADDR",
      description = "owner (e.g. a multisig); default the signer")
  String owner;

  @Option(
      names = "--guardian",
      paramLabel = "ADDR",
      description = "guardian (cancel/revoke only); default none")
  String guardian;

  @Mixin KeyOptions key;

  @Override
  public Integer call() throws Exception {
    if (delay < UpgradeAdmin.MIN_DELAY_SECONDS) {
      throw new UsageException("--delay " + delay + " is below the 48-hour minimum (172800)");
    }
    SigningKey k = key.load();
    Address o = owner == null ? k.address() : UpgradeValues.address(owner, "--owner");
    Address g = guardian == null ? Address.ZERO : UpgradeValues.address(guardian, "--guardian");
    Deployment d;
    try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), k)) {
      d = admin.deploy(o, g, delay);
    }
    renderer().deployed(d);
    return 0;
  }
}
