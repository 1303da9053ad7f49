#!/usr/bin/env bash
# Probe benchmark (prints figures, no pass/fail): run as bench/probe.sh. Needs the JDK and Maven; builds what it needs.
#   fleet     `probe` of 200 loopback endpoints, 100 answering like a node (SSLRequest+TLS and direct TLS) and
#             100 silent, with the default timeout (5 s) and mode (auto): total wall time and its ratio to one timeout
#   single    one `probe` of a local TLS endpoint: wall time of the whole command (JVM start included) and the
#             probe's own time as it reports it, median of 7 runs
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out/probe
mkdir -p "$out"

./tls-doctor --version >/dev/null   # builds the jar (and its class-data-sharing archive) if needed
mvn -q -B -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null

rm -f "$out/hosts"
java -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" dev.tlsdoctor.bench.LoopbackFleet "$out" 100 100 > "$out/fleet.log" 2>&1 &
fleet=$!
trap 'kill "$fleet" 2>/dev/null || true' EXIT
for _ in $(seq 200); do grep -q ready "$out/fleet.log" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$out/fleet.log" || { echo "bench: the loopback fleet did not start:" >&2; cat "$out/fleet.log" >&2; exit 1; }

# Warm-up, not measured: the fleet's JVM stands in for 100 long-running nodes, whose TLS code is warm.
head -100 "$out/hosts" > "$out/answering"
./tls-doctor probe --hosts-file "$out/answering" --ca "$out/ca.crt" --mode tls >/dev/null 2>&1 || true

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

start=$(now_ms)
./tls-doctor probe --hosts-file "$out/hosts" --ca "$out/ca.crt" --format json > "$out/fleet.json" 2>/dev/null || true
end=$(now_ms)
wall=$((end - start))
ok=$(grep -c '"outcome" : "ok"' "$out/fleet.json" || true)
timeouts=$(grep -c '"outcome" : "timeout"' "$out/fleet.json" || true)

first=$(head -1 "$out/hosts")
walls=(); selfs=()
for _ in $(seq 7); do
  s=$(now_ms)
  ./tls-doctor probe "$first" --mode tls --ca "$out/ca.crt" --format json > "$out/single.json" 2>/dev/null || true
  e=$(now_ms)
  walls+=($((e - s)))
  selfs+=($(grep -o '"millis" : [0-9]*' "$out/single.json" | head -1 | grep -o '[0-9]*$'))
done

printf '%-58s %10s  %s\n' "benchmark (cores: $(nproc), $(java -version 2>&1 | head -1 | cut -d'"' -f2))" "figure" "notes"
printf '%-58s %7s ms  %s\n' "probe 200 endpoints (100 answering, 100 silent), auto mode" "$wall" "$ok probes ok, $timeouts timed out (400 probes: 2 modes each)"
printf '%-58s %10s  %s\n' "  ratio to one timeout (5 s)" "$(awk -v w="$wall" 'BEGIN {printf "%.2f", w / 5000}')" "1.00 would be perfect overlap; one probe after another, the 200 silent probes alone would take 200 timeouts"
printf '%-58s %7s ms  %s\n' "single probe, whole command (median of 7)" "$(printf '%s\n' "${walls[@]}" | median)" "JVM start, TLS handshake, TLS 1.0/1.1 check, report"
printf '%-58s %7s ms  %s\n' "single probe, as the probe reports it (median of 7)" "$(printf '%s\n' "${selfs[@]}" | median)" "connect + handshake + settle read, in a cold JVM"
