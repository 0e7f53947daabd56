/**
 * Public API of replicatoor-core: the error vocabulary, secret holders, and (in later issues) the
 * handshake state machine, message formats, key derivation and replicated state. Pure: no I/O.
 */
package io.replicatoor.core;
