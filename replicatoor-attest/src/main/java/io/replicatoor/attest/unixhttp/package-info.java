/**
 * A small bounded HTTP/1.1 server over a Unix domain socket (Undertow and the JDK's servers cannot
 * bind one), shared by the guest API of replicatoor-server and usable by the dstack simulator. It
 * lives in attest because both production shells and the simulator depend on attest, and no
 * production module may depend on replicatoor-sim.
 */
package io.replicatoor.attest.unixhttp;
