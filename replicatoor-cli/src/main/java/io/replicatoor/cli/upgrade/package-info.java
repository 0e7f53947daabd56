/**
 * {@code replicatoor upgrade}: one small class per subcommand (deploy, propose, cancel, revoke,
 * register-state, status, check), the options they share, and {@link
 * io.replicatoor.cli.upgrade.UpgradeRenderer}, the one place that turns their results into JSON or
 * text. Each subcommand parses its options, makes one call to {@code chain.admin.UpgradeAdmin} or
 * {@code chain.VerifiedApprovalReader}, and hands the result to the renderer.
 */
package io.replicatoor.cli.upgrade;
