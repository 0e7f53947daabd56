package io.replicatoor.chain.fencefixture;

import io.replicatoor.devnet.DevNetwork;

/** Violates a fence on purpose (a library importing devnet); only ModuleFencesRuleTest reads it. */
public final class ChainUsesDevnet {
  DevNetwork network;
}
