package io.replicatoor.cli;

import java.nio.file.Path;
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

  /** The cache folder: {@code $XDG_CACHE_HOME/replicatoor}, else {@code ~/.cache/replicatoor}. */
  public static Path cacheDir() {
    Map<String, String> env = get();
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "replicatoor");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".cache", "replicatoor");
  }

  /** Replaces the environment (tests only); {@code System::getenv} restores it. */
  static void set(Supplier<Map<String, String>> environment) {
    source = environment;
  }
}
