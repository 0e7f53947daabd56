package io.replicatoor.cli.fencefixture;

import io.replicatoor.devnet.DevNetwork;

/**
 * Violates a fence on purpose (the dev network outside the demo); only ModuleFencesRuleTest reads
 * it.
 */
public final class CliUsesDevnet {
  DevNetwork network;
}
