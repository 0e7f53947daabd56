#!/usr/bin/env bash
# Disk full while sealing, on a real full file system: mounts a 256 KiB tmpfs, fills it, and has a
# writer JVM seal a new state through the production FileStateStore. Expected: the write fails with
# STATE_STORE_UNAVAILABLE ("No space left on device"), the old state is intact, no temporary file is
# left, and the same write succeeds once the filler is deleted (SealedStateDiskFullTest).
#
# usage: sudo bench/disk-full.sh        (root: it mounts and unmounts the tmpfs)
# ./mvnw verify runs the same test with a file-size limit (prlimit) instead of a full file system.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "disk-full: run as root (mounts a tmpfs)" >&2; exit 2; }
# The same JDK 25 discovery as ./mvnw and ./replicatoor.
. "$root/.mvn/find-jdk.sh"
export PATH="$JAVA_HOME/bin:$PATH"
mnt=$(mktemp -d /tmp/replicatoor-diskfull.XXXXXX)
mount -t tmpfs -o size=256k,mode=0700 tmpfs "$mnt"
trap 'umount "$mnt"; rmdir "$mnt"' EXIT
npm_flag=""
[ -d "$root/contracts/node_modules" ] && npm_flag="-DskipNpm"
cd "$root"
./mvnw -B -q -pl replicatoor-embed -am verify $npm_flag -Dformat.skip \
  -Dtest=SealedStateDiskFullTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dreplicatoor.diskfull.dir="$mnt"
grep -h "Tests run" "$root"/replicatoor-embed/target/surefire-reports/*SealedStateDiskFullTest.txt
