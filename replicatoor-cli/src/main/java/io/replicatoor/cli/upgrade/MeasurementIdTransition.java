package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.measure.MeasurementId;
import picocli.CommandLine.Mixin;

/**
 * The shared shape of {@code upgrade cancel} and {@code upgrade revoke}: one owner-or-guardian
 * transaction that moves one measurement id to a new state, then renders that move.
 */
abstract class MeasurementIdTransition extends ContractAdminCommand {
  @Mixin MeasurementIdOption measurementId;

  /** Sends the transaction that moves {@code id} on {@code contract}. */
  abstract TxResult send(UpgradeAdmin admin, Address contract, MeasurementId id) throws Exception;

  /** The state name the rendered output reports the id moved to. */
  abstract String movedTo();

  @Override
  public final Integer call() throws Exception {
    MeasurementId id = measurementId.value();
    Address c = contract.address();
    TxResult r;
    try (UpgradeAdmin admin = connect()) {
      r = send(admin, c, id);
    }
    renderer().measurementIdMoved(id, movedTo(), r);
    return 0;
  }
}
