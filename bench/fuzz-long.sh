#!/usr/bin/env bash
# The long fuzzing run of docs/reliability.md (section Fuzzing): every Jazzer @FuzzTest of
# replicatoor-core, replicatoor-attest and replicatoor-server, each for FUZZ_SECONDS (default 600)
# in its own JVM, FUZZ_PARALLEL (default 2) at a time, through Jazzer's own driver (the same
# @FuzzTest methods and seed inputs that ./mvnw verify fuzzes for a few seconds each).
#
#   bench/fuzz-long.sh                    all targets
#   bench/fuzz-long.sh Quote SignedJson   only targets whose class name contains one of the words
#   FUZZ_SECONDS=60 bench/fuzz-long.sh    a shorter run
#   FUZZ_MODULES=replicatoor-core bench/fuzz-long.sh   the targets of one module only
#
# Writes FUZZ_OUT (default target/fuzz-long): <Target>.log (libFuzzer's output), <Target>/
# (crash, timeout and OOM reproducers), corpus/<Target>/ (new inputs), summary.txt (one line per
# target: runs, seconds, exec/s, findings). Exit status 1 when any target found something.
# Run it in a checkout no other build uses at the same time (it compiles the three modules first).
set -euo pipefail
cd "$(dirname "$0")/.."
# The same JDK 25 discovery as ./mvnw and ./replicatoor; the fuzzers run on its java.
. .mvn/find-jdk.sh
export PATH="$JAVA_HOME/bin:$PATH"
SECONDS_EACH=${FUZZ_SECONDS:-600}
PARALLEL=${FUZZ_PARALLEL:-2}
OUT=$(mkdir -p "${FUZZ_OUT:-target/fuzz-long}" && cd "${FUZZ_OUT:-target/fuzz-long}" && pwd)
MODULES=${FUZZ_MODULES:-replicatoor-core replicatoor-attest replicatoor-server}

# 1. Compile each module with its tests and record its test class path (reactor siblings resolve
#    to their target/classes directories).
for m in $MODULES; do
  ./mvnw -B -q -pl "$m" -am test-compile dependency:build-classpath -Dformat.skip \
    -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath-$m.txt" ${FUZZ_MAVEN_ARGS:-}
done

# 2. The targets: "module class method" for every @FuzzTest (one per class).
targets=()
for m in $MODULES; do
  while IFS= read -r f; do
    cls=$(sed -n 's/^package \(.*\);/\1/p' "$f").$(basename "$f" .java)
    meth=$(awk '/@FuzzTest/ {hit=1; next} hit && /void / {sub(/.*void /, ""); sub(/\(.*/, ""); print; exit}' "$f")
    name=$(basename "$f" .java)
    if [ $# -gt 0 ]; then
      keep=0
      for w in "$@"; do case "$name" in *"$w"*) keep=1 ;; esac; done
      [ $keep = 1 ] || continue
    fi
    targets+=("$m $cls $meth")
  done < <(grep -rl '@FuzzTest' "$m/src/test/java" | sort)
done
echo "fuzzing ${#targets[@]} targets, ${SECONDS_EACH}s each, $PARALLEL at a time -> $OUT"

run_one() {
  local m=$1 cls=$2 meth=$3
  local name=${cls##*.}
  local res
  res="$PWD/$m/src/test/resources/$(echo "${cls%.*}" | tr . /)/${name}Inputs"
  mkdir -p "$OUT/$name" "$OUT/corpus/$name"
  local seeds=()
  [ -d "$res" ] && seeds+=("$res")
  [ -d "$res/$meth" ] && seeds+=("$res/$meth")
  local started rc=0
  started=$(date +%s)
  (cd "$m" && java -Xmx1g -XX:+EnableDynamicAgentLoading --enable-native-access=ALL-UNNAMED \
    -cp "target/test-classes:target/classes:$(cat "$OUT/classpath-$m.txt")" \
    com.code_intelligence.jazzer.Jazzer --target_class="$cls" --target_method="$meth" \
    --instrumentation_includes='io.replicatoor.**' --custom_hook_includes='io.replicatoor.**' \
    -max_total_time="$SECONDS_EACH" -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$OUT/$name/" "$OUT/corpus/$name" "${seeds[@]}") \
    > "$OUT/$name.log" 2>&1 || rc=$?
  local runs secs rate findings
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$name.log" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$OUT/$name.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$OUT/$name.log" | tail -1)
  findings=$(find "$OUT/$name" -type f | wc -l)
  printf '%-26s runs=%-10s seconds=%-5s exec/s=%-8s findings=%s exit=%s wall=%ss\n' \
    "$name" "${runs:-?}" "${secs:-?}" "${rate:-?}" "$findings" "$rc" "$(( $(date +%s) - started ))" \
    | tee -a "$OUT/summary.txt"
}
export -f run_one
export OUT SECONDS_EACH
: > "$OUT/summary.txt"
printf '%s\n' "${targets[@]}" | xargs -P "$PARALLEL" -L 1 bash -c 'run_one "$0" "$1" "$2"'
if grep -q -v 'findings=0 exit=0 ' "$OUT/summary.txt"; then
  echo "FINDINGS: see $OUT" >&2
  exit 1
fi
echo "0 findings in ${#targets[@]} targets"
