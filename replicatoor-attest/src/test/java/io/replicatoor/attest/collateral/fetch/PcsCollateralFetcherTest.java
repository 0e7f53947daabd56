package io.replicatoor.attest.collateral.fetch;

import static io.replicatoor.testing.PcsTestServer.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.replicatoor.attest.collateral.Collateral;
import io.replicatoor.attest.collateral.fetch.CollateralKey.PckCa;
import io.replicatoor.attest.collateral.fetch.CollateralKey.Tee;
import io.replicatoor.attest.collateral.fetch.CollateralKey.UpdateChannel;
import io.replicatoor.attest.quote.DerTlv;
import io.replicatoor.attest.quote.Quote;
import io.replicatoor.attest.verify.QuoteVerifier;
import io.replicatoor.attest.verify.TcbStatus;
import io.replicatoor.attest.verify.VerifiedQuote;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.time.MutableClock;
import io.replicatoor.testing.PcsTestServer;
import io.replicatoor.testing.SharedVectors;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fetcher against a real local HTTP server serving the vectors' real files and headers. */
class PcsCollateralFetcherTest {
  static final String V01 = "v01-tdx-v4-uptodate-b0c06f";
  static final String V02 = "v02-tdx-v5-td15-tcb-not-supported-90c06f";
  static final String V04 = "v04-tdx-v5-td15-uptodate-90c06f-alibaba";
  static final String V05 = "v05-tdx-v4-outofdate-00806f05-2506";
  static final String V07 = "v07-tdx-v4-tcb-not-supported-50806f-2023";
  static final String V08 = "v08-sgx-v3-config-and-sw-hardening-00a067";

  @TempDir Path cacheDir;
  PcsTestServer server;
  MutableClock clock;

  @BeforeEach
  void start() throws IOException {
    server = new PcsTestServer();
    clock = new MutableClock(verifyAt(V01));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Instant verifyAt(String vector) throws IOException {
    byte[] json = SharedVectors.read("tdx", vector, "expected.json");
    return Instant.ofEpochSecond(new ObjectMapper().readTree(json).get("verify_at_unix").asLong());
  }

  /** A builder on the test server and cache folder, reading the test clock. */
  PcsCollateralFetcher.Builder builder() {
    return PcsCollateralFetcher.builder(server.baseUri(), cacheDir).clock(clock);
  }

  PcsCollateralFetcher fetcher() {
    return builder().requestTimeout(Duration.ofSeconds(5)).build();
  }

  /** A fetcher that has fetched v01's set from the server, now serving v01. */
  PcsCollateralFetcher fetcherWithV01Cached() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    PcsCollateralFetcher fetcher = fetcher();
    fetcher.fetch(V01_KEY);
    return fetcher;
  }

  /** Serves v01 with the route at {@code path} changed by {@code change}. */
  void serveV01With(String path, UnaryOperator<PcsTestServer.Route> change) throws Exception {
    server.serveVector(V01, "tdx", "platform");
    edit(path, change);
  }

  /** Changes the route the server has at {@code path} by {@code change}. */
  void edit(String path, UnaryOperator<PcsTestServer.Route> change) {
    server.put(path, change.apply(server.route(path)));
  }

  /** Serves v01 with the QE identity's issuer chain header replaced by {@code pem}. */
  void serveV01WithQeIssuerChain(String pem) throws Exception {
    serveV01With(
        QE,
        r ->
            new PcsTestServer.Route(
                200,
                Map.of(
                    "SGX-Enclave-Identity-Issuer-Chain",
                    PcsTestServer.encode(pem.getBytes(StandardCharsets.US_ASCII))),
                r.body(),
                0,
                r.body().length));
  }

  static String v01QeIssuerChainPem() throws IOException {
    return Files.readString(
        SharedVectors.vectors("tdx", V01).resolve("qe_identity_issuer_chain.pem"));
  }

  /** Fetches {@code vector}'s set for its quote at its instant and verifies the quote with it. */
  VerifiedQuote fetchAndVerify(String vector) throws Exception {
    server.serveVector(vector, "tdx", "platform");
    clock.set(verifyAt(vector));
    byte[] quote = SharedVectors.read("tdx", vector, "quote.bin");
    FetchedCollateral f = fetcher().fetchFor(Quote.parse(quote), UpdateChannel.DEFAULT);
    return QuoteVerifier.intelProduction()
        .verify(quote, Collateral.load(f.directory()), verifyAt(vector));
  }

  static CollateralKey tdx(String fmspc) {
    return new CollateralKey(Tee.TDX, fmspc, PckCa.PLATFORM, UpdateChannel.DEFAULT);
  }

  static final CollateralKey V01_KEY = tdx("B0C06F000000");
  static final CollateralKey V90_KEY = tdx("90C06F000000");
  static final String V01_TCB = PcsTestServer.tcbPath("tdx", "B0C06F000000", "");
  static final String QE = PcsTestServer.qePath("tdx", "");
  static final String PLATFORM_PCK_CRL = PcsTestServer.pckCrlPath("platform");

  static void assertSameFiles(Path fetched, String vector) throws IOException {
    Path v = SharedVectors.vectors("tdx", vector);
    for (String name : PcsCollateralSet.FILE_NAMES) {
      assertThat(Files.readAllBytes(fetched.resolve(name)))
          .as(name)
          .isEqualTo(Files.readAllBytes(v.resolve(name)));
    }
    try (Stream<Path> s = Files.list(fetched)) {
      assertThat(s.count()).isEqualTo(PcsCollateralSet.FILE_NAMES.size());
    }
  }

  @Test
  void fetch_pccsServingV01_writesPcsFolderWithExactServedBytes() throws Exception {
    server.serveVector(V01, "tdx", "platform");

    FetchedCollateral f = fetcher().fetch(V01_KEY);

    assertThat(f.fromCache()).isFalse();
    assertThat(f.tcbInfoEvaluationDataNumber()).isEqualTo(17);
    assertThat(f.qeIdentityEvaluationDataNumber()).isEqualTo(17);
    assertThat(f.fetchedAt()).isEqualTo(verifyAt(V01));
    // Earliest nextUpdate of v01 is the PCK CRL's (vectors/tdx/README.md).
    assertThat(f.earliestNextUpdate()).isEqualTo(Instant.parse("2025-07-19T10:00:35Z"));
    // Raw bytes exactly as served; the hex Root CA CRL is stored as its DER.
    assertSameFiles(f.directory(), V01);
    assertThat(server.requests())
        .containsExactly(
            "/sgx/certification/v4/pckcrl?ca=platform&encoding=der",
            "/tdx/certification/v4/tcb?fmspc=B0C06F000000",
            "/tdx/certification/v4/qe/identity",
            "/sgx/certification/v4/rootcacrl");
    try (Stream<Path> s = Files.list(cacheDir.resolve("staging"))) {
      assertThat(s.toList()).as("no staging leftovers").isEmpty();
    }
  }

  @Test
  void fetch_secondCallWithinCacheAge_answersFromCacheWithoutRequest() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    FetchedCollateral first = fetcher().fetch(V01_KEY);
    int requests = server.requests().size();

    clock.advance(Duration.ofHours(11));
    // A new instance on the same folder: the cache is on disk, not in memory.
    FetchedCollateral second = fetcher().fetch(V01_KEY);

    assertThat(server.requests()).hasSize(requests);
    assertThat(second.fromCache()).isTrue();
    assertThat(second.directory()).isEqualTo(first.directory());
    assertThat(second.fetchedAt()).isEqualTo(first.fetchedAt());
    assertSameFiles(second.directory(), V01);
  }

  @Test
  void fetch_cacheOlderThanMaxAge_downloadsAgain() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    PcsCollateralFetcher fetcher = fetcher();
    FetchedCollateral first = fetcher.fetch(V01_KEY);

    clock.advance(Duration.ofHours(13));
    FetchedCollateral second = fetcher.fetch(V01_KEY);

    assertThat(second.fromCache()).isFalse();
    assertThat(server.requests()).hasSize(8);
    assertThat(second.directory()).isNotEqualTo(first.directory());
    assertSameFiles(second.directory(), V01);
  }

  @Test
  void fetch_withinRefreshMarginOfNextUpdate_downloadsAgain() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    PcsCollateralFetcher fetcher = builder().maxCacheAge(Duration.ofDays(60)).build();
    fetcher.fetch(V01_KEY);

    // 2025-07-19T10:00:35Z is the earliest nextUpdate; 7 days before it the set is refreshed.
    clock.set(Instant.parse("2025-07-13T00:00:00Z"));
    FetchedCollateral f = fetcher.fetch(V01_KEY);

    assertThat(f.fromCache()).isFalse();
    assertThat(server.requests()).hasSize(8);
  }

  @Test
  void refresh_lowerTcbEvaluationNumberAfterHigher_failsBelowHighWaterMark() throws Exception {
    // v02 (FMSPC 90C06F, tcbEvaluationDataNumber 18) first ...
    server.serveVector(V02, "tdx", "platform");
    clock.set(verifyAt(V02));
    FetchedCollateral high = fetcher().fetch(V90_KEY);
    assertThat(high.tcbInfoEvaluationDataNumber()).isEqualTo(18);

    // ... then a PCCS serving the older, still unexpired-at-its-time v04 set (17) for the same
    // FMSPC.
    server.serveVector(V04, "tdx", "platform");
    clock.set(verifyAt(V04));
    PcsCollateralFetcher fresh = fetcher(); // new instance: the mark is persisted on disk

    assertFetchFails(
        () -> fresh.refresh(V90_KEY),
        ErrorCode.COLLATERAL_BELOW_HIGH_WATER_MARK,
        "tcbEvaluationDataNumber 17",
        "high-water mark 18");
    // The refused set did not replace the cached one.
    assertThat(new CollateralCache(cacheDir).current(V90_KEY).orElseThrow().directory())
        .isEqualTo(high.directory());
    assertSameFiles(high.directory(), V02);
  }

  @Test
  void refresh_olderQeIdentityAfterNewer_failsBelowHighWaterMark() throws Exception {
    fetcherWithV01Cached();
    // Same platform set, but the 2023 QE identity (tcbEvaluationDataNumber 15) of v07.
    byte[] v07 = read(SharedVectors.vectors("tdx", V07), "qe_identity_response.json");
    edit(QE, r -> r.withBody(v07));

    assertFetchFails(
        () -> fetcher().refresh(V01_KEY),
        ErrorCode.COLLATERAL_BELOW_HIGH_WATER_MARK,
        "QE identity",
        "high-water mark 17");
  }

  @Test
  void fetch_earlyChannelAhead_doesNotLockOutStandardChannel() throws Exception {
    Path v02 = SharedVectors.vectors("tdx", V02);
    Path v04 = SharedVectors.vectors("tdx", V04);
    server.serveVectorAt(v02, "tdx", "platform", "90C06F000000", "early");
    clock.set(verifyAt(V02));
    CollateralKey early =
        new CollateralKey(Tee.TDX, "90c06f000000", PckCa.PLATFORM, UpdateChannel.EARLY);
    assertThat(fetcher().fetch(early).tcbInfoEvaluationDataNumber()).isEqualTo(18);

    server.serveVectorAt(v04, "tdx", "platform", "90C06F000000", "standard");
    clock.set(verifyAt(V04));
    CollateralKey standard =
        new CollateralKey(Tee.TDX, "90C06F000000", PckCa.PLATFORM, UpdateChannel.STANDARD);
    FetchedCollateral f = fetcher().fetch(standard);

    assertThat(f.tcbInfoEvaluationDataNumber()).isEqualTo(17);
    assertThat(server.requests())
        .contains(
            "/tdx/certification/v4/tcb?fmspc=90C06F000000&update=early",
            "/tdx/certification/v4/qe/identity?update=early",
            "/tdx/certification/v4/tcb?fmspc=90C06F000000&update=standard",
            "/tdx/certification/v4/qe/identity?update=standard");
    assertSameFiles(f.directory(), V04);
  }

  @Test
  void fetch_sgxProcessorCa_usesSgxPathsAndHeader() throws Exception {
    server.serveVector(V08, "sgx", "processor");
    clock.set(verifyAt(V08));
    CollateralKey key =
        new CollateralKey(Tee.SGX, "00A067110000", PckCa.PROCESSOR, UpdateChannel.DEFAULT);

    FetchedCollateral f = fetcher().fetch(key);

    assertSameFiles(f.directory(), V08);
    assertThat(server.requests())
        .contains(
            "/sgx/certification/v4/pckcrl?ca=processor&encoding=der",
            "/sgx/certification/v4/tcb?fmspc=00A067110000",
            "/sgx/certification/v4/qe/identity");
  }

  @Test
  void fetch_rootCaCrlFromIntelDerLocation_storesDer() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    PcsCollateralFetcher fetcher =
        builder().rootCaCrlUri(server.baseUri().resolve("/IntelSGXRootCA.der")).build();

    FetchedCollateral f = fetcher.fetch(V01_KEY);

    assertSameFiles(f.directory(), V01);
    assertThat(server.requests())
        .contains("/IntelSGXRootCA.der")
        .doesNotContain("/sgx/certification/v4/rootcacrl");
  }

  @Test
  void builder_intelPcsBase_usesIntelRootCaCrlLocation() {
    PcsCollateralFetcher f =
        PcsCollateralFetcher.builder(PcsCollateralFetcher.INTEL_PCS, cacheDir).build();
    assertThat(f.rootCaCrlUri()).isEqualTo(PcsCollateralFetcher.INTEL_ROOT_CA_CRL);
  }

  // ---- failures: one row per damaged response ------------------------------------------------

  /** {@code call} throws a {@link CollateralFetchException} with {@code code} and each part. */
  static void assertFetchFails(ThrowingCallable call, ErrorCode code, String... messageParts) {
    var thrown = assertThatThrownBy(call).isInstanceOf(CollateralFetchException.class);
    for (String part : messageParts) {
      thrown.hasMessageContaining(part);
    }
    thrown.extracting(e -> ((CollateralFetchException) e).errorCode()).isEqualTo(code);
  }

  void assertFails(CollateralKey key, ErrorCode code, String messagePart) {
    assertFetchFails(() -> fetcher().fetch(key), code, messagePart);
    assertThat(cacheDir.resolve("entries")).doesNotExist();
  }

  @Test
  void fetch_tcbInfo404_failsUnavailable() throws Exception {
    serveV01With(V01_TCB, r -> r.withStatus(404));
    assertFails(
        V01_KEY, ErrorCode.COLLATERAL_UNAVAILABLE, "HTTP 404 from /tdx/certification/v4/tcb");
  }

  @Test
  void fetch_pckCrl500_failsUnavailable() throws Exception {
    serveV01With(PLATFORM_PCK_CRL, r -> r.withStatus(500));
    assertFails(
        V01_KEY, ErrorCode.COLLATERAL_UNAVAILABLE, "HTTP 500 from /sgx/certification/v4/pckcrl");
  }

  @Test
  void fetch_serverSlowerThanTimeout_failsUnavailable() throws Exception {
    serveV01With(QE, r -> r.withDelay(3_000));
    PcsCollateralFetcher fetcher = builder().requestTimeout(Duration.ofMillis(300)).build();

    assertFetchFails(
        () -> fetcher.fetch(V01_KEY),
        ErrorCode.COLLATERAL_UNAVAILABLE,
        "timed out after 300 ms fetching /tdx/certification/v4/qe/identity");
  }

  @Test
  void fetch_connectionDroppedMidBody_failsUnavailable() throws Exception {
    serveV01With(V01_TCB, PcsTestServer.Route::truncatedOnTheWire);
    assertFails(
        V01_KEY, ErrorCode.COLLATERAL_UNAVAILABLE, "request for /tdx/certification/v4/tcb failed");
  }

  @Test
  void fetch_truncatedTcbInfoJson_failsMalformed() throws Exception {
    serveV01With(V01_TCB, r -> r.withBody(Arrays.copyOf(r.body(), r.body().length - 10)));
    assertFails(V01_KEY, ErrorCode.COLLATERAL_MALFORMED, "tcb_info_response.json: not valid JSON");
  }

  @Test
  void fetch_truncatedPckCrl_failsMalformed() throws Exception {
    serveV01With(PLATFORM_PCK_CRL, r -> r.withBody(Arrays.copyOf(r.body(), r.body().length / 2)));
    assertFails(V01_KEY, ErrorCode.COLLATERAL_MALFORMED, "pck_crl.der: not a parseable DER CRL");
  }

  @Test
  void fetch_pckCrlWithByteAfterDer_failsMalformed() throws Exception {
    // The JDK's CRL parser skips a trailing byte that is not 0x30 (issue 12).
    serveV01With(PLATFORM_PCK_CRL, r -> r.withBody(Arrays.copyOf(r.body(), r.body().length + 1)));
    assertFails(
        V01_KEY,
        ErrorCode.COLLATERAL_MALFORMED,
        "pck_crl.der: not one strict DER CRL (1 byte(s) after the DER object");
  }

  @Test
  void fetch_pckCrlSignatureUnusedBitsNotZero_failsMalformed() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    byte[] body = server.route(PLATFORM_PCK_CRL).body().clone();
    // CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
    body[DerTlv.signatureUnusedBitsOffset(body)] = 1;
    edit(PLATFORM_PCK_CRL, r -> r.withBody(body));
    assertFails(V01_KEY, ErrorCode.COLLATERAL_MALFORMED, "declares 1 unused bit(s)");
  }

  @Test
  void fetch_chainHeaderRootPemPaddingFlipped_failsMalformed() throws Exception {
    // '=' -> '9' in the root's last base64 quantum: canonical base64 of the DER plus one byte.
    String pem = v01QeIssuerChainPem();
    int pad = pem.lastIndexOf("=\n-----END CERTIFICATE-----");
    assertThat(pad).isPositive();
    serveV01WithQeIssuerChain(pem.substring(0, pad) + "9" + pem.substring(pad + 1));
    assertFails(
        V01_KEY,
        ErrorCode.COLLATERAL_MALFORMED,
        "certificate 2 is not one strict DER certificate (1 byte(s) after the DER object");
  }

  @Test
  void fetch_rootCaCrlNeitherDerNorHex_failsMalformed() throws Exception {
    serveV01With(
        "/sgx/certification/v4/rootcacrl",
        r -> r.withBody("<html>maintenance</html>".getBytes(StandardCharsets.US_ASCII)));
    assertFails(
        V01_KEY,
        ErrorCode.COLLATERAL_MALFORMED,
        "Root CA CRL: body is neither DER nor a hex string");
  }

  @Test
  void fetch_bodyLargerThanBound_failsMalformed() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    PcsCollateralFetcher fetcher = builder().maxResponseBytes(2048).build();
    // The 3089-byte TCB info is over a 2048-byte bound (the 2663-byte PCK CRL comes first).
    assertFetchFails(
        () -> fetcher.fetch(V01_KEY), ErrorCode.COLLATERAL_MALFORMED, "exceeds 2048 bytes");
  }

  @Test
  void fetch_missingIssuerChainHeader_failsMalformed() throws Exception {
    serveV01With(V01_TCB, PcsTestServer.Route::withoutHeaders);
    assertFails(
        V01_KEY,
        ErrorCode.COLLATERAL_MALFORMED,
        "lacks header TCB-Info-Issuer-Chain / SGX-TCB-Info-Issuer-Chain");
  }

  @Test
  void fetch_chainHeaderWithOneCertificate_failsMalformed() throws Exception {
    String pem = v01QeIssuerChainPem();
    serveV01WithQeIssuerChain(
        pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 25) + "\n");
    assertFails(V01_KEY, ErrorCode.COLLATERAL_MALFORMED, "expected 2 certificates, found 1");
  }

  static Stream<Arguments> responsesOfOtherSets() {
    return Stream.of(
        arguments(
            V01_TCB,
            V05,
            "tcb_info_response.json",
            "tcbInfo.fmspc is 00806f050000, requested B0C06F000000"),
        arguments(
            QE,
            V08,
            "qe_identity_response.json",
            "enclaveIdentity.id is \"QE\", expected \"TD_QE\""),
        arguments(
            PLATFORM_PCK_CRL,
            V08,
            "pck_crl.der",
            "pck_crl.der: issuer is \"Intel SGX PCK Processor CA\""));
  }

  /**
   * v01's set with one response of another vector: TCB info for another FMSPC, the SGX QE identity
   * for a TDX key, the Processor CA CRL for a platform key.
   */
  @ParameterizedTest(name = "{2} of {1}")
  @MethodSource("responsesOfOtherSets")
  void fetch_responseOfOtherSet_failsMismatch(
      String path, String vector, String file, String messagePart) throws Exception {
    byte[] other = read(SharedVectors.vectors("tdx", vector), file);
    serveV01With(path, r -> r.withBody(other));
    assertFails(V01_KEY, ErrorCode.COLLATERAL_MISMATCH, messagePart);
  }

  @Test
  void fetch_servedSetAlreadyExpired_failsExpired() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    clock.set(Instant.parse("2025-07-19T10:00:35Z"));
    assertFails(V01_KEY, ErrorCode.COLLATERAL_EXPIRED, "expired at 2025-07-19T10:00:35Z");
  }

  @Test
  void fetch_nothingListening_failsUnavailable() throws Exception {
    server.close();
    assertFails(
        V01_KEY,
        ErrorCode.COLLATERAL_UNAVAILABLE,
        "request for /sgx/certification/v4/pckcrl failed");
  }

  @Test
  void fetch_damagedHighWaterMarkFile_failsClosed() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    Path mark = cacheDir.resolve("high-water").resolve("tdx-B0C06F000000.tcb");
    Files.createDirectories(mark.getParent());
    Files.writeString(mark, "seventeen\n");
    assertFails(V01_KEY, ErrorCode.COLLATERAL_MALFORMED, "is not a non-negative decimal number");
  }

  @Test
  void percentDecode_plusAndEscapes_keepsPlusDecodesEscapes() throws Exception {
    assertThat(
            new String(
                PcsCollateralFetcher.percentDecode("a+b%2Bc%20d%0A", "H"),
                StandardCharsets.US_ASCII))
        .isEqualTo("a+b+c d\n");
    assertThatThrownBy(() -> PcsCollateralFetcher.percentDecode("abc%2", "H"))
        .hasMessageContaining("bad percent escape at index 3");
    assertThatThrownBy(() -> PcsCollateralFetcher.percentDecode("abc%zz", "H"))
        .hasMessageContaining("bad percent escape at index 3");
  }

  @Test
  void forQuote_leafPemPaddingFlipped_pckChainInvalid() throws Exception {
    // v08's leaf ends in a single '=': '=' -> '9' leaves canonical base64 of the DER plus one byte.
    byte[] q = SharedVectors.read("tdx", V08, "quote.bin");
    String text = new String(q, StandardCharsets.ISO_8859_1);
    int pad = text.indexOf("=\n-----END CERTIFICATE-----");
    assertThat(pad)
        .isPositive()
        .isLessThan(text.indexOf("-----BEGIN CERTIFICATE-----", text.indexOf("-----END")));
    q[pad] = '9';
    Quote mutant = Quote.parse(q);
    assertThatThrownBy(() -> CollateralKey.forQuote(mutant, UpdateChannel.DEFAULT))
        .hasMessageContaining("1 byte(s) after the DER object")
        .extracting(e -> ((ReplicatoorException) e).errorCode())
        .isEqualTo(ErrorCode.PCK_CHAIN_INVALID);
  }

  @Test
  void forQuote_tdxPlatformAndSgxProcessorQuotes_deriveTeeFmspcAndCa() throws Exception {
    Quote tdx = Quote.parse(SharedVectors.read("tdx", V01, "quote.bin"));
    assertThat(CollateralKey.forQuote(tdx, UpdateChannel.EARLY))
        .isEqualTo(new CollateralKey(Tee.TDX, "B0C06F000000", PckCa.PLATFORM, UpdateChannel.EARLY));
    Quote sgx = Quote.parse(SharedVectors.read("tdx", V08, "quote.bin"));
    assertThat(CollateralKey.forQuote(sgx, UpdateChannel.DEFAULT))
        .isEqualTo(
            new CollateralKey(Tee.SGX, "00A067110000", PckCa.PROCESSOR, UpdateChannel.DEFAULT));
  }

  @Test
  void fetchFor_v01Quote_fetchesItsCollateral() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    Quote q = Quote.parse(SharedVectors.read("tdx", V01, "quote.bin"));

    FetchedCollateral f = fetcher().fetchFor(q, UpdateChannel.DEFAULT);

    assertThat(f.key()).isEqualTo(V01_KEY);
    assertSameFiles(f.directory(), V01);
  }

  @Test
  void fetch_v01ThenLoad_verifiesTheQuoteUpToDate() throws Exception {
    VerifiedQuote v = fetchAndVerify(V01);

    assertThat(v.status()).contains(TcbStatus.UP_TO_DATE);
    assertThat(v.tcbEvaluationDataNumber()).hasValue(17);
  }

  @Test
  void fetch_v05PcsFolder_verifiesOutOfDateWithAdvisories() throws Exception {
    VerifiedQuote v = fetchAndVerify(V05);

    assertThat(v.status()).contains(TcbStatus.OUT_OF_DATE);
    assertThat(v.advisoryIds())
        .containsExactly("INTEL-SA-00960", "INTEL-SA-00982", "INTEL-SA-00986");
  }

  @Test
  void collateralKey_badFmspc_rejected() {
    for (String bad : List.of("B0C06F00000", "B0C06F0000000", "B0C06F00000G", "")) {
      assertThatThrownBy(() -> tdx(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(tdx("b0c06f000000").fmspc()).isEqualTo("B0C06F000000");
  }

  @Test
  void fetch_sourceDownAfterMaxAge_keepsValidCachedSet_flaggedStale_thenFailsClosedAtExpiry()
      throws Exception {
    server.serveVector(V01, "tdx", "platform");
    PcsCollateralFetcher fetcher = fetcher();
    FetchedCollateral first = fetcher.fetch(V01_KEY);
    server.close(); // the PCCS goes down

    clock.advance(Duration.ofHours(13)); // past the maximum cache age: a refresh is due and fails
    FetchedCollateral kept = fetcher.fetch(V01_KEY);
    assertThat(kept.stale()).isTrue();
    assertThat(kept.refreshError()).contains(ErrorCode.COLLATERAL_UNAVAILABLE);
    assertThat(kept.fromCache()).isTrue();
    assertThat(kept.directory()).isEqualTo(first.directory());
    assertThat(kept.fetchedAt()).isEqualTo(first.fetchedAt());

    // One second before the earliest nextUpdate it is still used; at it, it is not.
    clock.set(first.earliestNextUpdate().minusSeconds(1));
    assertThat(fetcher.fetch(V01_KEY).stale()).isTrue();
    clock.set(first.earliestNextUpdate());
    assertThatThrownBy(() -> fetcher.fetch(V01_KEY))
        .isInstanceOfSatisfying(
            CollateralFetchException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.COLLATERAL_EXPIRED);
              assertThat(e.getMessage()).contains("refresh failed: COLLATERAL_UNAVAILABLE");
            });
  }

  @Test
  void fetch_sourceBackAfterOutage_downloadsAndClearsStale() throws Exception {
    PcsCollateralFetcher fetcher = fetcherWithV01Cached();
    edit(V01_TCB, r -> r.withStatus(503));
    clock.advance(Duration.ofHours(13));
    assertThat(fetcher.fetch(V01_KEY).refreshError()).contains(ErrorCode.COLLATERAL_UNAVAILABLE);

    server.serveVector(V01, "tdx", "platform"); // back
    FetchedCollateral f = fetcher.fetch(V01_KEY);
    assertThat(f.stale()).isFalse();
    assertThat(f.fromCache()).isFalse();
    assertThat(f.fetchedAt()).isEqualTo(clock.instant());
  }

  @Test
  void fetch_brokenSetServedAfterMaxAge_keepsCachedSet_withItsCode() throws Exception {
    PcsCollateralFetcher fetcher = fetcherWithV01Cached();
    // A source now serving a broken TCB info: refused, the cached set is kept.
    edit(V01_TCB, r -> r.withBody("{\"tcbInfo\":{}}".getBytes(StandardCharsets.UTF_8)));
    clock.advance(Duration.ofHours(13));
    FetchedCollateral f = fetcher.fetch(V01_KEY);
    assertThat(f.stale()).isTrue();
    assertThat(f.refreshError()).contains(ErrorCode.COLLATERAL_MALFORMED);
    assertSameFiles(f.directory(), V01);
  }

  @Test
  void baseOverride_isReadBeforeEveryDownload() throws Exception {
    server.serveVector(V01, "tdx", "platform");
    try (PcsTestServer other = new PcsTestServer()) {
      other.serveVector(V01, "tdx", "platform");
      AtomicReference<URI> override = new AtomicReference<>();
      PcsCollateralFetcher fetcher =
          builder().baseOverride(() -> Optional.ofNullable(override.get())).build();
      fetcher.fetch(V01_KEY);
      assertThat(server.requests()).hasSize(4);
      override.set(other.baseUri());
      assertThat(fetcher.base()).isEqualTo(other.baseUri());
      fetcher.refresh(V01_KEY);
      assertThat(server.requests()).hasSize(4);
      assertThat(other.requests()).hasSize(4).contains("/sgx/certification/v4/rootcacrl");
    }
  }
}
