# setsafe's container image: the static setsafe and setsafe-verify binaries
# on distroless, run as a user without privileges, with the database and
# the signing key in the volume /data.
#
#   docker build -t setsafe .
#   docker run -d --name setsafe -p 8080:8080 -v setsafe-data:/data \
#     -e SETSAFE_PUBLIC_URL=https://setsafe.example.com setsafe
#
# A release build names its version and commit, which `setsafe version`
# and /healthz report:
#
#   docker build --build-arg VERSION=1.2.0 --build-arg COMMIT="$(git rev-parse HEAD)" -t setsafe:1.2.0 .
#
# docs/install.md describes running it, with SQLite or with PostgreSQL
# (deploy/compose.yaml).

FROM golang:1.26-bookworm AS build
WORKDIR /src
# The modules first, so that a change to the source reuses their layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=
ARG COMMIT=
# Static (no C library needed), without the paths of this machine, and
# with the version and commit the release names.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
        -ldflags "-s -w -X github.com/setsafe/setsafe/buildinfo.version=${VERSION} -X github.com/setsafe/setsafe/buildinfo.commit=${COMMIT}" \
        -o /out/ ./cmd/setsafe ./cmd/setsafe-verify \
    && mkdir -m 0700 /out/data

# Distroless static rather than scratch: it has what setsafe reads from the
# system and scratch lacks (CA certificates, for the mail server and the
# witnesses over TLS; the time zone database, for each production's days;
# a passwd entry for the user nonroot, 65532), and nothing else: no shell,
# no package manager.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/setsafe /out/setsafe-verify /usr/local/bin/
# A new named volume takes this directory's owner and mode, so the
# server, which is not root, can write to it.
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
# Every command run in the container (serve, and user, backup, verify...
# through docker exec) finds the database and the key here. The server
# creates both at its first start on an empty volume.
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    SETSAFE_DB=sqlite:/data/setsafe.db \
    SETSAFE_KEY=/data/signing.key \
    SETSAFE_ADDR=0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
# Asks /healthz on 127.0.0.1 at SETSAFE_ADDR's port.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/setsafe", "healthcheck", "--timeout", "5s"]
ENTRYPOINT ["/usr/local/bin/setsafe"]
CMD ["serve"]
