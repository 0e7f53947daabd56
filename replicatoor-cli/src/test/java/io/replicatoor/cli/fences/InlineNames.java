package io.replicatoor.cli.fences;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds inline fully qualified type names ({@code java.util.Arrays.fill(...)}) in Java source: the
 * house style wants imports. A qualified name is allowed only where its simple name is already
 * taken in that file (imported from another package or declared there), such as web3j's {@code
 * Bytes32} beside core's. Comments, Javadoc, string literals, imports and the package line are not
 * looked at.
 */
final class InlineNames {

  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.])((?:java|javax|org|com|io|picocli)\\.(?:[a-z_][a-z0-9_]*\\.)+)([A-Z]\\w*)");
  private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+([\\w.]+)\\.([A-Z]\\w*);", Pattern.MULTILINE);
  private static final Pattern DECLARED =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

  private InlineNames() {}

  /** One inline name: 1-based line and the qualified name. */
  record Hit(int line, String name) {}

  /** The inline qualified names in {@code source} whose simple name is free in that file. */
  static List<Hit> find(String source) {
    Map<String, String> imported = new HashMap<>();
    Matcher im = IMPORT.matcher(source);
    while (im.find()) {
      imported.put(im.group(2), im.group(1));
    }
    Set<String> declared = new HashSet<>();
    Matcher dm = DECLARED.matcher(source);
    while (dm.find()) {
      declared.add(dm.group(1));
    }
    List<Hit> hits = new ArrayList<>();
    boolean inComment = false;
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String text = lines[i].strip();
      if (inComment) {
        inComment = !text.contains("*/");
        continue;
      }
      if (text.startsWith("/*")) {
        inComment = !text.contains("*/");
        continue;
      }
      if (text.startsWith("import ")
          || text.startsWith("package ")
          || text.startsWith("*")
          || text.startsWith("//")) {
        continue;
      }
      String code = STRING.matcher(lines[i]).replaceAll("\"\"");
      int lineComment = code.indexOf("//");
      if (lineComment >= 0) {
        code = code.substring(0, lineComment);
      }
      Matcher m = QUALIFIED.matcher(code);
      while (m.find()) {
        String pkg = m.group(1).substring(0, m.group(1).length() - 1);
        String simple = m.group(2);
        boolean clash =
            (imported.containsKey(simple) && !imported.get(simple).equals(pkg))
                || declared.contains(simple);
        if (!clash) {
          hits.add(new Hit(i + 1, pkg + "." + simple));
        }
      }
    }
    return hits;
  }
}
