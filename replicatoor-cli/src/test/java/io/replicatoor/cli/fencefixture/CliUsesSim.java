package io.replicatoor.cli.fencefixture;

import io.replicatoor.sim.Simulation;

/**
 * Violates a fence on purpose (sim outside the simulate command); only ModuleFencesRuleTest reads
 * it.
 */
public final class CliUsesSim {
  Simulation simulation;
}
