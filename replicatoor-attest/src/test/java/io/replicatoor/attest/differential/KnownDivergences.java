package io.replicatoor.attest.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The table of mutants we accept and dcap-qvl rejects on purpose ({@code
 * differential/known-divergences.tsv}): a regular expression over mutant names and the reason.
 */
final class KnownDivergences {
  static final String RESOURCE = "/differential/known-divergences.tsv";

  /** One row. */
  record Entry(Pattern pattern, String reason) {}

  private final List<Entry> entries;

  private KnownDivergences(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static KnownDivergences load() {
    List<Entry> rows = new ArrayList<>();
    try (InputStream in = KnownDivergences.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new AssertionError("missing test resource " + RESOURCE);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", 2);
        if (cols.length != 2 || cols[1].isBlank()) {
          throw new AssertionError(RESOURCE + ": every row needs a pattern and a reason: " + line);
        }
        rows.add(new Entry(Pattern.compile(cols[0]), cols[1].strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KnownDivergences(rows);
  }

  List<Entry> entries() {
    return entries;
  }

  /** The row that explains {@code mutantName}, if any. */
  Optional<Entry> explain(String mutantName) {
    return entries.stream().filter(e -> e.pattern().matcher(mutantName).matches()).findFirst();
  }
}
