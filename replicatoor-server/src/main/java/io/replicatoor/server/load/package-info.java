/**
 * Load measurement of a serving instance's two hot routes ({@code GET /status} on the host port,
 * {@code POST /getkey} on the guest socket), each compared in the same run with a bare route on the
 * same server and transport ({@code replicatoor bench server}, docs/benchmarks.md). Not used by the
 * serving code; it only drives HTTP/1.1 over loopback TCP and Unix sockets.
 */
package io.replicatoor.server.load;
