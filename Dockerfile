# syntax=docker/dockerfile:1

# WaGrpc gateway image.
#   docker build -t wagrpc .
#   docker run -p 5080:5080 -p 5081:5081 -v wagrpc-data:/data wagrpc
#   (or: docker compose -f deploy/compose.yaml up)
# REST (HTTP/1.1) on 5080, gRPC (h2c) on 5081, state in /data (owned by the user wagrpc, uid 10001).

# --- build ---------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# ReadyToRun: the assemblies carry native code for the target, so the start JITs less (about half
# a CPU second of the gateway's cold start, bench/changes.md); it needs the runtime identifier.
ARG TARGETARCH
# The cache mount keeps NuGet packages between builds (BuildKit).
RUN --mount=type=cache,id=wagrpc-nuget,target=/root/.nuget/packages \
    rid=linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64) \
    && dotnet publish src/WaGrpc.Server/WaGrpc.Server.csproj -c Release -o /app \
        -r "$rid" --self-contained false -p:PublishReadyToRun=true

# --- runtime -------------------------------------------------------------
# The .NET 10 images (mcr.microsoft.com/dotnet/aspnet:10.0) are Ubuntu 24.04,
# where "chromium" is only a snap stub that cannot run in a container, and
# Microsoft publishes no Debian images for .NET 10. So the runtime stage is
# Debian 12 (same as CI) with the ASP.NET Core runtime copied from the aspnet
# image, and Debian's chromium-headless-shell (what the headless session runs) and
# chromium (the full browser, for WaGrpc__Browser__HeadlessShell=false).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS aspnet

FROM debian:12-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates libicu72 libssl3 libstdc++6 tzdata \
        chromium-headless-shell chromium fonts-liberation curl \
    && rm -rf /var/lib/apt/lists/*
# The gateway (and the Chromium it starts) runs as an unprivileged user that owns /data.
RUN useradd --system --uid 10001 --create-home --home-dir /home/wagrpc --shell /usr/sbin/nologin wagrpc \
    && mkdir -p /data && chown wagrpc:wagrpc /data
COPY --from=aspnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet

WORKDIR /app
COPY --from=build /app .

ENV DOTNET_RUNNING_IN_CONTAINER=true \
    WaGrpc__DataDir=/data \
    Kestrel__Endpoints__Rest__Url=http://0.0.0.0:5080 \
    Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:5081
VOLUME /data
EXPOSE 5080 5081
USER wagrpc

# Healthy while the process answers and its store is open (GET /healthz, no token); whether the
# number is linked is the gRPC health service "wagrpc.whatsapp" (see the README).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:5080/healthz || exit 1

ENTRYPOINT ["dotnet", "WaGrpc.Server.dll"]
