#!/usr/bin/env bash
# Pins a release of @wppconnect/wa-js: downloads the npm package, checks it against the registry's
# integrity, and copies its bundle (dist/wppconnect-wa.js, unmodified) with its licences beside
# this script, recording version, integrity and the bundle's sha256 in wa-js.json.
#   bash src/WaGrpc.Browser/WaJs/update.sh 4.6.0
#   bash src/WaGrpc.Browser/WaJs/update.sh --verify     # the pinned files match the npm release
# Exit codes: 0 done, 1 a mismatch, 3 the npm registry could not be reached.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="@wppconnect/wa-js"

verify=0
if [ "${1:-}" = "--verify" ]; then
  verify=1
  version="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$here/wa-js.json")"
else
  version="${1:?usage: update.sh <version> | --verify}"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
integrity="$(npm view "$package@$version" dist.integrity)" || exit 3
(cd "$work" && npm pack --silent "$package@$version" >/dev/null) || exit 3
tarball="$(ls "$work"/*.tgz)"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "error: $package@$version does not match the registry's integrity ($actual != $integrity)" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
sha256="$(sha256sum "$work/package/dist/wppconnect-wa.js" | cut -d' ' -f1)"

if [ "$verify" -eq 1 ]; then
  for f in wppconnect-wa.js wppconnect-wa.js.LICENSE.txt; do
    cmp -s "$work/package/dist/$f" "$here/$f" || { echo "error: $f differs from $package@$version" >&2; exit 1; }
  done
  cmp -s "$work/package/LICENSE" "$here/LICENSE" || { echo "error: LICENSE differs from $package@$version" >&2; exit 1; }
  grep -q "\"sha256\": \"$sha256\"" "$here/wa-js.json" || { echo "error: wa-js.json does not record sha256 $sha256" >&2; exit 1; }
  echo "wa-js $version: the pinned bundle is byte-identical to the npm release (sha256 $sha256)"
  exit 0
fi

cp "$work/package/dist/wppconnect-wa.js" "$work/package/dist/wppconnect-wa.js.LICENSE.txt" "$work/package/LICENSE" "$here/"
cat >"$here/wa-js.json" <<JSON
{
  "package": "$package",
  "version": "$version",
  "integrity": "$integrity",
  "file": "dist/wppconnect-wa.js",
  "sha256": "$sha256"
}
JSON
echo "pinned $package@$version (bundle sha256 $sha256)"
