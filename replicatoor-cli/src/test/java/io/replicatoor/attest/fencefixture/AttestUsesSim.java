package io.replicatoor.attest.fencefixture;

import io.replicatoor.sim.Simulation;

/** Violates a fence on purpose (a library importing sim); only ModuleFencesRuleTest reads it. */
public final class AttestUsesSim {
  Simulation simulation;
}
