#!/usr/bin/env bash
# Runs the Botgrid benchmarks (W0, W1, W2, W3 and the raw Ignite baseline; see docs/benchmarks.md) in one command.
# Builds first if the bench jar is missing or older than the sources (mvn -q -DskipTests verify -pl bench -am from the
# repo root: a reactor build that installs nothing into the local Maven repository; set BOTGRID_BENCH_SKIP_BUILD=1 to
# never build). Arguments go to the driver, e.g.
#   bench/run.sh --warmup 2s --measure 3s --transport messaging --workloads w0,w1
# Figures are printed on stdout, one per line (name: value unit); progress and logs on stderr.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/botgrid-bench-0.1.0-SNAPSHOT.jar"

stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src "$root/proto/botgrid" "$root/config" \
      -newer "$jar" -type f -print -quit 2>/dev/null)" ]
}
if [ "${BOTGRID_BENCH_SKIP_BUILD:-0}" != 1 ] && stale; then
  echo "[bench] building: mvn -q -DskipTests verify -pl bench -am" >&2
  (cd "$root" && mvn -q -DskipTests verify -pl bench -am)
fi
if [ ! -f "$jar" ]; then
  echo "bench: $jar is missing; build with: mvn -DskipTests verify -pl bench -am" >&2
  exit 1
fi

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
extra=()
version=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
if [ "${version%%.*}" -ge 24 ] 2>/dev/null; then
  extra+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
# Node 1 runs in this JVM, with the driver (for W3 this JVM is only the gRPC client); BOTGRID_BENCH_JAVA_OPTS adds
# JVM flags (default heap: 2 GiB). `bench/run.sh slack [options]` runs the Slack endpoint benchmark instead,
# `w4` idle activations per node (density), `w5` the faults, `zones` the loss of a zone, `regions` replication between regions and SDK region failover;
# `bench/run.sh jmh [JMH options]` the JMH micro-benchmarks, `sizes` a session's stored sizes.
main=io.botgrid.bench.WorkloadDriver
if [ "${1:-}" = slack ]; then
  main=io.botgrid.bench.SlackEndpointBench
  shift
elif [ "${1:-}" = w6 ]; then
  main=io.botgrid.bench.AutoscaleBench
  shift
elif [ "${1:-}" = w4 ]; then
  main=io.botgrid.bench.DensityBench
  shift
elif [ "${1:-}" = w5 ]; then
  main=io.botgrid.bench.FaultBench
  shift
elif [ "${1:-}" = jmh ]; then
  # JMH micro-benchmarks of hot paths, e.g. `bench/run.sh jmh JournalWriteBench` (JMH options follow).
  main=org.openjdk.jmh.Main
  shift
elif [ "${1:-}" = zones ]; then
  main=io.botgrid.bench.ZoneLossBench
  shift
elif [ "${1:-}" = regions ]; then
  main=io.botgrid.bench.RegionBench
  shift
elif [ "${1:-}" = sizes ]; then
  # Stored sizes of a long Slack conversation's session snapshot and of one message's journal records (no node).
  main=io.botgrid.bench.SessionRecordSizes
  shift
fi
exec "$java_bin" "@$root/config/jvm.args" "${extra[@]}" -Xms2g -Xmx2g ${BOTGRID_BENCH_JAVA_OPTS:-} \
  -cp "$jar:$root/bench/target/lib/*" "$main" "$@"
