#!/usr/bin/env bash
# Crash consistency of the sealed state: SIGKILLs a real writer JVM at random points while it stores
# successive versions through the production FileStateStore, restarts, and prints the outcome table
# (old / new / lost / mixed / half-read). Also traces one write with strace (syscall order).
#
# Then SIGKILLs a receiving instance (own JVM, sealing on) at random points of receiveKey and checks
# that a restart serves the registered state or holds none and joins again (replicatoor-devnet).
#
# usage: bench/crash-trials.sh [TRIALS [HANDOVER_TRIALS]]   (defaults 200 and 30; the -Pcrash
#        profiles of replicatoor-embed and replicatoor-devnet)
# env:   SEED (fix the random kill delays)  MAX_DELAY_MS (default 150)
# Not part of ./mvnw verify (which runs 10 trials). Needs JDK 25 and strace; see docs/reliability.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trials="${1:-200}"
handover="${2:-30}"
# The same JDK 25 discovery as ./mvnw and ./replicatoor.
. "$root/.mvn/find-jdk.sh"
export PATH="$JAVA_HOME/bin:$PATH"
command -v strace >/dev/null || { echo "crash-trials: strace is required (apt-get install strace)" >&2; exit 2; }
npm_flag=""
[ -d "$root/contracts/node_modules" ] && npm_flag="-DskipNpm"
extra=()
[ -n "${SEED:-}" ] && extra+=("-Dreplicatoor.crash.seed=$SEED")
[ -n "${MAX_DELAY_MS:-}" ] && extra+=("-Dreplicatoor.crash.maxDelayMs=$MAX_DELAY_MS")
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); file system of java.io.tmpdir: $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2}')"
cd "$root"
rm -f "$root/replicatoor-embed/target/crash-trials.md"
./mvnw -B -q -pl replicatoor-embed -am verify -Pcrash -Dcrash.trials="$trials" $npm_flag \
  -Dformat.skip -Dtest='SealedStateCrashTest,SyscallOrderTest' -Dsurefire.failIfNoSpecifiedTests=false \
  "${extra[@]}" | grep -E '^(Sealed state crash trials|\||trials:|FAILED|sealed-state write, traced)' || true
report="$root/replicatoor-embed/target/crash-trials.md"
[ -f "$report" ] || { echo "crash-trials: no report (the build failed)" >&2; exit 1; }
grep -q '^FAILED' "$report" && exit 1
[ "$handover" -gt 0 ] || exit 0
rm -f "$root/replicatoor-devnet/target/crash-handover.md"
./mvnw -B -q -pl replicatoor-devnet -am verify -Pcrash -Dcrash.handoverTrials="$handover" $npm_flag \
  -Dformat.skip -Dtest=ReceiveKeyCrashTest -Dsurefire.failIfNoSpecifiedTests=false \
  "${extra[@]}" | grep -E '^(Hand-over crash trials|\||trials:|FAILED)' || true
report="$root/replicatoor-devnet/target/crash-handover.md"
[ -f "$report" ] || { echo "crash-trials: no hand-over report (the build failed)" >&2; exit 1; }
grep -q '^FAILED' "$report" && exit 1
exit 0
