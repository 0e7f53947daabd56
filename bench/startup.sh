#!/usr/bin/env bash
# Cold-start figures of the CLI: `measure` and `verify-quote` on the bundled examples, each run as a
# new process, with and without the start-up (AOT) cache. Prints, per variant, the median over RUNS
# runs of the wall time and of the CPU time (user + sys), in seconds, and the load average before
# and after. Not part of ./mvnw verify; see docs/benchmarks.md "Startup".
#
# usage: bench/startup.sh [VARIANT ...]   (default: launcher-aot launcher-noaot)
#   launcher-aot     ./replicatoor (AOT cache + the launcher's JVM options)
#   launcher-noaot   REPLICATOOR_AOT=off ./replicatoor (the launcher's JVM options, no cache)
#   plain            java -jar JAR (no cache, no options; the old launcher's command, same jar)
#   jar:FILE         java -jar FILE (e.g. a jar built from an older commit: "before")
#   java:OPTS        java OPTS -jar JAR, OPTS split on commas (e.g. java:-XX:+UseSerialGC)
#   aot[:OPTS]       java -XX:AOTCache=<the launcher's cache> [OPTS] -jar JAR
# env:   RUNS (default 15), WARMUP (default 2), COMMANDS (default "measure verify-quote")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-15}"
warmup="${WARMUP:-2}"
commands="${COMMANDS:-measure verify-quote}"
[ "$#" -gt 0 ] || set -- launcher-aot launcher-noaot
cd "$root"
. "$root/.mvn/find-jdk.sh"
java="$JAVA_HOME/bin/java"
./replicatoor -V >/dev/null # builds the jar and the cache when missing
jar=$(ls "$root"/replicatoor-cli/target/replicatoor-cli-*-all.jar | head -1)

args_of() {
  case "$1" in
    measure) echo "measure --compose examples/app-compose.json --image examples/image.json" ;;
    verify-quote)
      echo "verify-quote --quote examples/quote.bin --collateral examples/collateral.json" \
        "--at 2025-07-01T00:00:00Z"
      ;;
    *) echo "$1" ;;
  esac
}

# One run of variant $1 with CLI arguments $2 (word-split), output discarded.
run_once() {
  local v="$1"
  # shellcheck disable=SC2086
  case "$v" in
    launcher-aot) ./replicatoor $2 >/dev/null ;;
    launcher-noaot) REPLICATOOR_AOT=off ./replicatoor $2 >/dev/null ;;
    plain) "$java" -jar "$jar" $2 >/dev/null ;;
    jar:*) "$java" -jar "${v#jar:}" $2 >/dev/null ;;
    java:*) "$java" ${v#java:} -jar "$jar" $2 >/dev/null ;;
    aot) "$java" -XX:AOTCache="${jar%.jar}.aot" -jar "$jar" $2 >/dev/null ;;
    aot:*) "$java" -XX:AOTCache="${jar%.jar}.aot" ${v#aot:} -jar "$jar" $2 >/dev/null ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# RUNS=$runs per variant and command; the variants take turns, so a change in the machine's"
echo "# load affects all of them alike"
printf '%-14s %-28s %9s %9s %9s %9s\n' command variant wall_med cpu_med wall_min cpu_min
for c in $commands; do
  a=$(args_of "$c")
  declare -A walls=() cpus=()
  for v in "$@"; do
    for _ in $(seq "$warmup"); do run_once "${v//,/ }" "$a"; done
  done
  for _ in $(seq "$runs"); do
    for v in "$@"; do
      t=$( { TIMEFORMAT='%R %U %S'; time run_once "${v//,/ }" "$a"; } 2>&1 | tail -1)
      read -r w u s <<<"$t"
      walls[$v]+="$w "
      cpus[$v]+="$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.3f", u + s}') "
    done
  done
  for v in "$@"; do
    printf '%-14s %-28s %9s %9s %9s %9s\n' "$c" "$v" \
      "$(tr ' ' '\n' <<<"${walls[$v]}" | grep . | median)" \
      "$(tr ' ' '\n' <<<"${cpus[$v]}" | grep . | median)" \
      "$(tr ' ' '\n' <<<"${walls[$v]}" | grep . | sort -n | head -1)" \
      "$(tr ' ' '\n' <<<"${cpus[$v]}" | grep . | sort -n | head -1)"
  done
  unset walls cpus
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
