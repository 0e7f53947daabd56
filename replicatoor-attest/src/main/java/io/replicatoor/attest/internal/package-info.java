/**
 * Internal helpers shared by replicatoor-attest's I/O adapters (guest-agent client, collateral
 * fetcher). Not API: may change without notice.
 */
package io.replicatoor.attest.internal;
