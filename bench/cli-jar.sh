# Sourced by bench scripts (after setting $root): makes JAVA_HOME a JDK 25 or newer (the same
# discovery as ./mvnw and ./replicatoor), sets $java to its java, and $jar to the CLI's fat jar,
# building it first when it is missing.
. "$root/.mvn/find-jdk.sh"
java="$JAVA_HOME/bin/java"
jar=$(ls "$root"/replicatoor-cli/target/replicatoor-cli-*-all.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  (cd "$root" && ./mvnw -B -q -DskipTests package >&2)
  jar=$(ls "$root"/replicatoor-cli/target/replicatoor-cli-*-all.jar | head -1)
fi
