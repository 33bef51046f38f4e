#!/usr/bin/env node
// Sends one Standard Webhooks delivery to a Bulwark source, with Node.js 18+ built-ins only (node:crypto, fetch).
//
//   export WEBHOOK_SOURCES_DEMO_SECRET='whsec_...'     # the source's secret, as the server has it
//   node send-webhook.mjs demo                         # a sample account.created for acc_demo
//   node send-webhook.mjs demo event.json [id]         # a file, byte for byte
//
// BULWARK_URL sets the server (default http://localhost:9080). Exits 0 on a 2xx answer, 1 on another, 2 without a secret.
import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";

const [source = "demo", file, idArgument] = process.argv.slice(2);
const url = `${(process.env.BULWARK_URL ?? "http://localhost:9080").replace(/\/$/, "")}/api/webhooks/${source}`;
// The server reads webhook.sources.<name>.secret, which MicroProfile Config maps to this variable.
const variable = `WEBHOOK_SOURCES_${source.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_SECRET`;
const secret = (process.env[variable] ?? "").trim().split(/\s+/)[0];
if (!secret) {
  console.error(`set ${variable} to the source's whsec_ secret`);
  process.exit(2);
}

let body;
let deliveryId;
if (file) {
  body = readFileSync(file); // a Buffer, never re-serialised: the signature covers exactly these bytes
  const parsed = JSON.parse(body.toString("utf8"));
  deliveryId = idArgument ?? (typeof parsed?.id === "string" ? parsed.id : `evt_${randomUUID().replaceAll("-", "")}`);
} else {
  deliveryId = `evt_${randomUUID().replaceAll("-", "")}`;
  body = Buffer.from(JSON.stringify({
    id: deliveryId,
    type: "account.created",
    occurredAt: new Date().toISOString(),
    data: { account: { id: "acc_demo", name: "Demo account", status: "active", currency: "EUR", balance: "0.00" } },
  }));
}

// Standard Webhooks: HMAC-SHA256 over "id.timestamp.body", keyed with the bytes the whsec_ secret encodes.
const timestamp = Math.floor(Date.now() / 1000).toString();
const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
const signature = createHmac("sha256", key).update(`${deliveryId}.${timestamp}.`).update(body).digest("base64");
const response = await fetch(url, {
  method: "POST",
  headers: {
    "Content-Type": "application/json",
    "webhook-id": deliveryId,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${signature}`,
  },
  body,
});
console.log(`HTTP ${response.status}`);
console.log(await response.text());
process.exit(response.ok ? 0 : 1);
