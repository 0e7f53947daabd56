package io.replicatoor.cli;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The environment variables commands read (key and password variables, the cache folder). A seam:
 * tests in this package supply variables without changing the process environment.
 */
public final class CliEnvironment {
  private static volatile Supplier<Map<String, String>> source = System::getenv;

  private CliEnvironment() {}

  /** The current environment. */
  public static Map<String, String> get() {
    return source.get();
  }

  /** Replaces the environment (tests only); {@code System::getenv} restores it. */
  static void set(Supplier<Map<String, String>> environment) {
    source = environment;
  }
}
