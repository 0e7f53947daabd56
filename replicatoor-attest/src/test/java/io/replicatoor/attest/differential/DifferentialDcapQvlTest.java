package io.replicatoor.attest.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Differential test (issue 12 section 3): deterministic mutants of the real v01, v05 (TDX v4) and
 * v08 (SGX v3) vectors go through our verifier (the library path of {@code verify-quote}: {@code
 * Collateral.fromDcapQvlJson} and {@code QuoteVerifier.intelProduction().verify}) and through
 * {@code @phala/dcap-qvl-web} {@value DcapQvlWeb#VERSION}.
 *
 * <p>Fails on any mutant we accept that dcap-qvl rejects unless {@code
 * differential/known-divergences.tsv} explains it, on any non-{@link ReplicatoorException} from our
 * verifier, on a mutant the shared (caching) verifier accepts and a fresh one does not, and on a
 * table row that explains nothing. Mutants we reject and dcap-qvl accepts are written, grouped by
 * cause, to {@code target/differential/report.md} (not asserted); every verdict goes to {@code
 * verdicts.tsv} and the per-category table for the docs to {@code table.md} there.
 *
 * <p>By default a deterministic sample runs (every structural mutant and a few percent of the
 * per-byte flips); {@code -Pdifferential-full} ({@code -Dreplicatoor.differential=full}) runs all.
 */
class DifferentialDcapQvlTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Per-byte flips in the default sample, per mille. */
  private static final int SAMPLE_PER_MILLE =
      Integer.getInteger("replicatoor.differential.perMille", 20);

  /** Mutants per Node process. */
  private static final int BATCH = 6000;

  /** Our verdict: accepted (with status) or rejected (with error code). */
  record Ours(boolean ok, String status, String code, String message, boolean crash) {}

  @Test
  void weAcceptNothingDcapQvlRejects_unlessListed() throws Exception {
    boolean full = "full".equals(System.getProperty("replicatoor.differential", "sample"));
    List<Mutant> all = Mutants.all();
    List<Mutant> run = full ? all : Mutants.sample(all, SAMPLE_PER_MILLE);
    DcapQvlWeb.nodeDir(); // fail early and clearly when the peer is not installed

    long t0 = System.nanoTime();
    ExecutorService peer = Executors.newSingleThreadExecutor();
    Future<Map<String, DcapQvlWeb.Verdict>> theirsF;
    long[] peerMillis = new long[1];
    long oursMillis;
    Map<String, Ours> ours = new LinkedHashMap<>();
    try {
      theirsF =
          peer.submit(() -> {
            long p0 = System.nanoTime();
            Map<String, DcapQvlWeb.Verdict> v = new LinkedHashMap<>();
            for (int i = 0; i < run.size(); i += BATCH) {
              v.putAll(
                  DcapQvlWeb.start(run.subList(i, Math.min(run.size(), i + BATCH))).await(1800));
            }
            peerMillis[0] = (System.nanoTime() - p0) / 1_000_000;
            return v;
          });
      QuoteVerifier verifier = QuoteVerifier.intelProduction();
      for (Mutant m : run) {
        ours.put(m.name(), ours(verifier, m));
      }
      oursMillis = (System.nanoTime() - t0) / 1_000_000;
    } finally {
      peer.shutdown();
    }
    Map<String, DcapQvlWeb.Verdict> theirs = theirsF.get();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    String timing =
        String.format(
            Locale.ROOT,
            "%d ms (ours %d ms in-process, dcap-qvl-web %d ms)",
            millis,
            oursMillis,
            peerMillis[0]);

    KnownDivergences known = KnownDivergences.load();
    List<String> unexplained = new ArrayList<>();
    List<String> ourCrashes = new ArrayList<>();
    List<String> cacheDisagreements = new ArrayList<>();
    Map<KnownDivergences.Entry, List<String>> explained = new LinkedHashMap<>();
    for (KnownDivergences.Entry e : known.entries()) {
      explained.put(e, new ArrayList<>());
    }
    for (Mutant m : run) {
      Ours o = ours.get(m.name());
      DcapQvlWeb.Verdict d = theirs.get(m.name());
      assertThat(d).as("dcap-qvl verdict for %s", m.name()).isNotNull();
      if (o.crash()) {
        ourCrashes.add(m.name() + ": " + o.message());
      }
      if (o.ok()) {
        // The shared verifier's caches must not be what accepts: a fresh verifier agrees.
        Ours fresh = ours(QuoteVerifier.intelProduction(), m);
        if (!fresh.equals(o)) {
          cacheDisagreements.add(m.name() + ": shared " + o + ", fresh " + fresh);
        }
      }
      if (o.ok() && !d.ok()) {
        var e = known.explain(m.name());
        if (e.isPresent()) {
          explained.get(e.get()).add(m.name());
        } else {
          unexplained.add(
              m.name()
                  + " ["
                  + m.category()
                  + "] we accept ("
                  + o.status()
                  + "), dcap-qvl rejects: "
                  + d.error());
        }
      }
    }
    Path report = writeReport(run, ours, theirs, explained, unexplained, full, all.size(), timing);

    // The unmutated vectors verify on both sides, so every rejection is the mutation's doing.
    for (String v : List.of("v01", "v05", "v08")) {
      assertThat(ours.get(v + "/original").ok()).as("we accept %s/original", v).isTrue();
      assertThat(theirs.get(v + "/original").ok()).as("dcap-qvl accepts %s/original", v).isTrue();
    }
    assertThat(ourCrashes)
        .as("our verifier threw something other than ReplicatoorException")
        .isEmpty();
    assertThat(cacheDisagreements)
        .as("accepted by the shared verifier, not by a fresh one")
        .isEmpty();
    assertThat(unexplained)
        .as(
            "mutants we accept and dcap-qvl-web %s rejects (see %s; list a justified divergence"
                + " in %s)",
            DcapQvlWeb.VERSION, report, KnownDivergences.RESOURCE)
        .isEmpty();
    for (var e : explained.entrySet()) {
      assertThat(e.getValue())
          .as(
              "known divergence %s explains no mutant of this run (stale row)",
              e.getKey().pattern())
          .isNotEmpty();
    }
  }

  private static Ours ours(QuoteVerifier verifier, Mutant m) {
    try {
      ObjectNode c = JSON.createObjectNode();
      m.collateral().forEach(c::put);
      Collateral col = Collateral.fromDcapQvlJson(JSON.writeValueAsBytes(c));
      VerifiedQuote vq = verifier.verify(m.quote(), col, Instant.ofEpochSecond(m.at()));
      return new Ours(true, vq.status().map(TcbStatus::intelName).orElse("-"), null, null, false);
    } catch (ReplicatoorException e) {
      return new Ours(false, null, e.errorCode().name(), e.getMessage(), false);
    } catch (IOException | RuntimeException e) {
      return new Ours(false, null, e.getClass().getSimpleName(), String.valueOf(e), true);
    }
  }

  // ---- report ----

  private static String direction(Ours o, DcapQvlWeb.Verdict d) {
    if (o.ok() && d.ok()) {
      return o.status().equals(d.status()) ? "both accept" : "both accept, status differs";
    }
    if (!o.ok() && !d.ok()) {
      return d.crash() ? "both reject (dcap-qvl crashes)" : "both reject";
    }
    if (o.ok()) {
      return d.crash() ? "ONLY WE ACCEPT (dcap-qvl crashes)" : "ONLY WE ACCEPT";
    }
    return "only dcap-qvl accepts";
  }

  /** dcap-qvl's error without mutant-specific detail, for grouping. */
  private static String dcapCause(DcapQvlWeb.Verdict d) {
    if (d.ok()) {
      return "accept " + d.status();
    }
    String e = d.error() == null ? "?" : d.error();
    e = e.replaceAll("0x[0-9a-fA-F]+|\\b\\d+\\b", "N");
    return (d.crash() ? "CRASH " : "") + (e.length() > 90 ? e.substring(0, 90) + "…" : e);
  }

  /** Mutants counted per pair of columns, with the first mutant counted as the example. */
  private static final class Tally {
    private final Map<String, int[]> counts = new TreeMap<>();
    private final Map<String, String> examples = new TreeMap<>();

    void add(String first, String second, String mutant) {
      String key = first + "\t" + second;
      counts.computeIfAbsent(key, k -> new int[1])[0]++;
      examples.putIfAbsent(key, mutant);
    }

    /** One Markdown table row per pair: | first | second | count | `example` |. */
    void appendRows(StringBuilder md) {
      counts.forEach((k, v) -> {
        String[] kc = k.split("\t");
        md.append("| ")
            .append(kc[0])
            .append(" | ")
            .append(kc[1])
            .append(" | ")
            .append(v[0])
            .append(" | `")
            .append(examples.get(k))
            .append("` |\n");
      });
    }
  }

  private static Path writeReport(
      List<Mutant> run,
      Map<String, Ours> ours,
      Map<String, DcapQvlWeb.Verdict> theirs,
      Map<KnownDivergences.Entry, List<String>> explained,
      List<String> unexplained,
      boolean full,
      int total,
      String timing)
      throws IOException {
    Path dir = Path.of(System.getProperty("basedir", "."), "target", "differential");
    Files.createDirectories(dir);
    // category -> direction -> count
    Map<String, Map<String, Integer>> table = new TreeMap<>();
    Set<String> directions =
        new LinkedHashSet<>(
            List.of(
                "both accept",
                "both accept, status differs",
                "both reject",
                "both reject (dcap-qvl crashes)",
                "only dcap-qvl accepts",
                "ONLY WE ACCEPT",
                "ONLY WE ACCEPT (dcap-qvl crashes)"));
    // reverse direction: our code + category -> count, example
    Tally reverse = new Tally();
    Tally crashes = new Tally();
    Map<String, Integer> totals = new LinkedHashMap<>();
    StringBuilder tsv =
        new StringBuilder("mutant\tcategory\tours\tdcap-qvl-web\tdcap-qvl-web µs\n");
    for (Mutant m : run) {
      Ours o = ours.get(m.name());
      DcapQvlWeb.Verdict d = theirs.get(m.name());
      String dir2 = direction(o, d);
      String cat =
          m.category()
              .replaceAll(
                  "^(pck_crl_issuer_chain|tcb_info_issuer_chain|"
                      + "qe_identity_issuer_chain) cert(\\d)",
                  "$1[$2]");
      table.computeIfAbsent(cat, k -> new TreeMap<>()).merge(dir2, 1, Integer::sum);
      totals.merge(dir2, 1, Integer::sum);
      if (!o.ok() && d.ok()) {
        reverse.add(o.code(), cat, m.name());
      }
      if (d.crash()) {
        crashes.add(cat, dcapCause(d), m.name());
      }
      tsv.append(m.name())
          .append('\t')
          .append(m.category())
          .append('\t')
          .append(o.ok() ? "accept " + o.status() : "reject " + o.code())
          .append('\t')
          .append(
              d.ok()
                  ? "accept " + d.status()
                  : (d.crash() ? "crash " : "reject ")
                      + String.valueOf(d.error()).replace('\t', ' ').replace('\n', ' '))
          .append('\t')
          .append(d.micros())
          .append('\n');
    }
    StringBuilder md = new StringBuilder();
    md.append("# Differential run: replicatoor vs @phala/dcap-qvl-web ")
        .append(DcapQvlWeb.VERSION)
        .append("\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Mode: %s, %d of %d mutants, %s.%n%n",
                full ? "full" : "sample",
                run.size(),
                total,
                timing));
    md.append("## Totals\n\n| direction | mutants |\n|---|---:|\n");
    totals.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    md.append("\n## Unexplained: we accept, dcap-qvl rejects (the test fails on these)\n\n");
    if (unexplained.isEmpty()) {
      md.append("none\n");
    }
    unexplained.forEach(u -> md.append("- `").append(u).append("`\n"));
    md.append("\n## Known divergences (we accept, dcap-qvl rejects, on purpose)\n\n");
    explained.forEach((e, names) ->
        md.append("- `")
            .append(e.pattern())
            .append("` (")
            .append(names.size())
            .append("): ")
            .append(e.reason())
            .append(" Mutants: ")
            .append(String.join(", ", names))
            .append("\n"));
    md.append("\n## We reject, dcap-qvl accepts (by our error code and category)\n\n")
        .append("| our error | category | mutants | example |\n|---|---|---:|---|\n");
    reverse.appendRows(md);
    md.append("\n## dcap-qvl-web crashes (WebAssembly trap)\n\n")
        .append("| category | error | mutants | example |\n|---|---|---:|---|\n");
    crashes.appendRows(md);
    StringBuilder t = new StringBuilder("| category |");
    for (String d : directions) {
      t.append(' ')
          .append(d.toLowerCase(Locale.ROOT).replace(" (", ", ").replace(")", ""))
          .append(" |");
    }
    t.append("\n|---|");
    directions.forEach(d -> t.append("---:|"));
    t.append('\n');
    table.forEach((cat, counts) -> {
      t.append("| ").append(cat).append(" |");
      for (String d : directions) {
        t.append(' ').append(counts.getOrDefault(d, 0)).append(" |");
      }
      t.append('\n');
    });
    t.append("| **all ").append(run.size()).append("** |");
    for (String d : directions) {
      t.append(" **").append(totals.getOrDefault(d, 0)).append("** |");
    }
    t.append('\n');
    md.append("\n## Per category\n\n").append(t);
    Files.writeString(dir.resolve("table.md"), t, StandardCharsets.UTF_8);
    Path report = dir.resolve("report.md");
    Files.writeString(report, md, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("verdicts.tsv"), tsv, StandardCharsets.UTF_8);
    return report;
  }
}
