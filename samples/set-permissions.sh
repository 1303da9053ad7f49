#!/usr/bin/env bash
# Git keeps no permission bits, so a fresh clone has every sample key at the umask's 0644. This puts
# back the modes the samples are meant to have: keys 0600, except the one sample about a readable key.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for key in "$here"/*/certs/*.key; do
  chmod 600 "$key"
done
chmod 644 "$here/group-readable-key/certs/node.key" "$here/broken-node/certs/client.root.key"
