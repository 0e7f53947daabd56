package io.replicatoor.cli.upgrade;

import io.replicatoor.cli.JsonOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * The base of the {@code upgrade} subcommands that talk to the owner's {@code --rpc} endpoint: the
 * endpoint, {@code --json} and the renderer of their result.
 */
abstract class RpcCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin RpcOptions rpc;

  @Mixin JsonOption json;

  /** The renderer of this command's result, in the output mode {@code --json} chose. */
  final UpgradeRenderer renderer() {
    return new UpgradeRenderer(spec, json.requested());
  }
}
