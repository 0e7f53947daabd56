# syntax=docker/dockerfile:1
#
# replicatoor image: runs `replicatoor serve` (the host API, docs/server.md) by default; any other
# CLI command runs with `docker run IMAGE <command>`. See docs/docker.md and docs/deploy.md.
#
# Both bases are pinned by the digest of their multi-arch image index. Provenance of the digests
# and the command that re-pins them are in docs/docker.md ("Pinned base images"):
#   docker buildx imagetools inspect eclipse-temurin:25-jdk --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect eclipse-temurin:25-jre --format '{{json .Manifest.Digest}}'

# ---- build: the repository's Maven wrapper on JDK 25 ------------------------------------------
FROM eclipse-temurin:25-jdk@sha256:97014c4b396021f9ddb7d592a7dbedb0c4e4215c29e03dc01c393558aefb71c2 AS build

# replicatoor-chain compiles its Solidity with solc-js at build time (npm ci + node); only this
# stage has Node.js and npm, the runtime stage has neither.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
# The Maven and npm caches live in BuildKit cache mounts, not in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=cache,target=/root/.npm \
    ./mvnw -B -DskipTests package \
    && mkdir -p /out \
    && cp replicatoor-cli/target/replicatoor-cli-*-all.jar /out/replicatoor.jar
# The jar is reproducible: project.build.outputTimestamp (parent pom) fixes every entry's time and
# the shade plugin writes entries in a fixed order, so the same sources give the same bytes.

# ---- runtime: JRE only, non-root ----------------------------------------------------------------
FROM eclipse-temurin:25-jre@sha256:fcd7fd7b387f94bb2ac461478a7436ad8e349924c374ea8313919624dceae636

# A fixed, unprivileged uid/gid so volume ownership is predictable on the host.
RUN groupadd --system --gid 10001 replicatoor \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/replicatoor \
        --no-create-home --shell /usr/sbin/nologin replicatoor \
    && mkdir -p /var/lib/replicatoor /run/replicatoor \
    && chown 10001:10001 /var/lib/replicatoor /run/replicatoor \
    && chmod 0700 /var/lib/replicatoor \
    && chmod 0755 /run/replicatoor
# /run/replicatoor: the guest socket directory a compose file shares with the app container
# (deploy/docker-compose.yml); a named volume mounted there starts with this owner and mode.

# Only the CLI fat jar leaves the build stage: no sources, no Maven, no Node.js.
COPY --from=build --chown=root:root --chmod=0444 /out/replicatoor.jar /app/replicatoor.jar

# State (high-water marks, collateral cache, sealed state when sealing is on) survives container
# replacement. It is the only path the process writes besides java.io.tmpdir (/tmp), so the
# container runs with a read-only root filesystem, this volume and a tmpfs on /tmp.
VOLUME ["/var/lib/replicatoor"]
WORKDIR /var/lib/replicatoor
USER 10001:10001

EXPOSE 4001

# The JRE image has no curl or wget, and a JVM per probe is heavy: bash's /dev/tcp sends one
# HTTP/1.0 request to /healthz and succeeds only on status 200 (503 once halted, docs/server.md).
# It honours REPLICATOOR_HTTP_PORT; DeploymentFilesTest runs this exact line against 200 and 503.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${REPLICATOOR_HTTP_PORT:-4001} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r -t 4 _ code _ <&3 && [ \"$code\" = 200 ]"]

# The same command line as ./replicatoor: `docker run IMAGE` serves, `docker run IMAGE measure ...`
# runs any other command. -XX:-UsePerfData: no hsperfdata file in /tmp; -XX:+ExitOnOutOfMemoryError:
# a broken JVM stops (and is restarted) instead of serving half-working.
ENTRYPOINT ["java", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/replicatoor.jar"]
CMD ["serve"]
