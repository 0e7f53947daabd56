package io.replicatoor.server.fencefixture;

import io.replicatoor.attest.internal.BoundedBody;

/**
 * Violates a fence on purpose (attest.internal outside attest); only ModuleFencesRuleTest reads it.
 */
public final class ServerUsesAttestInternal {
  BoundedBody body;
}
