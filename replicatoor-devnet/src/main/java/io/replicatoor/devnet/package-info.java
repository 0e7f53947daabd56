/**
 * DEVELOPMENT ONLY (module {@code replicatoor-devnet}): a local network of real parts, a real anvil
 * with {@code UpgradeOperator} deployed and simulator agents ({@link DevNetwork}), for the tests of
 * embedding apps, the benchmarks and the CLI's local demo. Never a dependency of a production
 * library (core, attest, chain, embed, server): the parent pom's enforcer and {@code ModuleFences}
 * keep it out.
 */
package io.replicatoor.devnet;
