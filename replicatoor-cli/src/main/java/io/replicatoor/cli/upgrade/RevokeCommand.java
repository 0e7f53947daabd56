package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.TxResult;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.measure.MeasurementId;
import picocli.CommandLine.Command;

/** {@code upgrade revoke}: revokes a measurement id permanently, effective immediately. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revoke a measurement id permanently, effective immediately (owner or guardian).")
final class RevokeCommand extends MeasurementIdTransition {
  @Override
  TxResult send(UpgradeAdmin admin, Address contract, MeasurementId id) throws Exception {
    return admin.revoke(contract, id);
  }

  @Override
  String movedTo() {
    return "REVOKED";
  }
}
