#!/bin/sh
# Renders the router's nginx configuration: copies the files of SRC (the ConfigMap) into OUT and
# writes OUT/backends.conf from backends.conf.in. Run by the router container before nginx, and by
# deploy/k8s/check.sh for nginx -t.
#   POD_NAMESPACE   required (the downward API in the Deployment)
#   CLUSTER_DOMAIN  default cluster.local
#   RESOLVER        default the first nameserver of /etc/resolv.conf (the cluster DNS)
# Usage: render.sh SRC OUT
set -eu

src=$1
out=$2
namespace=${POD_NAMESPACE:?POD_NAMESPACE is not set}
domain=${CLUSTER_DOMAIN:-cluster.local}
resolver=${RESOLVER:-$(awk '$1 == "nameserver" { print $2; exit }' /etc/resolv.conf)}
if [ -z "$resolver" ]; then
    echo "render.sh: no nameserver in /etc/resolv.conf; set RESOLVER" >&2
    exit 1
fi
case $resolver in
    *:*) resolver="[$resolver]" ;; # IPv6
esac
# Only DNS-label characters reach the file (they go into sed and into host names).
for value in "$namespace" "$domain"; do
    case $value in
        *[!a-z0-9.-]* | "") echo "render.sh: not a DNS name: '$value'" >&2; exit 1 ;;
    esac
done

mkdir -p "$out"
cp "$src"/*.conf "$src"/*.map "$out"/
sed -e "s/@RESOLVER@/$resolver/g" -e "s/@NAMESPACE@/$namespace/g" -e "s/@CLUSTER_DOMAIN@/$domain/g" \
    "$src/backends.conf.in" >"$out/backends.conf"
