/**
 * A dstack-compatible guest-agent simulator with its own development PKI (API, for tests and local
 * development only; module {@code replicatoor-sim}, never a dependency of a production library).
 *
 * <p>{@link DevPki} generates and persists a development root CA, PCK chain, TCB Signing
 * certificate and QE attestation key; {@link QuoteSigner} signs real-format TDX v4 quotes with it;
 * {@link CollateralWriter} writes matching collateral in the same formats as Intel's; {@link
 * SimulatedInstance} produces the dstack RTMR3 event log; {@link SimulatorServer} serves the
 * current and legacy agent HTTP APIs over Unix sockets or TCP. Quotes from this package verify only
 * against the development root, which a verifier must be told to trust explicitly
 * (dstack-guest-interface.md section 10).
 */
package io.replicatoor.sim;
