#!/usr/bin/env bash
# Compares `replicatoor bench verify-quote` with @phala/dcap-qvl-web on the same vectors, in the
# same run, alternating the two sides for several rounds and reporting the median of each.
#
# usage: bench/run-comparison.sh [VECTOR_NAME ...]        (default: v01-tdx-v4-uptodate-b0c06f)
# env:   SECONDS_PER_PHASE (default 5)   WARMUP_SECONDS (default 15, per phase, both sides)
#        ROUNDS (default 3)   SHARED (default ../shared)
# Not part of ./mvnw verify. Needs JDK 25, node and npm; see docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
seconds="${SECONDS_PER_PHASE:-5}"
warmup="${WARMUP_SECONDS:-15}"
rounds="${ROUNDS:-3}"
[ "$#" -gt 0 ] || set -- v01-tdx-v4-uptodate-b0c06f

. "$root/bench/cli-jar.sh"
if [ ! -d "$root/bench/peer/node_modules/@phala/dcap-qvl-web" ]; then
  (cd "$root/bench/peer" && npm ci --no-audit --no-fund --ignore-scripts >&2)
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $("$java" -version 2>&1 | head -1); node: $(node --version)"
echo "seconds per phase: $seconds, warm-up per phase: $warmup, rounds: $rounds"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in "$@"; do
  dir="$shared/vectors/tdx/$name"
  at=$(node -e "console.log(JSON.parse(require('fs').readFileSync(process.argv[1])).verify_at_unix)" "$dir/expected.json")
  for r in $(seq 1 "$rounds"); do
    "$java" -jar "$jar" bench verify-quote --quote "$dir/quote.bin" --collateral "$dir/collateral.json" \
      --at "$at" --seconds "$seconds" --warmup-seconds "$warmup" --json > "$tmp/java-$r.json"
    node "$root/bench/peer/peer-bench.mjs" "$dir" --seconds "$seconds" --warmup-seconds "$warmup" \
      --json > "$tmp/peer-$r.json"
  done
  node - "$tmp" "$rounds" "$name" <<'JS'
const fs = require('fs');
const [tmp, rounds, name] = process.argv.slice(2);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const J = [], P = [];
for (let r = 1; r <= Number(rounds); r++) {
  J.push(JSON.parse(fs.readFileSync(`${tmp}/java-${r}.json`)));
  P.push(JSON.parse(fs.readFileSync(`${tmp}/peer-${r}.json`)).results[0]);
}
const f = (x) => x.toFixed(3);
if (P.some((p) => p.error)) {
  console.log(`vector ${name}: replicatoor status ${J[0].status}; dcap-qvl-web failed: ${P.find((p) => p.error).error}`);
  console.log(`  replicatoor warm: ${f(med(J.map((j) => j.warm_ms_per_quote)))} ms/quote, cold: ${f(med(J.map((j) => j.cold_ms_per_quote)))} ms/quote; no ratio`);
  process.exit(0);
}
const warm = med(J.map((j) => j.warm_ms_per_quote)), cold = med(J.map((j) => j.cold_ms_per_quote));
const warmCpu = med(J.map((j) => j.warm_cpu_ms_per_quote)), coldCpu = med(J.map((j) => j.cold_cpu_ms_per_quote));
const peer = med(P.map((p) => p.ms_per_quote)), peerCpu = med(P.map((p) => p.cpu_ms_per_quote));
console.log(`vector ${name}: replicatoor status ${J[0].status}, dcap-qvl-web status ${P[0].status}`);
console.log(`  per round (ms/quote wall): replicatoor warm ${J.map((j) => f(j.warm_ms_per_quote)).join(' ')} | cold ${J.map((j) => f(j.cold_ms_per_quote)).join(' ')} | dcap-qvl-web ${P.map((p) => f(p.ms_per_quote)).join(' ')}`);
console.log(`  replicatoor warm: ${f(warm)} ms/quote (cpu ${f(warmCpu)})`);
console.log(`  replicatoor cold: ${f(cold)} ms/quote (cpu ${f(coldCpu)})`);
console.log(`  dcap-qvl-web:     ${f(peer)} ms/quote (cpu ${f(peerCpu)})`);
const verdict = (x, t) => (x >= t ? 'met' : 'MISSED');
console.log(`  warm speed-up: ${(peer / warm).toFixed(2)}x wall, ${(peerCpu / warmCpu).toFixed(2)}x cpu (target >= 5: ${verdict(peer / warm, 5)})`);
console.log(`  cold speed-up: ${(peer / cold).toFixed(2)}x wall, ${(peerCpu / coldCpu).toFixed(2)}x cpu (target >= 1.5: ${verdict(peer / cold, 1.5)})`);
JS
done
