# syntax=docker/dockerfile:1
#
# replicatoor CLI image (first draft; the server arrives in a later issue). See docs/docker.md.
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

# ---- runtime: JRE only, non-root ----------------------------------------------------------------
FROM eclipse-temurin:25-jre@sha256:fcd7fd7b387f94bb2ac461478a7436ad8e349924c374ea8313919624dceae636

# A fixed, unprivileged uid/gid so volume ownership is predictable on the host.
RUN groupadd --system --gid 10001 replicatoor \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/replicatoor \
        --no-create-home --shell /usr/sbin/nologin replicatoor \
    && mkdir -p /var/lib/replicatoor \
    && chown 10001:10001 /var/lib/replicatoor \
    && chmod 0700 /var/lib/replicatoor

# Only the CLI fat jar leaves the build stage: no sources, no Maven, no Node.js.
COPY --from=build --chown=root:root --chmod=0444 /out/replicatoor.jar /app/replicatoor.jar

# State (sealed secret, collateral cache, high-water marks) survives container replacement.
VOLUME ["/var/lib/replicatoor"]
WORKDIR /var/lib/replicatoor
USER 10001:10001

ENTRYPOINT ["java", "-jar", "/app/replicatoor.jar"]
CMD ["--help"]
