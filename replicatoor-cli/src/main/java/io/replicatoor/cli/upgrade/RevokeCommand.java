package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.measure.MeasurementId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code upgrade revoke}: revokes a measurement id permanently, effective immediately. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revoke a measurement id permanently, effective immediately (owner or guardian).")
final class RevokeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin RpcOptions rpc;

  @Mixin KeyOptions key;

  @Mixin ContractOption contract;

  @Mixin MeasurementIdOption measurementId;

  @Override
  public Integer call() throws Exception {
    MeasurementId id = measurementId.value();
    Address c = contract.address();
    TxResult r;
    try (UpgradeAdmin admin = UpgradeAdmin.connect(rpc.uri(), key.load())) {
      r = admin.revoke(c, id);
    }
    new UpgradeRenderer(spec, rpc.json).measurementIdMoved(id, "REVOKED", r);
    return 0;
  }
}
