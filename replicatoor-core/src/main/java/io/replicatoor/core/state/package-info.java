/**
 * The replicated state (root secret, state identity key, fingerprint, version), application key
 * derivation and the sealed-state codec. API. Secret material lives only in {@link
 * io.replicatoor.core.SecretBytes} and in types whose {@code toString} prints public fields only.
 */
package io.replicatoor.core.state;
