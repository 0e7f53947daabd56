/**
 * A small bounded HTTP/1.1 server on a Unix domain socket (Undertow and the JDK's servers cannot
 * bind one) or a local TCP address, shared by the guest API of replicatoor-server and the dstack
 * simulator of replicatoor-sim. It lives in attest because both depend on attest, and no production
 * module may depend on replicatoor-sim.
 */
package io.replicatoor.attest.localhttp;
