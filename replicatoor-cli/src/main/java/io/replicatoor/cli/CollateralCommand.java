package io.replicatoor.cli;

import io.replicatoor.attest.collateral.fetch.CollateralKey;
import io.replicatoor.attest.collateral.fetch.FetchedCollateral;
import io.replicatoor.attest.collateral.fetch.PcsCollateralFetcher;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.core.ReplicatoorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code replicatoor collateral ...}: Intel collateral outside the verification step. */
@Command(
    name = "collateral",
    mixinStandardHelpOptions = true,
    description = "Intel DCAP collateral (fetching and caching; see docs/collateral.md).",
    subcommands = {CollateralCommand.Fetch.class})
public final class CollateralCommand extends CommandGroup {
  /** {@code collateral fetch}: the collateral a quote needs, from a PCS/PCCS into the cache. */
  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      description = {
        "Fetches the collateral of --quote's platform from a PCS or PCCS into a cache folder.",
        "TCB info, QE identity, PCK CRL and Root CA CRL go into --cache (PCS folder form), or are"
            + " answered from the cache; prints the folder to pass to 'verify-quote --collateral'."
      })
  static final class Fetch extends JsonResultCommand {
    @Mixin QuoteOption quote;

    @Mixin AtOption at;

    @Option(
        names = "--pccs",
        required = true,
        paramLabel = "URL",
        description = "PCS or PCCS base URL, e.g. https://api.trustedservices.intel.com")
    String pccs;

    @Option(names = "--cache", required = true, paramLabel = "DIR", description = "Cache folder.")
    Path cache;

    @Option(
        names = "--update",
        defaultValue = "default",
        paramLabel = "CHANNEL",
        description =
            "TCB evaluation data set: default, standard or early (default ${DEFAULT-VALUE}).")
    String update;

    @Option(
        names = "--root-ca-crl",
        paramLabel = "URL",
        description =
            "Root CA CRL location (default: Intel's for Intel PCS, <pccs>/sgx/certification/v4/rootcacrl otherwise).")
    String rootCaCrl;

    @Option(
        names = "--timeout-seconds",
        defaultValue = "15",
        paramLabel = "N",
        description = "Deadline per request, body included (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--refresh", description = "Download even when the cache is fresh.")
    boolean refresh;

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
      byte[] raw = quote.read();
      Clock clock = at.clock();
      PcsCollateralFetcher.Builder b;
      try {
        b =
            PcsCollateralFetcher.builder(base, cache)
                .clock(clock)
                .requestTimeout(Duration.ofSeconds(timeoutSeconds));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--pccs: " + e.getMessage());
      }
      if (rootCaCrl != null) {
        b.rootCaCrlUri(uri(rootCaCrl, "--root-ca-crl"));
      }
      PcsCollateralFetcher fetcher = b.build();
      CollateralKey key = CollateralKey.forQuote(Quote.parse(raw), channel);
      FetchedCollateral f = refresh ? fetcher.refresh(key) : fetcher.fetch(key);

      print(
          n -> {
            n.put("directory", f.directory().toString());
            n.put("tee", key.tee().pathSegment());
            n.put("fmspc", CliHex.of(key.fmspc()));
            n.put("ca", key.ca().queryValue());
            n.put("update", key.channel().directoryName());
            n.put("tcbEvaluationDataNumber", f.tcbInfoEvaluationDataNumber());
            n.put("qeIdentityTcbEvaluationDataNumber", f.qeIdentityEvaluationDataNumber());
            n.put("earliestNextUpdate", f.earliestNextUpdate().toString());
            n.put("fetchedAt", f.fetchedAt().toString());
            n.put("fromCache", f.fromCache());
          },
          out -> {
            out.println("directory: " + f.directory());
            out.println("key: " + key);
            out.println(
                "tcbEvaluationDataNumber: tcb info "
                    + f.tcbInfoEvaluationDataNumber()
                    + ", qe identity "
                    + f.qeIdentityEvaluationDataNumber());
            out.println("earliest nextUpdate: " + f.earliestNextUpdate());
            out.println("fetched at: " + f.fetchedAt() + (f.fromCache() ? " (from cache)" : ""));
          });
      return 0;
    }

    private static URI uri(String s, String option) {
      try {
        URI u = new URI(s);
        if (u.getScheme() == null
            || u.getHost() == null
            || !(u.getScheme().equalsIgnoreCase("https")
                || u.getScheme().equalsIgnoreCase("http"))) {
          throw new UsageException(option + " must be an http(s) URL, got \"" + s + "\"");
        }
        return u;
      } catch (URISyntaxException e) {
        throw new UsageException(option + " is not a URL: " + e.getMessage());
      }
    }
  }
}
