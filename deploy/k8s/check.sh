#!/usr/bin/env bash
# Offline checks of the Kubernetes deployment (no cluster needed), run by .ci/run:
#   1. kubectl kustomize renders the base (deploy/k8s) and the example overlay (deploy/k8s-overlays/example);
#   2. validate/validate.mjs checks the rendered objects: Kubernetes schema, unknown fields, references;
#   3. nginx -t on the router's configuration as each rendering's ConfigMap holds it, rendered by the
#      router's own render.sh.
# Needs node and npm (validate/'s pinned packages, installed with npm ci) and nginx (Debian's
# "nginx"). Without kubectl it warns and checks only the router's source files with nginx -t.
# The routing rules themselves are tested in real nginx by tests/WaGrpc.Server.Tests/Deploy.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
K8S=deploy/k8s
OVERLAYS=(deploy/k8s-overlays/example)
WORK="$(mktemp -d -t wagrpc-k8s-check.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

NGINX="$(command -v nginx || true)"
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; } || true
if [ -z "$NGINX" ]; then
  echo "error: nginx not found: install Debian's nginx (apt-get install -y nginx; .ci/run does)" >&2
  exit 1
fi

# nginx -t on the router files in $1 (for $2), rendered as the router container renders them.
nginx_test() {
  local files="$1" prefix
  prefix="$(mktemp -d -p "$WORK" nginx.XXXXXX)"
  POD_NAMESPACE=wagrpc RESOLVER=10.96.0.10 sh "$files/render.sh" "$files" "$prefix"
  "$NGINX" -q -t -p "$prefix/" -c "$prefix/nginx.conf" -e stderr
  echo "nginx -t: the router of $2: ok"
}

if ! command -v kubectl >/dev/null; then
  echo "warning: kubectl not found: the manifests are not rendered nor validated; only nginx -t on $K8S/router"
  nginx_test "$K8S/router" "$K8S/router"
  exit 0
fi

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (the manifest validation needs Node.js and npm)" >&2; exit 1; }
done
# validate/'s packages exactly as its package-lock.json pins them (again only when the lock changed).
if ! cmp -s "$K8S/validate/package-lock.json" "$K8S/validate/node_modules/.package-lock.json.installed" 2>/dev/null; then
  echo "==> npm ci --prefix $K8S/validate"
  timeout 300 npm ci --prefix "$K8S/validate" --no-audit --no-fund --loglevel=error </dev/null
  cp "$K8S/validate/package-lock.json" "$K8S/validate/node_modules/.package-lock.json.installed"
fi

i=0
for dir in "$K8S" "${OVERLAYS[@]}"; do
  i=$((i + 1))
  rendered="$WORK/rendered-$i.yaml"
  echo "==> kubectl kustomize $dir"
  kubectl kustomize "$dir" >"$rendered"
  node "$K8S/validate/validate.mjs" "$rendered"
  node "$K8S/validate/router-files.mjs" "$rendered" "$WORK/router-$i"
  nginx_test "$WORK/router-$i" "$dir"
done
echo "deploy/k8s: all checks passed"
