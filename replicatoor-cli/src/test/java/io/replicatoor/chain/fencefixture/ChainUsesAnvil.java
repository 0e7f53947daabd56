package io.replicatoor.chain.fencefixture;

import io.replicatoor.sim.anvil.Anvil;

/** Violates a fence on purpose (chain using the dev anvil); only ModuleFencesRuleTest reads it. */
public final class ChainUsesAnvil {
  Anvil anvil;
}
