#!/bin/sh
# Sends one Standard Webhooks delivery to a Bulwark source, with curl and openssl.
#
#   export WEBHOOK_SOURCES_DEMO_SECRET='whsec_...'     # the source's secret, as the server has it
#   sh send-webhook.sh demo                            # a sample account.created for acc_demo
#   sh send-webhook.sh demo event.json [id]            # a file, byte for byte, under id (default: a fresh one)
#
# BULWARK_URL sets the server (default http://localhost:9080). Exits 0 on a 2xx answer, 1 on another, 2 without a secret.
set -eu

source=${1:-demo}
url="${BULWARK_URL:-http://localhost:9080}"
url="${url%/}/api/webhooks/$source"
# The server reads webhook.sources.<name>.secret, which MicroProfile Config maps to this variable.
variable="WEBHOOK_SOURCES_$(printf '%s' "$source" | tr 'a-z' 'A-Z' | tr -c 'A-Z0-9' '_')_SECRET"
secret=$(printenv "$variable" || true)
secret=${secret%%[[:space:]]*}
if [ -z "$secret" ]; then
    echo "set $variable to the source's whsec_ secret" >&2
    exit 2
fi

body=$(mktemp)
answer=$(mktemp)
trap 'rm -f "$body" "$answer"' EXIT
id=${3:-evt_$(openssl rand -hex 16)}
if [ $# -ge 2 ]; then
    cp "$2" "$body"   # sent with --data-binary: exactly these bytes, which the signature covers
else
    printf '{"id":"%s","type":"account.created","occurredAt":"%s","data":{"account":{"id":"acc_demo","name":"Demo account","status":"active","currency":"EUR","balance":"0.00"}}}' \
        "$id" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$body"
fi

# Standard Webhooks: HMAC-SHA256 over "id.timestamp.body", keyed with the bytes the whsec_ secret encodes.
timestamp=$(date +%s)
key=$(printf '%s' "${secret#whsec_}" | openssl base64 -d -A | od -An -v -tx1 | tr -d ' \n')
signature=$({ printf '%s.%s.' "$id" "$timestamp"; cat "$body"; } \
    | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | openssl base64 -A)

status=$(curl -sS -o "$answer" -w '%{http_code}' -X POST "$url" \
    -H 'Content-Type: application/json' \
    -H "webhook-id: $id" \
    -H "webhook-timestamp: $timestamp" \
    -H "webhook-signature: v1,$signature" \
    --data-binary @"$body")
echo "HTTP $status"
cat "$answer"; echo
case $status in 2??) exit 0 ;; *) exit 1 ;; esac
