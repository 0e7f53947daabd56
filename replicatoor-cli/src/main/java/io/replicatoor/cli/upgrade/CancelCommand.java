package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.admin.UpgradeAdmin;
import picocli.CommandLine.Command;

/** {@code upgrade cancel}: cancels a pending proposal; it may be proposed again. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a pending proposal (owner or guardian); it may be proposed again.")
final class CancelCommand extends MeasurementIdTransition {
  CancelCommand() {
    super(UpgradeAdmin::cancel, "CANCELLED");
  }
}
