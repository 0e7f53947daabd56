/**
 * Public API: the dstack guest-agent client ({@link io.replicatoor.attest.agent.GuestAgentClient})
 * over a Unix socket (own minimal HTTP/1.1 on the JDK's {@code UnixDomainSocketAddress}) or {@code
 * http(s)://} (JDK {@code HttpClient}), its typed responses, and the historic {@code
 * Tappd.TdxQuote} REPORTDATA rules. Performs I/O; nothing it returns is verified.
 */
package io.replicatoor.attest.agent;
