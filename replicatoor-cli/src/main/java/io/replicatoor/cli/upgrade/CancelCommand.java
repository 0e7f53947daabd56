package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.measure.MeasurementId;
import picocli.CommandLine.Command;

/** {@code upgrade cancel}: cancels a pending proposal; it may be proposed again. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a pending proposal (owner or guardian); it may be proposed again.")
final class CancelCommand extends MeasurementIdTransition {
  @Override
  TxResult send(UpgradeAdmin admin, Address contract, MeasurementId id) throws Exception {
    return admin.cancel(contract, id);
  }

  @Override
  String movedTo() {
    return "CANCELLED";
  }
}
