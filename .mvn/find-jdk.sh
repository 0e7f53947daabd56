# Sourced by ./mvnw and ./replicatoor (POSIX sh): makes JAVA_HOME a JDK 25 or newer.
#
# Keeps JAVA_HOME when it already is one; otherwise uses `java` on PATH when that is one; otherwise
# looks in the usual install folders (Debian/Ubuntu packages, macOS, SDKMAN!, IntelliJ downloads)
# and picks the newest. REPLICATOOR_JDK_DIRS (colon-separated folders holding JDKs) replaces that
# list. When there is none, it explains how to install one and stops.

replicatoor_jdk_min=25

# Prints the feature version (17, 25, ...) of the JDK in folder $1, or nothing.
replicatoor_jdk_version() {
  if [ -r "$1/release" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
  fi
}

replicatoor_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(replicatoor_jdk_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$replicatoor_jdk_min" ]; then
      return 0
    fi
  fi
  if command -v javac >/dev/null 2>&1; then
    home=$(cd "$(dirname "$(readlink -f "$(command -v javac)" 2>/dev/null || command -v javac)")/.." && pwd)
    v=$(replicatoor_jdk_version "$home")
    if [ -n "$v" ] && [ "$v" -ge "$replicatoor_jdk_min" ]; then
      JAVA_HOME=$home
      export JAVA_HOME
      return 0
    fi
  fi
  dirs=${REPLICATOOR_JDK_DIRS-/usr/lib/jvm:/usr/java:/opt/java:/Library/Java/JavaVirtualMachines:${HOME-}/.sdkman/candidates/java:${HOME-}/.jdks}
  best=
  best_v=0
  case $- in *f*) noglob=1 ;; *) noglob= ;; esac
  set +f # ./mvnw runs with globbing off
  old_ifs=$IFS
  IFS=:
  for d in $dirs; do
    IFS=$old_ifs
    for j in "$d"/*/Contents/Home "$d"/*; do
      v=$(replicatoor_jdk_version "$j")
      if [ -n "$v" ] && [ "$v" -ge "$replicatoor_jdk_min" ] && [ "$v" -gt "$best_v" ]; then
        best=$j
        best_v=$v
      fi
    done
  done
  IFS=$old_ifs
  if [ -n "$noglob" ]; then set -f; fi
  if [ -n "$best" ]; then
    JAVA_HOME=$best
    export JAVA_HOME
    return 0
  fi
  cat >&2 <<MSG
replicatoor builds and runs on JDK $replicatoor_jdk_min or newer, and none is installed where it looks
(JAVA_HOME, java on PATH, the usual JDK folders). Install one, for example:
  Debian/Ubuntu: add the Adoptium repository (https://adoptium.net/installation/linux/),
                 then: sudo apt-get install temurin-$replicatoor_jdk_min-jdk
  macOS:         brew install --cask temurin@$replicatoor_jdk_min
  SDKMAN!:       sdk install java $replicatoor_jdk_min-tem
or download it from https://adoptium.net and set JAVA_HOME to the folder you unpacked.
MSG
  return 1
}

replicatoor_find_jdk || exit 1
