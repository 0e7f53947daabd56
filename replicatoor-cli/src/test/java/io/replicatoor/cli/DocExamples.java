package io.replicatoor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ./replicatoor ...} command lines of the README and docs/cli.md, as a reader would copy
 * them (from fenced code blocks, without the trailing comment).
 */
final class DocExamples {
  /** The documents whose examples must run as written. */
  static final List<String> DOCUMENTS = List.of("README.md", "docs/cli.md");

  private static final String PROMPT = "./replicatoor ";

  private DocExamples() {}

  /** The checkout's root (the build passes it; the examples' paths are relative to it). */
  static Path root() {
    String root = System.getProperty("replicatoor.root");
    if (root == null) {
      throw new IllegalStateException("system property replicatoor.root is not set by the build");
    }
    return Path.of(root).toAbsolutePath().normalize();
  }

  /** Every example command line, as the arguments after {@code ./replicatoor}. */
  static List<List<String>> all() throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (String doc : DOCUMENTS) {
      boolean inCode = false;
      for (String line : Files.readAllLines(root().resolve(doc))) {
        if (line.startsWith("```")) {
          inCode = !inCode;
          continue;
        }
        if (inCode && line.startsWith(PROMPT)) {
          String cmd = line.substring(PROMPT.length());
          int comment = cmd.indexOf(" #");
          if (comment >= 0) {
            cmd = cmd.substring(0, comment);
          }
          if (cmd.contains("[") || cmd.contains("|")) {
            continue; // a synopsis, not an example
          }
          out.add(List.of(cmd.strip().split("\\s+")));
        }
      }
    }
    return out;
  }

  /** True when the example needs a chain (its placeholders are filled in by the anvil test). */
  static boolean needsChain(List<String> args) {
    return args.get(0).equals("upgrade")
        && args.stream()
            .anyMatch(a -> Arrays.asList("URL", "ADDR", "HEX").contains(a) || a.startsWith("URL1"));
  }

  /** The arguments with {@code examples/...} paths resolved against the checkout's root. */
  static List<String> resolveExamples(List<String> args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      out.add(a.startsWith("examples/") ? root().resolve(a).toString() : a);
    }
    return out;
  }

  /** Replaces the value of {@code option} (when present). */
  static void setOption(List<String> args, String option, String value) {
    int i = args.indexOf(option);
    if (i >= 0) {
      args.set(i + 1, value);
    }
  }
}
