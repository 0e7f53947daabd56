/**
 * The embedding entry point: {@link io.replicatoor.embed.EmbeddedReplicatoor} wires core's state
 * machine to the default adapters (guest agent on its Unix socket, DCAP verifier with policy and
 * event-log replay, the verified k-of-n chain reader with persisted high-water marks, and the
 * atomic {@link io.replicatoor.embed.FileStateStore}). A Java app inside the TD uses it instead of
 * running the container; the HTTP server is a thin shell over the same object.
 */
package io.replicatoor.embed;
