#!/usr/bin/env bash
# Refreshes proto/ from the official OpenTelemetry protocol artifact on Maven Central
# (io.opentelemetry.proto:opentelemetry-proto, which ships the .proto sources).
# Usage: packages/otlp/scripts/update-proto.sh [version]
set -euo pipefail
version="${1:-1.11.0-alpha}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mvn -q dependency:copy -Dartifact="io.opentelemetry.proto:opentelemetry-proto:$version:jar" -DoutputDirectory="$tmp"
rm -rf "$here/proto/opentelemetry"
(cd "$here/proto" && unzip -q -o "$tmp"/opentelemetry-proto-*.jar 'opentelemetry/proto/*.proto' -x '*/profiles/*' '*/processcontext/*')
echo "$version" > "$here/proto/VERSION"
echo "updated packages/otlp/proto to opentelemetry-proto $version"
