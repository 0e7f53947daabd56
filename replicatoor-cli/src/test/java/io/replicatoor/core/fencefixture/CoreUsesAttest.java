package io.replicatoor.core.fencefixture;

import io.replicatoor.attest.verify.QuoteVerifier;

/** Violates a fence on purpose (core importing attest); only ModuleFencesRuleTest reads it. */
public final class CoreUsesAttest {
  QuoteVerifier verifier;
}
