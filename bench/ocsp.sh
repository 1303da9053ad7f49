#!/usr/bin/env bash
# OCSP benchmark (prints figures, no pass/fail): `tls-doctor ocsp` of 1,000 certificates, each file a
# leaf plus its intermediate CA, against real openssl ocsp responders on 127.0.0.1 (one per CA).
# Every certificate is asked two ways (SHA-256 POST as CockroachDB, SHA-1 GET with nonce); the
# intermediate repeats in every file, and its answers are reused within their validity instead of
# being asked again. Figures: wall time, requests sent, answers reused, and what the responders saw.
#   bench/ocsp.sh [N]      (default N=1000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
out=bench/out/ocsp
rm -rf "$out"; mkdir -p "$out"

./tls-doctor --version >/dev/null   # builds the jar if needed
mvn -q -B -Dstyle.color=never test-compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.txt" >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$out/classpath.txt")" dev.tlsdoctor.bench.OcspBenchResponders "$out" "$n" \
  >"$out/responders.log" 2>&1 &
responders=$!
trap 'kill "$responders" 2>/dev/null || true' EXIT
for _ in $(seq 600); do [ -f "$out/ready" ] && break; kill -0 "$responders" 2>/dev/null || { cat "$out/responders.log"; exit 1; }; sleep 0.1; done
[ -f "$out/ready" ] || { echo "bench: responders did not start" >&2; exit 1; }

count_requests() { # the requests openssl answered so far (one request and response file each)
  find "$out"/responder-* -name 'resp*.der' | wc -l
}
before=$(count_requests)
start=$(date +%s%N)
/usr/bin/time -f '%M %U %S' -o "$out/time" ./tls-doctor ocsp --issuer "$out/root.crt" --format json "$out"/certs/*.crt >"$out/result.json" || true
end=$(date +%s%N)
after=$(count_requests)

field() { grep -o "\"$1\" : [0-9]*" "$out/result.json" | head -1 | grep -o '[0-9]*$'; }
checked=$(grep -c '"status" : "good"' "$out/result.json" || true)
status=$(grep -o '"status" : "[A-Z]*"' "$out/result.json" | head -1 | cut -d'"' -f4)
printf '%-52s %s\n' "bench/ocsp.sh (cores: $(nproc), $(java -version 2>&1 | head -1 | cut -d'"' -f2))" ""
printf '%-52s %s\n' "certificate files (leaf + intermediate each)" "$n"
printf '%-52s %s\n' "certificates checked with status good" "$checked"
printf '%-52s %s\n' "overall status" "$status"
printf '%-52s %s ms\n' "wall time, one cold tls-doctor ocsp run" "$(( (end - start) / 1000000 ))"
printf '%-52s %s\n' "HTTP requests sent by tls-doctor" "$(field requests_sent)"
printf '%-52s %s\n' "OCSP answers reused within validity" "$(field answers_reused)"
printf '%-52s %s\n' "requests the openssl responders answered" "$(( after - before ))"
read -r kb user sys < "$out/time"
printf '%-52s %s s\n' "CPU time of tls-doctor itself (user + sys)" "$(echo "$user + $sys" | bc)"
printf '%-52s %s MB\n' "peak RSS of tls-doctor" "$(( kb / 1024 ))"
echo "note: the responders start openssl ocsp once per request (a loopback-only front; openssl 3.0's -port listens on every"
echo "      interface), ~15 ms each on 2 cores shared with tls-doctor: that, not tls-doctor's CPU time, dominates the wall time."
