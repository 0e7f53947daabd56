package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.bytes.Bytes32;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code upgrade register-state}: registers the genesis state fingerprint (once). */
@Command(
    name = "register-state",
    mixinStandardHelpOptions = true,
    description = "Register the application's state fingerprint (genesis); succeeds once.")
final class RegisterStateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin RpcOptions rpc;

  @Mixin KeyOptions key;

  @Mixin ContractOption contract;

  @Option(
      names = "--fingerprint",
      required = true,
      paramLabel = "HEX",
      description = "State fingerprint (32 bytes) of the application's genesis state.")
  String fingerprint;

  @Override
  public Integer call() throws Exception {
    Bytes32 f = UpgradeValues.bytes32(fingerprint, "--fingerprint");
    Address c = contract.address();
    TxResult r;
    try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), key.load())) {
      r = admin.registerStateKey(c, f);
    }
    new UpgradeRenderer(spec, rpc.json).stateRegistered(f, r);
    return 0;
  }
}
