package io.replicatoor.cli.upgrade;

import io.replicatoor.cli.CommandGroup;
import picocli.CommandLine.Command;

/**
 * {@code replicatoor upgrade}: owner tooling for the UpgradeOperator contract and the verified
 * (untrusted-RPC) read that instances use. See {@code docs/upgrade-governance.md}.
 */
@Command(
    name = "upgrade",
    mixinStandardHelpOptions = true,
    description =
        "Upgrade governance: deploy, propose, cancel, revoke, register-state, status, check.",
    subcommands = {
      DeployCommand.class,
      ProposeCommand.class,
      CancelCommand.class,
      RevokeCommand.class,
      RegisterStateCommand.class,
      StatusCommand.class,
      CheckCommand.class
    })
public final class UpgradeCommand extends CommandGroup {}
