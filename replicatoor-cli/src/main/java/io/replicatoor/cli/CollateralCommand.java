package io.replicatoor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replicatoor.attest.collateral.fetch.CollateralKey;
import io.replicatoor.attest.collateral.fetch.FetchedCollateral;
import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.quote.QuoteInput;
import io.replicatoor.core.ReplicatoorException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replicatoor collateral ...}: Intel collateral outside the verification step. */
@Command(
    name = "collateral",
    mixinStandardHelpOptions = true,
    description = "Intel DCAP collateral (fetching and caching; see docs/collateral.md).",
    subcommands = {CollateralCommand.Fetch.class})
public final class CollateralCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** {@code collateral fetch}: the collateral a quote needs, from a PCS/PCCS into the cache. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Fetches TCB info, QE identity, PCK CRL and Root CA CRL for the platform of --quote from",
        "a PCS or PCCS into --cache (PCS folder form), or answers from the cache; prints the",
        "folder to pass to 'verify-quote --collateral'."
      })
  static final class Fetch implements Callable<Integer> {
    /** Largest quote file accepted (hex text of a 64 KiB quote). */
    static final long MAX_QUOTE_FILE = 256 * 1024;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--quote", required = true, paramLabel = "FILE",
        description = "Quote file: raw binary or hex text.")
    Path quote;

    @Option(names = "--pccs", required = true, paramLabel = "URL",
        description = "PCS or PCCS base URL, e.g. https://api.trustedservices.intel.com")
    String pccs;

    @Option(names = "--cache", required = true, paramLabel = "DIR", description = "Cache folder.")
    Path cache;

    @Option(names = "--update", defaultValue = "default", paramLabel = "CHANNEL",
        description = "TCB evaluation data set: default, standard or early (default ${DEFAULT-VALUE}).")
    String update;

    @Option(names = "--root-ca-crl", paramLabel = "URL",
        description = "Root CA CRL location (default: Intel's for Intel PCS, <pccs>/sgx/certification/v4/rootcacrl otherwise).")
    String rootCaCrl;

    @Option(names = "--timeout-seconds", defaultValue = "15", paramLabel = "N",
        description = "Deadline per request, body included (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--refresh", description = "Download even when the cache is fresh.")
    boolean refresh;

    @Option(names = "--at", paramLabel = "TIME",
        description = "Judge freshness at this instant (unix seconds or RFC 3339; default: now).")
    String at;

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws ReplicatoorException {
      CollateralKey.UpdateChannel channel;
      try {
        channel = CollateralKey.UpdateChannel.valueOf(update.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--update must be default, standard or early");
      }
      if (timeoutSeconds < 1 || timeoutSeconds > 600) {
        throw new UsageException("--timeout-seconds must be between 1 and 600");
      }
      URI base = uri(pccs, "--pccs");
      byte[] raw;
      try {
        if (Files.size(quote) > MAX_QUOTE_FILE) {
          throw new UsageException("--quote " + quote + " is larger than " + MAX_QUOTE_FILE + " bytes");
        }
        raw = Files.readAllBytes(quote);
      } catch (IOException e) {
        throw new UsageException("cannot read --quote " + quote + ": " + e.getMessage(), e);
      }
      Clock clock = at == null ? Clock.systemUTC() : Clock.fixed(parseInstant(at), ZoneOffset.UTC);
      PcsCollateralFetcher.Builder b;
      try {
        b = PcsCollateralFetcher.builder(base, cache)
            .clock(clock)
            .requestTimeout(Duration.ofSeconds(timeoutSeconds));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--pccs: " + e.getMessage());
      }
      if (rootCaCrl != null) {
        b.rootCaCrlUri(uri(rootCaCrl, "--root-ca-crl"));
      }
      PcsCollateralFetcher fetcher = b.build();
      CollateralKey key = CollateralKey.forQuote(Quote.parse(QuoteInput.decode(raw)), channel);
      FetchedCollateral f = refresh ? fetcher.refresh(key) : fetcher.fetch(key);

      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode n = JsonOutput.mapper().createObjectNode();
        n.put("directory", f.directory().toString());
        n.put("tee", key.tee().pathSegment());
        n.put("fmspc", key.fmspc());
        n.put("ca", key.ca().queryValue());
        n.put("update", key.channel().directoryName());
        n.put("tcb_evaluation_data_number", f.tcbInfoEvaluationDataNumber());
        n.put("qe_identity_tcb_evaluation_data_number", f.qeIdentityEvaluationDataNumber());
        n.put("earliest_next_update", f.earliestNextUpdate().toString());
        n.put("fetched_at", f.fetchedAt().toString());
        n.put("from_cache", f.fromCache());
        out.println(JsonOutput.write(n));
      } else {
        out.println("directory: " + f.directory());
        out.println("key: " + key);
        out.println("tcbEvaluationDataNumber: tcb info " + f.tcbInfoEvaluationDataNumber()
            + ", qe identity " + f.qeIdentityEvaluationDataNumber());
        out.println("earliest nextUpdate: " + f.earliestNextUpdate());
        out.println("fetched at: " + f.fetchedAt() + (f.fromCache() ? " (from cache)" : ""));
      }
      out.flush();
      return 0;
    }

    private static URI uri(String s, String option) {
      try {
        URI u = new URI(s);
        if (u.getScheme() == null || u.getHost() == null
            || !(u.getScheme().equalsIgnoreCase("https") || u.getScheme().equalsIgnoreCase("http"))) {
          throw new UsageException(option + " must be an http(s) URL, got \"" + s + "\"");
        }
        return u;
      } catch (URISyntaxException e) {
        throw new UsageException(option + " is not a URL: " + e.getMessage());
      }
    }

    private static Instant parseInstant(String s) {
      if (!s.isEmpty() && s.length() <= 12 && s.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochSecond(Long.parseLong(s));
      }
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new UsageException("--at must be RFC 3339 or Unix seconds, got \"" + s + "\"");
      }
    }
  }
}
