#!/usr/bin/env bash
# Generates the Python messages and gRPC stubs from the gateway's protos into ./generated
# (or the directory given as $1), with Debian's protoc and grpc_python_plugin:
#   apt-get install protobuf-compiler protobuf-compiler-grpc libprotobuf-dev python3-grpcio python3-protobuf
# WAGRPC_PROTOS points at another copy of the protos (default: ../../protos of this repository).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
protos="${WAGRPC_PROTOS:-$here/../../protos}"
out="${1:-$here/generated}"

for tool in protoc grpc_python_plugin; do
  command -v "$tool" >/dev/null || {
    echo "error: $tool not found; apt-get install protobuf-compiler protobuf-compiler-grpc" >&2
    exit 1
  }
done

mkdir -p "$out"
cd "$protos"
# google/api: the HTTP annotations the contracts import; google/protobuf comes with the runtime.
mapfile -t files < <(find wagrpc google/api -name '*.proto' | sort)
protoc -I . --python_out="$out" --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" "${files[@]}"
echo "generated ${#files[@]} files' stubs into $out"
