package io.replicatoor.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.chain.internal.BlockHeader;
import io.replicatoor.chain.internal.JsonRpcClient;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import io.replicatoor.core.bytes.Bytes32;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * Stage-1 trusted header source (upgrade-governance.md §2, "Quorum rule").
 *
 * <p>Round 1 asks every endpoint for the configured tag and its {@code eth_chainId}. A header
 * counts as a vote only when its recomputed hash equals the reported one, the chain id matches, and
 * its timestamp is not later than trusted time plus the allowed skew. Let {@code top} be the
 * highest block number among the votes. The decision is the highest block {@code N} in {@code [top
 * - c - maxLag, top - c]} (c = confirmations) on whose hash at least k endpoints agree; if there is
 * none, the read fails with {@code QUORUM_DISAGREES}. So with fewer than k liars the decided block
 * is real (an honest endpoint is among the k) and at most {@code maxLag} blocks below the head of
 * every honest endpoint that answered.
 *
 * <p>A round ends as soon as its outcome is settled (k agreeing answers at the highest number
 * seen), or when every endpoint has answered or missed its deadline.
 */
final class HeaderQuorum {
  private final List<JsonRpcClient> clients;
  private final ChainReaderConfig config;
  private final Clock trustedClock;

  HeaderQuorum(List<JsonRpcClient> clients, ChainReaderConfig config, Clock trustedClock) {
    this.clients = List.copyOf(clients);
    this.config = config;
    this.trustedClock = trustedClock;
  }

  /** One endpoint's answer, classified by type (never by message text). */
  sealed interface Vote {
    int endpoint();
  }

  /** A self-consistent header from the configured chain, not from the future. */
  record Valid(int endpoint, BlockHeader header) implements Vote {}

  /** A header whose fields do not hash to the hash the endpoint claimed. */
  record Forged(int endpoint, BlockHeader header) implements Vote {}

  /** A header whose timestamp lies after trusted time plus the skew. */
  record FromFuture(int endpoint, BlockHeader header, long trustedNow) implements Vote {}

  /** The endpoint serves another chain. */
  record WrongChain(int endpoint, BigInteger chainId) implements Vote {}

  /** The endpoint does not know the block asked for ({@code null} result). */
  record NotFound(int endpoint) implements Vote {}

  /** No usable answer: unreachable, timed out, an RPC error or a malformed header. */
  record Failed(int endpoint, ReplicatoorException error) implements Vote {}

  /** The agreed header and the endpoints (indices into the configuration) that served it. */
  record Decision(BlockHeader header, List<Integer> agreeing) {}

  /** Applies the quorum rule; see the class comment. */
  Decision agree() throws ReplicatoorException {
    int k = config.quorum();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      all.add(i);
    }
    List<Vote> heads = ask(all, config.blockTag(), true, votes -> settledAtTop(votes, k));
    OptionalLong top =
        heads.stream()
            .filter(v -> v instanceof Valid)
            .mapToLong(v -> ((Valid) v).header().number())
            .max();
    if (top.isEmpty()) {
      throw noVotes(heads);
    }
    if (config.confirmations() == 0) {
      Decision d = decide(heads, top.getAsLong());
      if (d != null) {
        return d;
      }
    }
    // Only endpoints that sent a valid head (right chain, sane header) are asked again.
    List<Integer> voters =
        heads.stream().filter(v -> v instanceof Valid).map(Vote::endpoint).sorted().toList();
    List<String> tried = new ArrayList<>();
    for (int lag = 0; lag <= config.maxLag(); lag++) {
      long n = top.getAsLong() - config.confirmations() - lag;
      if (n < 0) {
        throw new ReplicatoorException(
            ErrorCode.HEADER_STALE, "chain shorter than the confirmation depth");
      }
      List<Vote> at =
          ask(voters, "0x" + Long.toHexString(n), false, votes -> agreeing(votes, n, k) != null);
      Decision d = decide(at, n);
      if (d != null) {
        return d;
      }
      tried.add("block " + n + ": " + agreeingCount(at, n) + " of " + voters.size() + " agree");
    }
    Optional<WrongChain> wrong = first(heads, WrongChain.class);
    if (wrong.isPresent()) {
      throw wrongChain(wrong.get(), summary(heads));
    }
    long distinct =
        heads.stream()
            .filter(v -> v instanceof Valid)
            .map(v -> HexFormat.of().formatHex(((Valid) v).header().computedHash()))
            .distinct()
            .count();
    if (distinct > 1) {
      throw new QuorumDisagreesException(
          "RPC quorum disagrees: highest reported head is block "
              + top.getAsLong()
              + ", need "
              + k
              + " of "
              + clients.size()
              + " to agree within "
              + config.maxLag()
              + " block(s) of it ("
              + String.join("; ", tried)
              + ")",
          report(heads));
    }
    throw noVotes(heads);
  }

  /**
   * The header at number {@code n} on whose recomputed hash at least k endpoints agree (chain id
   * checked, not from the future); empty when at least k endpoints do not know the block.
   *
   * @throws ReplicatoorException as {@link #agree()} when no k endpoints agree on one hash
   */
  Optional<Decision> at(long n) throws ReplicatoorException {
    int k = config.quorum();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      all.add(i);
    }
    List<Vote> votes = ask(all, "0x" + Long.toHexString(n), true, vs -> agreeing(vs, n, k) != null);
    Decision d = decide(votes, n);
    if (d != null) {
      return Optional.of(d);
    }
    if (votes.stream().filter(v -> v instanceof NotFound).count() >= k) {
      return Optional.empty();
    }
    if (votes.stream().anyMatch(v -> v instanceof Valid)) {
      throw new QuorumDisagreesException(
          "RPC quorum disagrees on block "
              + n
              + ": need "
              + k
              + " of "
              + clients.size()
              + " to agree, best is "
              + agreeingCount(votes, n),
          report(votes));
    }
    throw noVotes(votes);
  }

  /** Round 1 is settled when k valid votes share the hash of the highest valid number seen. */
  private static boolean settledAtTop(List<Vote> votes, int k) {
    OptionalLong top =
        votes.stream()
            .filter(v -> v instanceof Valid)
            .mapToLong(v -> ((Valid) v).header().number())
            .max();
    return top.isPresent() && agreeing(votes, top.getAsLong(), k) != null;
  }

  /** The single hash at number {@code n} that at least k valid votes share, or null. */
  private static List<Valid> agreeing(List<Vote> votes, long n, int k) {
    Map<String, List<Valid>> byHash = new LinkedHashMap<>();
    for (Vote v : votes) {
      if (v instanceof Valid ok && ok.header().number() == n) {
        byHash
            .computeIfAbsent(
                HexFormat.of().formatHex(ok.header().computedHash()), h -> new ArrayList<>())
            .add(ok);
      }
    }
    List<List<Valid>> winners = byHash.values().stream().filter(g -> g.size() >= k).toList();
    return winners.size() == 1 ? winners.get(0) : null;
  }

  private int agreeingCount(List<Vote> votes, long n) {
    Map<String, Integer> byHash = new LinkedHashMap<>();
    for (Vote v : votes) {
      if (v instanceof Valid ok && ok.header().number() == n) {
        byHash.merge(HexFormat.of().formatHex(ok.header().computedHash()), 1, Integer::sum);
      }
    }
    return byHash.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private Decision decide(List<Vote> votes, long n) {
    List<Valid> group = agreeing(votes, n, config.quorum());
    if (group == null) {
      return null;
    }
    return new Decision(
        group.get(0).header(), group.stream().map(Valid::endpoint).sorted().toList());
  }

  /**
   * Asks {@code targets} for {@code blockParam} in parallel and returns their votes once {@code
   * settled} holds or every target has answered or missed its deadline.
   */
  private List<Vote> ask(
      List<Integer> targets, String blockParam, boolean checkChain, Predicate<List<Vote>> settled) {
    List<Vote> votes = new ArrayList<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    if (targets.isEmpty()) {
      return List.of();
    }
    for (int i : targets) {
      vote(i, blockParam, checkChain)
          .whenComplete((v, err) -> {
            synchronized (votes) {
              votes.add(
                  v != null
                      ? v
                      : new Failed(
                          i,
                          new ReplicatoorException(
                              ErrorCode.RPC_UNAVAILABLE,
                              clients.get(i).displayName() + ": failed")));
              if (votes.size() == targets.size() || settled.test(votes)) {
                finished.complete(null);
              }
            }
          });
    }
    finished.join(); // every vote is bounded by the client's per-request deadline
    synchronized (votes) {
      List<Vote> out = new ArrayList<>(votes);
      out.sort((a, b) -> Integer.compare(a.endpoint(), b.endpoint()));
      return out;
    }
  }

  private CompletableFuture<Vote> vote(int i, String blockParam, boolean checkChain) {
    JsonRpcClient c = clients.get(i);
    CompletableFuture<Object> chain =
        checkChain
            ? c.callAsync("eth_chainId", List.of()).handle(HeaderQuorum::valueOrError)
            : CompletableFuture.completedFuture(null);
    CompletableFuture<Object> block =
        c.callAsyncAllowingNull("eth_getBlockByNumber", List.of(blockParam, false))
            .handle(HeaderQuorum::valueOrError);
    return chain.thenCombine(block, (ch, bl) -> classify(i, ch, bl));
  }

  private static Object valueOrError(JsonNode json, Throwable err) {
    if (err == null) {
      return json;
    }
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    return cause instanceof ReplicatoorException re
        ? re
        : new ReplicatoorException(
            ErrorCode.RPC_UNAVAILABLE, "failed: " + cause.getClass().getSimpleName());
  }

  private Vote classify(int i, Object chain, Object block) {
    if (chain instanceof ReplicatoorException e) {
      return new Failed(i, e);
    }
    if (chain instanceof JsonNode id) {
      try {
        BigInteger got = BlockHeader.quantity(id.asText(null), "eth_chainId");
        if (!got.equals(BigInteger.valueOf(config.chainId()))) {
          return new WrongChain(i, got);
        }
      } catch (ReplicatoorException e) {
        return new Failed(i, e);
      }
    }
    if (block instanceof ReplicatoorException e) {
      return new Failed(i, e);
    }
    JsonNode json = (JsonNode) block;
    if (json == null || json.isNull()) {
      return new NotFound(i);
    }
    BlockHeader h;
    try {
      h = BlockHeader.fromJson(json);
    } catch (ReplicatoorException e) {
      return new Failed(i, e);
    }
    if (!h.hashMatches()) {
      return new Forged(i, h);
    }
    long now = trustedClock.instant().getEpochSecond();
    if (h.timestamp() > now + config.maxClockSkew().toSeconds()) {
      return new FromFuture(i, h, now);
    }
    return new Valid(i, h);
  }

  /**
   * The most specific error when no valid header reached the quorum: a wrong chain, else a header
   * from the future, else a forged header, else (no valid head at all) a failed request.
   */
  private ReplicatoorException noVotes(List<Vote> heads) {
    String summary = summary(heads);
    boolean anyValid = heads.stream().anyMatch(v -> v instanceof Valid);
    return first(heads, WrongChain.class)
        .map(w -> wrongChain(w, summary))
        .or(() -> first(heads, FromFuture.class).map(f -> fromFuture(f, summary)))
        .or(() -> first(heads, Forged.class).map(f -> forged(f, summary)))
        .or(() -> anyValid ? Optional.empty() : failed(heads, summary))
        .orElseGet(() -> noQuorum(heads, summary));
  }

  /** The first vote of {@code kind} in {@code votes}. */
  private static <T extends Vote> Optional<T> first(List<Vote> votes, Class<T> kind) {
    return first(votes, kind, v -> true);
  }

  /** The first vote of {@code kind} in {@code votes} that {@code test} accepts. */
  private static <T extends Vote> Optional<T> first(
      List<Vote> votes, Class<T> kind, Predicate<T> test) {
    return votes.stream().filter(kind::isInstance).map(kind::cast).filter(test).findFirst();
  }

  private ReplicatoorException wrongChain(WrongChain w, String summary) {
    return new ReplicatoorException(
        ErrorCode.CHAIN_ID_MISMATCH,
        "%s serves chain id %s, expected %s (%s)"
            .formatted(name(w), w.chainId(), config.chainId(), summary));
  }

  private ReplicatoorException fromFuture(FromFuture f, String summary) {
    long skew = config.maxClockSkew().toSeconds();
    return new ReplicatoorException(
        ErrorCode.HEADER_FROM_FUTURE,
        ("%s reported block %s with timestamp %s, later than trusted time %s plus the allowed skew"
                + " of %s s (%s)")
            .formatted(
                name(f),
                f.header().number(),
                f.header().timestamp(),
                f.trustedNow(),
                skew,
                summary));
  }

  private ReplicatoorException forged(Forged f, String summary) {
    HexFormat hex = HexFormat.of();
    return new ReplicatoorException(
        ErrorCode.HEADER_HASH_MISMATCH,
        "header hash mismatch: %s reported block %s as 0x%s but its fields hash to 0x%s (%s)"
            .formatted(
                name(f),
                f.header().number(),
                hex.formatHex(f.header().claimedHash()),
                hex.formatHex(f.header().computedHash()),
                summary));
  }

  /** An endpoint's RPC error, else the first failed request. */
  private Optional<ReplicatoorException> failed(List<Vote> heads, String summary) {
    Optional<Failed> rpcError =
        first(heads, Failed.class, f -> f.error().errorCode() == ErrorCode.RPC_ERROR);
    if (rpcError.isPresent()) {
      Failed f = rpcError.get();
      String message = name(f) + ": " + f.error().getMessage();
      return Optional.of(
          new ReplicatoorException(
              ErrorCode.RPC_ERROR, "no RPC quorum: " + summary + "; " + message));
    }
    return first(heads, Failed.class)
        .map(f ->
            new ReplicatoorException(
                ErrorCode.RPC_UNAVAILABLE,
                "no RPC quorum: " + summary + "; first failure: " + f.error().getMessage()));
  }

  private ReplicatoorException noQuorum(List<Vote> heads, String summary) {
    String failures =
        heads.stream()
            .filter(v -> v instanceof Failed || v instanceof NotFound)
            .map(
                v -> v instanceof Failed f ? f.error().getMessage() : name(v) + ": block not found")
            .reduce((a, b) -> a + "; " + b)
            .map(f -> "; " + f)
            .orElse("");
    return new ReplicatoorException(
        ErrorCode.RPC_UNAVAILABLE, "no RPC quorum: " + summary + failures);
  }

  private String name(Vote v) {
    return clients.get(v.endpoint()).displayName();
  }

  private String summary(List<Vote> heads) {
    int valid = 0;
    int forged = 0;
    int failed = 0;
    for (Vote v : heads) {
      switch (v) {
        case Valid ok -> valid++;
        case Forged f -> forged++;
        default -> failed++;
      }
    }
    failed += clients.size() - heads.size();
    return valid
        + " valid, "
        + forged
        + " forged, "
        + failed
        + " failed; need "
        + config.quorum()
        + " of "
        + clients.size();
  }

  /** Each configured endpoint's head vote, in configuration order. */
  private List<EndpointVote> report(List<Vote> heads) {
    List<EndpointVote> out = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      final int index = i;
      Optional<Vote> vote = heads.stream().filter(v -> v.endpoint() == index).findFirst();
      String name = clients.get(i).displayName();
      if (vote.isEmpty()) {
        out.add(new EndpointVote(name, OptionalLong.empty(), Optional.empty(), "no answer yet"));
        continue;
      }
      EndpointVote e =
          switch (vote.get()) {
            case Valid ok -> headerVote(name, ok.header(), "header");
            case Forged f -> headerVote(name, f.header(), "forged header");
            case FromFuture f -> headerVote(name, f.header(), "header from the future");
            case WrongChain w ->
                new EndpointVote(
                    name, OptionalLong.empty(), Optional.empty(), "wrong chain " + w.chainId());
            case NotFound nf ->
                new EndpointVote(name, OptionalLong.empty(), Optional.empty(), "block not found");
            case Failed f ->
                new EndpointVote(
                    name,
                    OptionalLong.empty(),
                    Optional.empty(),
                    "failed: " + f.error().errorCode());
          };
      out.add(e);
    }
    return out;
  }

  private static EndpointVote headerVote(String name, BlockHeader h, String outcome) {
    return new EndpointVote(
        name, OptionalLong.of(h.number()), Optional.of(Bytes32.of(h.computedHash())), outcome);
  }
}
