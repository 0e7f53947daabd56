package io.replicatoor.server.fencefixture;

import io.replicatoor.chain.internal.Rlp;

/**
 * Violates a fence on purpose (chain.internal outside chain); only ModuleFencesRuleTest reads it.
 */
public final class ServerUsesChainInternal {
  Rlp rlp;
}
