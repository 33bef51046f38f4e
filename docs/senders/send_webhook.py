#!/usr/bin/env python3
"""Sends one Standard Webhooks delivery to a Bulwark source, with Python 3's standard library only.

    export WEBHOOK_SOURCES_DEMO_SECRET='whsec_...'      # the source's secret, as the server has it
    python3 send_webhook.py demo                         # a sample account.created for acc_demo
    python3 send_webhook.py demo event.json [id]         # a file, byte for byte

BULWARK_URL sets the server (default http://localhost:9080). Exits 0 on a 2xx answer, 1 on another, 2 without a secret.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

source = sys.argv[1] if len(sys.argv) > 1 else "demo"
url = os.environ.get("BULWARK_URL", "http://localhost:9080").rstrip("/") + "/api/webhooks/" + source
# The server reads webhook.sources.<name>.secret, which MicroProfile Config maps to this variable.
variable = "WEBHOOK_SOURCES_" + re.sub(r"[^A-Z0-9]", "_", source.upper()) + "_SECRET"
secret = os.environ.get(variable, "").split()
if not secret:
    print(f"set {variable} to the source's whsec_ secret", file=sys.stderr)
    sys.exit(2)

if len(sys.argv) > 2:
    with open(sys.argv[2], "rb") as file:
        body = file.read()  # never re-serialised: the signature covers exactly these bytes
    parsed = json.loads(body)
    body_id = parsed.get("id") if isinstance(parsed, dict) else None
    delivery_id = sys.argv[3] if len(sys.argv) > 3 else body_id or "evt_" + uuid.uuid4().hex
else:
    delivery_id = "evt_" + uuid.uuid4().hex
    body = json.dumps({
        "id": delivery_id,
        "type": "account.created",
        "occurredAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "data": {"account": {"id": "acc_demo", "name": "Demo account", "status": "active", "currency": "EUR",
                             "balance": "0.00"}},
    }).encode()

# Standard Webhooks: HMAC-SHA256 over "id.timestamp.body", keyed with the bytes the whsec_ secret encodes.
timestamp = str(int(time.time()))
key = base64.b64decode(secret[0].removeprefix("whsec_"))
mac = hmac.new(key, f"{delivery_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
request = urllib.request.Request(url, data=body, method="POST", headers={
    "Content-Type": "application/json",
    "webhook-id": delivery_id,
    "webhook-timestamp": timestamp,
    "webhook-signature": "v1," + base64.b64encode(mac).decode(),
})
try:
    with urllib.request.urlopen(request, timeout=30) as response:
        status, answer = response.status, response.read()
except urllib.error.HTTPError as refusal:
    status, answer = refusal.code, refusal.read()
print("HTTP", status)
print(answer.decode("utf-8", "replace"))
sys.exit(0 if 200 <= status < 300 else 1)
