package io.replicatoor.server.fencefixture;

import io.replicatoor.testing.SharedVectors;

/**
 * Violates a fence on purpose (a test fixture in production); only ModuleFencesRuleTest reads it.
 */
public final class ServerUsesTesting {
  SharedVectors vectors;
}
