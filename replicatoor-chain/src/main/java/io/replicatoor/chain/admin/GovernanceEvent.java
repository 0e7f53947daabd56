package io.replicatoor.chain.admin;

import io.replicatoor.chain.Address;
import io.replicatoor.core.bytes.Bytes32;

/**
 * One entry of the contract's audit trail. {@code type} is the event name; {@code id} is the
 * measurement id, device key or fingerprint; {@code activeAt} is set for proposals (else 0).
 */
public record GovernanceEvent(
    String type, Bytes32 id, long activeAt, Address by, long blockNumber, Bytes32 tx) {}
