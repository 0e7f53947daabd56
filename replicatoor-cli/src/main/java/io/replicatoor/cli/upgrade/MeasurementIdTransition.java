package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.measure.MeasurementId;
import picocli.CommandLine.Mixin;

/**
 * The shared shape of {@code upgrade cancel} and {@code upgrade revoke}: one owner-or-guardian
 * transaction that moves one measurement id to a new state, then renders that move. A subclass only
 * names its transaction and the state it moves to.
 */
abstract class MeasurementIdTransition extends ContractAdminCommand {
  /** The transaction that moves {@code id} on {@code contract}. */
  interface Transaction {
    TxResult send(UpgradeAdmin admin, Address contract, MeasurementId id) throws Exception;
  }

  @Mixin MeasurementIdOption measurementId;

  private final Transaction transaction;
  private final String movedTo;

  /** {@code movedTo}: the state name the rendered output reports the id moved to. */
  MeasurementIdTransition(Transaction transaction, String movedTo) {
    this.transaction = transaction;
    this.movedTo = movedTo;
  }

  @Override
  public final Integer call() throws Exception {
    MeasurementId id = measurementId.value();
    Address c = contract.address();
    TxResult r;
    try (UpgradeAdmin admin = connect()) {
      r = transaction.send(admin, c, id);
    }
    renderer().measurementIdMoved(id, movedTo, r);
    return 0;
  }
}
