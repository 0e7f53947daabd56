package io.replicatoor.cli.upgrade;

import io.replicatoor.chain.Address;
import io.replicatoor.chain.admin.Proposal;
import io.replicatoor.chain.admin.UpgradeAdmin;
import io.replicatoor.core.measure.Measurement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code upgrade propose}: proposes a measurement; it becomes active after the delay. */
@Command(
    name = "propose",
    mixinStandardHelpOptions = true,
    description = {
      "Propose a measurement (--compose/--image or hex parts); active after the delay.",
      "Form 1: --compose FILE --image FILE. Form 2: --mrtd, --rtmr0, --rtmr1, --rtmr2,"
          + " --compose-hash [--os-image-hash]."
    })
final class ProposeCommand extends ContractAdminCommand {
  @Mixin MeasurementSource source;

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "URI or text for users (emitted as ProposalDescribed)")
  String description;

  @Override
  public Integer call() throws Exception {
    Measurement measurement = source.measurement();
    Address c = contract.address();
    Proposal p;
    try (UpgradeAdmin admin = connect()) {
      p = admin.propose(c, measurement, description);
    }
    renderer().proposed(p);
    return 0;
  }
}
