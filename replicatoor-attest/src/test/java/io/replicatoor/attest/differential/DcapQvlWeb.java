package io.replicatoor.attest.differential;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The peer: {@code @phala/dcap-qvl-web} (pinned in {@code src/test/node/package-lock.json},
 * installed by {@code npm ci} in the build) run by {@code src/test/node/dcap-qvl-verify.mjs}, one
 * Node process per batch of mutants.
 */
final class DcapQvlWeb {
  /** The pinned version; the test checks the installed package against it. */
  static final String VERSION = "0.3.3";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  /** One verdict of the peer. */
  record Verdict(boolean ok, boolean crash, String status, String error, long micros) {}

  private DcapQvlWeb() {}

  /** The Node fixture directory, with the peer installed; fails clearly otherwise. */
  static Path nodeDir() {
    String base = System.getProperty("basedir", ".");
    Path p = Path.of(base, "src", "test", "node").toAbsolutePath().normalize();
    Path pkg = p.resolve("node_modules").resolve("@phala").resolve("dcap-qvl-web");
    if (!Files.isRegularFile(pkg.resolve("package.json"))) {
      throw new AssertionError(
          "@phala/dcap-qvl-web is not installed in "
              + p
              + " (the build runs `npm ci --ignore-scripts` there in process-test-resources;"
              + " npm must be on the PATH)");
    }
    try {
      String v = JSON.readTree(pkg.resolve("package.json").toFile()).get("version").asText();
      if (!VERSION.equals(v)) {
        throw new AssertionError(
            "@phala/dcap-qvl-web "
                + v
                + " installed, "
                + VERSION
                + " pinned; run `npm ci --ignore-scripts` in "
                + p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** A started batch: the Node process runs while the caller verifies with our code. */
  static final class Batch {
    private final Process process;
    private final Path in;
    private final Path out;
    private final Path err;
    private final List<Mutant> mutants;

    private Batch(Process process, Path in, Path out, Path err, List<Mutant> mutants) {
      this.process = process;
      this.in = in;
      this.out = out;
      this.err = err;
      this.mutants = mutants;
    }

    /** Waits for the process and returns one verdict per mutant, by name. */
    Map<String, Verdict> await(long timeoutSeconds) throws IOException, InterruptedException {
      try {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(
              "node dcap-qvl-verify.mjs timed out after " + timeoutSeconds + " s");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(
              "node dcap-qvl-verify.mjs exited with "
                  + process.exitValue()
                  + ": "
                  + Files.readString(err));
        }
        Map<String, Verdict> v = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
          JsonNode n = JSON.readTree(line);
          v.put(
              n.get("name").asText(),
              new Verdict(
                  n.get("ok").asBoolean(),
                  n.path("crash").asBoolean(false),
                  n.path("status").asText(null),
                  n.path("error").asText(null),
                  n.path("us").asLong()));
        }
        if (v.size() != mutants.size()) {
          throw new AssertionError(
              "dcap-qvl-web returned "
                  + v.size()
                  + " verdicts for "
                  + mutants.size()
                  + " mutants; stderr: "
                  + Files.readString(err));
        }
        return v;
      } finally {
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }
  }

  /** Writes the batch file and starts one Node process for all of {@code mutants}. */
  static Batch start(List<Mutant> mutants) throws IOException {
    Path dir = nodeDir();
    Path in = Files.createTempFile("dcap-qvl-batch", ".jsonl");
    Path out = Files.createTempFile("dcap-qvl-verdicts", ".jsonl");
    Path err = Files.createTempFile("dcap-qvl-verdicts", ".err");
    Set<VectorBase> bases = new LinkedHashSet<>();
    for (Mutant m : mutants) {
      bases.add(m.base());
    }
    try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
      for (VectorBase b : bases) {
        ObjectNode n = JSON.createObjectNode();
        n.put("base", b.id());
        n.put("quote", HEX.formatHex(b.quote()));
        ObjectNode c = n.putObject("collateral");
        b.collateral().forEach(c::put);
        w.write(JSON.writeValueAsString(n));
        w.newLine();
      }
      for (Mutant m : mutants) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", m.name());
        n.put("base", m.base().id());
        n.put("at", m.at());
        if (m.target() == null) {
          n.putNull("patch");
        } else {
          ObjectNode p = n.putObject("patch");
          p.put("target", m.target());
          if (m.drop()) {
            p.put("drop", true);
          } else {
            p.put("pre", m.pre());
            p.put("suf", m.suf());
            p.put("mid", HEX.formatHex(m.mid()));
          }
        }
        w.write(JSON.writeValueAsString(n));
        w.newLine();
      }
    }
    Process p;
    try {
      p =
          new ProcessBuilder("node", "dcap-qvl-verify.mjs", in.toString(), out.toString())
              .directory(dir.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile())
              .start();
    } catch (IOException e) {
      Files.deleteIfExists(in);
      throw new AssertionError(
          "cannot start `node` (Node.js is required for the differential"
              + " test against @phala/dcap-qvl-web): "
              + e.getMessage(),
          e);
    }
    return new Batch(p, in, out, err, mutants);
  }
}
