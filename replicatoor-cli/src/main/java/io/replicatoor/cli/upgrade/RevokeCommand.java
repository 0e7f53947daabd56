package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.admin.UpgradeAdmin;
import picocli.CommandLine.Command;

/** {@code upgrade revoke}: revokes a measurement id permanently, effective immediately. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revoke a measurement id permanently, effective immediately (owner or guardian).")
final class RevokeCommand extends MeasurementIdTransition {
  RevokeCommand() {
    super(UpgradeAdmin::revoke, "REVOKED");
  }
}
