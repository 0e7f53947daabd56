package io.replicatoor.server.fencefixture;

import io.replicatoor.chain.internal.contracts.UpgradeOperator;

/**
 * Violates a fence on purpose (the generated web3j wrapper outside chain); only
 * ModuleFencesRuleTest reads it.
 */
public final class ServerUsesWeb3jWrapper {
  UpgradeOperator contract;
}
