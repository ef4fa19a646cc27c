# syntax=docker/dockerfile:1
# spm-kafka in a small image: the binary and topics.yaml, run as a non-root user.
#
#   docker build -t spm-kafka .
#   docker run --rm --network host spm-kafka verify          # against localhost:9092
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=kafka:29092 --network spm-kafka_default spm-kafka setup
#
# docker-compose.yml builds it for the kafka-setup service.

# ---- build: librdkafka is compiled from source by rdkafka-sys (./configure + make), with
# TLS (system OpenSSL), zstd (vendored) and zlib (system).
FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config libssl-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The registry and target caches survive between builds, so a source change rebuilds only
# spm-kafka, not librdkafka and the other dependencies.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin spm-kafka \
 && cp target/release/spm-kafka /usr/local/bin/spm-kafka

# ---- runtime: only the shared libraries the binary links (ldd: libssl3, libcrypto, libz, libc).
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3 zlib1g \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 spm \
 && useradd --system --uid 10001 --gid spm --home-dir /app --no-create-home --shell /usr/sbin/nologin spm
COPY --from=build /usr/local/bin/spm-kafka /usr/local/bin/spm-kafka
WORKDIR /app
COPY --chown=root:root topics.yaml /app/topics.yaml
USER 10001:10001
ENTRYPOINT ["spm-kafka"]
CMD ["--help"]
