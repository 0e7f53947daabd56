/**
 * Test fixtures: deterministic inputs, an RPC proxy and the anvil lifecycle test (the anvil process
 * itself is {@code io.replicatoor.sim.anvil.Anvil}). Test code only.
 */
package io.replicatoor.chain.testing;
