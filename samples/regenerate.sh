#!/usr/bin/env bash
# Regenerates every sample certs directory with openssl, the way the CockroachDB docs' openssl
# procedure makes certificates, each with one deliberate mistake (see README.md).
# Usage: samples/regenerate.sh   (needs openssl 1.1.1 or 3.x)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

conf="$work/openssl.cnf"
export CA_DIR="$work" SANS="DNS:localhost"   # the config reads both; issue() sets them per certificate
cat > "$conf" <<'CNF'
[ ca ]
default_ca = sample_ca
[ sample_ca ]
database = $ENV::CA_DIR/index.txt
new_certs_dir = $ENV::CA_DIR
serial = $ENV::CA_DIR/serial
default_md = sha256
policy = anything
email_in_dn = no
copy_extensions = none
unique_subject = no
[ anything ]
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
O = Cockroach
CN = Cockroach CA
[ v3_ca ]
basicConstraints = critical,CA:TRUE,pathlen:1
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[ node ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = $ENV::SANS
[ client ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
CNF

# make_ca NAME: a CA (key kept in $work/NAME, certificate printed to $work/NAME/ca.crt)
make_ca() {
  local dir="$work/$1"
  mkdir -p "$dir"; : > "$dir/index.txt"; openssl rand -hex 16 > "$dir/serial"
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$dir/ca.key" -out "$dir/ca.crt" \
    -config "$conf" -extensions v3_ca -days 3660 -subj "/O=Cockroach/CN=${2:-Cockroach CA}" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
}

# issue CA_NAME OUT_STEM CN EXTENSIONS [SANS] [STARTDATE ENDDATE]: writes OUT_STEM.crt and OUT_STEM.key (0600)
issue() {
  local ca="$work/$1" out="$2" cn="$3" ext="$4" sans="${5:-DNS:localhost}" start="${6:-}" end="${7:-}"
  openssl req -new -newkey rsa:2048 -nodes -config "$conf" -keyout "$out.key" -out "$work/req.csr" -subj "/O=Cockroach/CN=$cn" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local dates=(-days 1830)
  [ -n "$start" ] && dates=(-startdate "$start" -enddate "$end")
  CA_DIR="$ca" SANS="$sans" openssl ca -batch -notext -config "$conf" -extensions "$ext" -cert "$ca/ca.crt" -keyfile "$ca/ca.key" \
    -in "$work/req.csr" -out "$out.crt" "${dates[@]}" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  chmod 600 "$out.key"
}

fresh() { rm -rf "$here/$1/certs"; mkdir -p "$here/$1/certs"; chmod 700 "$here/$1/certs"; echo "$here/$1/certs"; }

NODE_SANS="DNS:localhost,DNS:node1.example.com,IP:127.0.0.1"
make_ca main
make_ca other   # a second CA with the very same name: what re-running create-ca without --ca-key produces
make_ca client "Cockroach Client CA"

d=$(fresh healthy-node)
cp "$work/main/ca.crt" "$d/ca.crt"
issue main "$d/node" node node "$NODE_SANS"
issue main "$d/client.root" root client

d=$(fresh expired-node)
cp "$work/main/ca.crt" "$d/ca.crt"
issue main "$d/node" node node "$NODE_SANS" 20240101000000Z 20250101000000Z
issue main "$d/client.root" root client

d=$(fresh unknown-authority)
cp "$work/main/ca.crt" "$d/ca.crt"
issue other "$d/node" node node "$NODE_SANS"
issue main "$d/client.root" root client

d=$(fresh missing-san-host)
cp "$work/main/ca.crt" "$d/ca.crt"
issue main "$d/node" node node "DNS:localhost,IP:127.0.0.1"
issue main "$d/client.root" root client

d=$(fresh wrong-client-cn)
cp "$work/main/ca.crt" "$d/ca.crt"
issue main "$d/node" node node "$NODE_SANS"
issue main "$d/client.maxroach" root client

d=$(fresh group-readable-key)
cp "$work/main/ca.crt" "$d/ca.crt"
issue main "$d/node" node node "$NODE_SANS"
issue main "$d/client.root" root client

d=$(fresh split-ca-mismatch)
cp "$work/main/ca.crt" "$d/ca.crt"
cp "$work/client/ca.crt" "$d/ca-client.crt"
issue main "$d/node" node node "$NODE_SANS"
issue client "$d/client.node" node client
issue main "$d/client.root" root client

d=$(fresh broken-node)
cp "$work/main/ca.crt" "$d/ca.crt"
cp "$work/main/ca.key" "$d/ca.key"
issue main "$d/node" node node "DNS:localhost,IP:127.0.0.1"
issue main "$d/client.root" root client "DNS:localhost" 20240101000000Z 20250101000000Z
cp "$d/node.crt" "$d/server.crt"

# Kubernetes: the Secrets the Helm chart's self-signer writes for release my-release (fullname my-release-cockroachdb) in
# namespace crdb, printed as kubectl get secret -o yaml prints them (see kubernetes/README.md)
K8S_NAME=my-release-cockroachdb K8S_NS=crdb
k8s_sans() { # the node SANs of the self-signer (pkg/generator GenerateNodeCert), without those named in $1
  local all="DNS:localhost,IP:127.0.0.1,DNS:$K8S_NAME-public,DNS:$K8S_NAME-public.$K8S_NS,DNS:$K8S_NAME-public.$K8S_NS.svc.cluster.local"
  all="$all,DNS:*.$K8S_NAME,DNS:*.$K8S_NAME.$K8S_NS,DNS:*.$K8S_NAME.$K8S_NS.svc.cluster.local"
  echo "$all" | tr ',' '\n' | grep -vxF "${1:-none}" | paste -sd, -
}
# k8s_secret NAME CA_CRT STEM: a kubernetes.io/tls Secret (ca.crt, tls.crt, tls.key) as a List item
k8s_secret() {
  cat <<YAML
- apiVersion: v1
  data:
    ca.crt: $(base64 -w0 < "$2")
    tls.crt: $(base64 -w0 < "$3.crt")
    tls.key: $(base64 -w0 < "$3.key")
  kind: Secret
  metadata:
    name: $1
    namespace: $K8S_NS
  type: kubernetes.io/tls
YAML
}
k8s_list() { echo "apiVersion: v1"; echo "items:"; cat; echo "kind: List"; echo "metadata:"; echo "  resourceVersion: \"\""; }
mkdir -p "$here/kubernetes/healthy" "$here/kubernetes/broken"
issue main "$work/k8s-node" node node "$(k8s_sans)"
issue main "$work/k8s-root" root client
{ k8s_secret "$K8S_NAME-node-secret" "$work/main/ca.crt" "$work/k8s-node"; k8s_secret "$K8S_NAME-client-secret" "$work/main/ca.crt" "$work/k8s-root"; } \
  | k8s_list > "$here/kubernetes/healthy/secrets.yaml"
# broken: the node certificate lacks the pods' fully qualified names; the client Secret comes from a re-install's new CA
issue main "$work/k8s-node-bad" node node "$(k8s_sans "DNS:*.$K8S_NAME.$K8S_NS.svc.cluster.local")"
issue other "$work/k8s-root-other" root client
{ k8s_secret "$K8S_NAME-node-secret" "$work/main/ca.crt" "$work/k8s-node-bad"; k8s_secret "$K8S_NAME-client-secret" "$work/other/ca.crt" "$work/k8s-root-other"; } \
  | k8s_list > "$here/kubernetes/broken/secrets.yaml"

"$here/set-permissions.sh"
echo "samples regenerated in $here"
