/**
 * Owner and guardian tooling for the UpgradeOperator contract (deploy, propose, cancel, revoke,
 * register the genesis fingerprint, status, audit trail) over web3j. API; the generated web3j
 * wrapper stays in {@code io.replicatoor.chain.internal.contracts} and never appears here.
 */
package io.replicatoor.chain.admin;
