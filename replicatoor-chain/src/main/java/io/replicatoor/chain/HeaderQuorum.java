package io.replicatoor.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.replicatoor.chain.internal.BlockHeader;
import io.replicatoor.chain.internal.JsonRpcClient;
import io.replicatoor.core.ErrorCode;
import io.replicatoor.core.ReplicatoorException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Stage-1 trusted header source: k of n image-pinned endpoints must report the same header, and
 * each reported header must hash to its claimed hash (upgrade-governance.md 5.10).
 */
final class HeaderQuorum {
  private final List<JsonRpcClient> clients;
  private final int k;

  HeaderQuorum(List<JsonRpcClient> clients, int k) {
    this.clients = List.copyOf(clients);
    this.k = k;
  }

  /** One endpoint's answer: a self-consistent header, a forged one, or nothing. */
  private record Answer(JsonRpcClient from, BlockHeader header, ReplicatoorException failure) {}

  /**
   * Agrees on one header. Round 1 asks every endpoint for {@code tag}; if k endpoints already
   * report the same hash it is taken. Otherwise (endpoints a block apart) round 2 asks every
   * endpoint for the highest number that at least k endpoints have reached.
   */
  BlockHeader agree(String tag, int confirmations) throws ReplicatoorException {
    List<Answer> first = ask(tag);
    if (confirmations == 0) {
      BlockHeader agreed = tally(first, false);
      if (agreed != null) {
        return agreed;
      }
    }
    List<Long> numbers = new ArrayList<>();
    for (Answer a : first) {
      if (a.header() != null && a.header().hashMatches()) {
        numbers.add(a.header().number());
      }
    }
    if (numbers.size() < k) {
      tally(first, true); // throws the most specific failure
    }
    numbers.sort(Comparator.reverseOrder());
    long target = numbers.get(k - 1) - confirmations;
    if (target < 0) {
      throw new ReplicatoorException(ErrorCode.HEADER_STALE, "chain shorter than the confirmation depth");
    }
    return tally(ask("0x" + Long.toHexString(target)), true);
  }

  private List<Answer> ask(String blockParam) {
    List<CompletableFuture<Answer>> futures = new ArrayList<>();
    for (JsonRpcClient c : clients) {
      futures.add(c.callAsync("eth_getBlockByNumber", List.of(blockParam, false))
          .handle((JsonNode json, Throwable err) -> {
            if (err != null) {
              Throwable cause = err instanceof CompletionException ? err.getCause() : err;
              return new Answer(c, null, cause instanceof ReplicatoorException re ? re
                  : new ReplicatoorException(ErrorCode.RPC_UNAVAILABLE, c.displayName() + ": failed"));
            }
            try {
              return new Answer(c, BlockHeader.fromJson(json), null);
            } catch (ReplicatoorException e) {
              return new Answer(c, null, e);
            }
          }));
    }
    List<Answer> out = new ArrayList<>();
    for (CompletableFuture<Answer> f : futures) {
      out.add(f.join());
    }
    return out;
  }

  /**
   * Counts votes by recomputed hash. Returns the agreed header, or null (when {@code mustDecide}
   * is false) or throws: QUORUM_DISAGREES when valid headers differ, HEADER_HASH_MISMATCH when a
   * header does not hash to its claimed hash, RPC_UNAVAILABLE when too few endpoints answered.
   */
  private BlockHeader tally(List<Answer> answers, boolean mustDecide) throws ReplicatoorException {
    Map<String, List<BlockHeader>> votes = new LinkedHashMap<>();
    List<String> forged = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Answer a : answers) {
      if (a.header() == null) {
        failed.add(a.failure().getMessage());
      } else if (!a.header().hashMatches()) {
        forged.add(a.from().displayName() + " reported block " + a.header().number() + " as 0x"
            + HexFormat.of().formatHex(a.header().claimedHash()) + " but its fields hash to 0x"
            + HexFormat.of().formatHex(a.header().computedHash()));
      } else {
        votes.computeIfAbsent(HexFormat.of().formatHex(a.header().computedHash()),
            h -> new ArrayList<>()).add(a.header());
      }
    }
    List<List<BlockHeader>> winners = votes.values().stream().filter(v -> v.size() >= k).toList();
    if (winners.size() == 1) {
      return winners.get(0).get(0);
    }
    if (!mustDecide) {
      return null;
    }
    String summary = votes.size() + " distinct valid header(s) "
        + votes.values().stream().map(v -> v.size() + "x block " + v.get(0).number()).toList()
        + ", " + forged.size() + " forged, " + failed.size() + " failed; need " + k + " of "
        + clients.size();
    if (winners.size() > 1 || votes.size() > 1) {
      throw new ReplicatoorException(ErrorCode.QUORUM_DISAGREES, "RPC quorum disagrees: " + summary);
    }
    if (!forged.isEmpty()) {
      throw new ReplicatoorException(ErrorCode.HEADER_HASH_MISMATCH,
          "header hash mismatch: " + forged.get(0) + " (" + summary + ")");
    }
    if (!failed.isEmpty() && votes.isEmpty()) {
      boolean anyMalformed = failed.stream().anyMatch(m -> m.contains("malformed block header"));
      throw new ReplicatoorException(anyMalformed ? ErrorCode.RPC_ERROR : ErrorCode.RPC_UNAVAILABLE,
          "no RPC quorum: " + summary + "; first failure: " + failed.get(0));
    }
    throw new ReplicatoorException(ErrorCode.RPC_UNAVAILABLE, "no RPC quorum: " + summary);
  }
}
