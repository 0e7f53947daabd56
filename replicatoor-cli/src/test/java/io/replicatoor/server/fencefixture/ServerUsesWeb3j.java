package io.replicatoor.server.fencefixture;

import org.web3j.crypto.Credentials;

/** Violates a fence on purpose (web3j outside chain); only ModuleFencesRuleTest reads it. */
public final class ServerUsesWeb3j {
  Credentials credentials;
}
