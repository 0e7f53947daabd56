package io.replicatoor.cli.fencefixture;

/** Depends on nothing of replicatoor: every fence holds for it (ModuleFencesRuleTest). */
public final class Clean {
  String name;
}
