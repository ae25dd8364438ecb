#!/usr/bin/env bash
# Prints the JVM options the Kubernetes Deployment gives the service (its JAVA_TOOL_OPTIONS), with -XX:MaxRAM set to
# the container's memory limit so that the heap share comes out as in the pod: the one source of those options for
# scripts/start-time.sh and scripts/memory-under-load.sh.
set -euo pipefail
yaml="$(dirname "$0")/../deploy/kubernetes/deployment.yaml"
options=$(awk '/name: JAVA_TOOL_OPTIONS/ { f = 1; next } f && /- name:/ { exit } f && !/value:/ { printf "%s ", $0 }' "$yaml" \
  | tr -s ' ' | sed 's/^ //; s/ $//')
limit=$(awk '/limits:/ { f = 1 } f && /memory:/ { print $2; exit }' "$yaml")
case "$limit" in
  *Mi) max_ram="${limit%Mi}m" ;;
  *Gi) max_ram="${limit%Gi}g" ;;
  *) echo "deployed-jvm-options: memory limit $limit is not in Mi or Gi" >&2; exit 2 ;;
esac
[ -n "$options" ] || { echo "deployed-jvm-options: no JAVA_TOOL_OPTIONS in $yaml" >&2; exit 2; }
echo "-XX:MaxRAM=$max_ram $options"
