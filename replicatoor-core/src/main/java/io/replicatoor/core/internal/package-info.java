/**
 * Internal helpers of replicatoor-core (length-prefixed writer, bounded reader, digests). Not API:
 * other modules must not use these classes.
 */
package io.replicatoor.core.internal;
