#!/usr/bin/env bash
# Runs `./replicatoor demo --json --port 0` N times (default 7) and prints, per run, the process's
# wall time and the demo's own figures (docs/benchmarks.md, "The local demo"):
#   wallMs totalMs handoverMs requestKeyMs onboardMs receiveKeyMs
# then the median of each column. Needs jq; builds the CLI first if needed (./replicatoor does).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-7}
rows=()
for i in $(seq "$n"); do
  s=$(date +%s%N)
  line=$(./replicatoor demo --json --port 0 2>/dev/null | tail -1)
  e=$(date +%s%N)
  row="$(( (e - s) / 1000000 )) $(echo "$line" | jq -r '[.millis.total, .millis.handover, .millis.requestKey, .millis.onboard, .millis.receiveKey] | map(tostring) | join(" ")')"
  echo "run $i: $row"
  rows+=("$row")
done
printf '%s\n' "${rows[@]}" | awk '
  { for (c = 1; c <= NF; c++) v[c, NR] = $c; cols = NF }
  END {
    printf "median:";
    for (c = 1; c <= cols; c++) {
      m = 0; for (r = 1; r <= NR; r++) a[r] = v[c, r];
      for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      printf " %s", a[int((NR + 1) / 2)];
    }
    printf "\n";
  }'
