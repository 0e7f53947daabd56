package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.measure.MeasurementId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code upgrade cancel}: cancels a pending proposal; it may be proposed again. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a pending proposal (owner or guardian); it may be proposed again.")
final class CancelCommand implements Callable<Integer> {
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
      r = admin.cancel(c, id);
    }
    new UpgradeRenderer(spec, rpc.json).measurementIdMoved(id, "CANCELLED", r);
    return 0;
  }
}
