#!/usr/bin/env bash
# Restriction evaluation throughput (issue 3's micro-benchmark): a dozen-check recipient list with in-memory
# tables and cached DNS answers, evaluated in a loop; prints decisions/s per round.
# Build first: mvn -q -DskipTests package (from the repository root).
# Usage: benchmarks/restriction-bench.sh [rounds (5)] [seconds per round (2)]
set -euo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ ! -f "$dir/target/postern-bench.jar" ] || [ ! -d "$dir/target/lib" ]; then
    echo "restriction-bench: build first: mvn -q -DskipTests package" >&2
    exit 1
fi
exec java ${BENCH_JAVA_OPTS:--Xmx256m} -cp "$dir/target/postern-bench.jar:$dir/target/lib/*" \
    org.postern.bench.RestrictionEvaluationBenchmark "$@"
