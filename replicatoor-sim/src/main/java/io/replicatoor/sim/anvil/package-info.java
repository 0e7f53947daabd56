/**
 * DEVELOPMENT ONLY: a real anvil process (local Ethereum dev chain) for tests and the local demo.
 * The one dev-only package allowed to start a process ({@code NoShellArchitectureTest}); never used
 * by a production module ({@code ModuleFences}).
 */
package io.replicatoor.sim.anvil;
