package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.core.bytes.Bytes32;

/**
 * A deployed UpgradeOperator: what goes into the measured replicatoor configuration (address and
 * code hash) plus the deployment facts.
 */
public record Deployment(
    Address contract,
    Bytes32 codeHash,
    long delaySeconds,
    Address owner,
    Address guardian,
    Bytes32 tx,
    long blockNumber) {}
