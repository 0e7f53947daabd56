/**
 * Public API: dstack event-log parsing (JSON and SCALE {@code VersionedAttestation::V0}), RTMR0-3
 * replay with recomputed runtime digests, identity extraction (first occurrence before {@code
 * system-ready}), MRCONFIGID checks, and the report behind {@code replicatoor event-log replay}.
 * Pure: no I/O.
 */
package io.replicatoor.attest.eventlog;
