package io.replicatoor.embed.fencefixture;

import io.replicatoor.devnet.DevNetwork;

/** Violates a fence on purpose (embed importing devnet); only ModuleFencesRuleTest reads it. */
public final class EmbedUsesDevnet {
  DevNetwork network;
}
