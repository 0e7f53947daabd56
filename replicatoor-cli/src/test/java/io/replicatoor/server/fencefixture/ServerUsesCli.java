package io.replicatoor.server.fencefixture;

import io.replicatoor.cli.Main;

/** Violates a fence on purpose (server importing cli); only ModuleFencesRuleTest reads it. */
public final class ServerUsesCli {
  Main main;
}
