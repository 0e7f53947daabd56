#!/usr/bin/env bash
# Reruns the figures of docs/benchmarks.md "Server load, hand-over latency and onboard burst":
#   1. replicatoor bench server         /status and /getkey vs their bare twins, N connections
#   2. replicatoor bench handover       warm hand-overs with a per-step breakdown
#   3. replicatoor bench onboard-burst  N new instances onboarded at once by one instance
# each on a fresh dev network (anvil + UpgradeOperator, simulator agents), printing one JSON line
# per benchmark (prefixed by its name) and, with OUT=FILE, appending them to FILE.
#
# usage: bench/server-load.sh [server|handover|burst ...]          (default: all three)
# env:   CONNECTIONS (32)  SECONDS_PER_PHASE (5)  WARMUP_SECONDS (3)  ROUNDS (2)  REFRESH_SECONDS (1)
#        HANDOVERS (100)  HANDOVER_WARMUP (30)  INSTANCES (100)  OUT (none)
# Not part of ./mvnw verify. Needs JDK 25 and contracts/node_modules (anvil; any build of
# replicatoor-chain runs npm ci there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$#" -gt 0 ] || set -- server handover burst

. "$root/bench/cli-jar.sh"
export REPLICATOOR_ANVIL="${REPLICATOOR_ANVIL:-$root/contracts/node_modules/.bin/anvil}"
if [ ! -x "$REPLICATOOR_ANVIL" ]; then
  echo "no anvil at $REPLICATOOR_ANVIL: run ./mvnw -pl replicatoor-chain -am package -DskipTests" >&2
  exit 2
fi

emit() {
  local name="$1"; shift
  local line
  line=$("$java" -jar "$jar" bench "$@" --json)
  echo "$name $line"
  if [ -n "${OUT:-}" ]; then echo "$(date -u +%FT%TZ) $name $line" >> "$OUT"; fi
}

echo "# $(date -u +%FT%TZ) nproc $(nproc) load $(cut -d' ' -f1-3 /proc/loadavg) $("$java" -version 2>&1 | head -1)"
for b in "$@"; do
  case "$b" in
    server)
      emit server server --connections "${CONNECTIONS:-32}" --seconds "${SECONDS_PER_PHASE:-5}" \
        --warmup-seconds "${WARMUP_SECONDS:-3}" --rounds "${ROUNDS:-2}" \
        --refresh-seconds "${REFRESH_SECONDS:-1}" ;;
    handover)
      emit handover handover --count "${HANDOVERS:-100}" --warmup "${HANDOVER_WARMUP:-30}" ;;
    burst)
      emit burst onboard-burst --instances "${INSTANCES:-100}" ;;
    *) echo "unknown benchmark: $b (server, handover, burst)" >&2; exit 2 ;;
  esac
done
echo "# done $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
