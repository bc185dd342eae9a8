// A bounded load test of the consent receiver on loopback: N distinct records from C concurrent clients, a share
// of them sent twice (as browsers retrying do), then a check that the database holds each record exactly once.
// Imported by delivery.test.mjs (the check) and run by `make bench` (`node receiver-load.mjs`, prints JSON).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './helpers.mjs';

/** The consent text's version exactly as core::consent::text_version computes it (64-bit FNV-1a, "v1-" + hex). */
export function textVersion(text) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `v1-${hash.toString(16).padStart(16, '0')}`;
}

/** A valid record, different for each `i`. */
export function sampleRecord(i) {
  const text = `Load Test Clinic will send you the messages you tick below on WhatsApp.\n[ ] Test results\nReply STOP to withdraw. (${i})`;
  return {
    consent_id: randomUUID(), phone: `+4479${String(11000000 + i).padStart(8, '0')}`, purposes: ['results'],
    business: 'Load Test Clinic', text, text_version: textVersion(text), locale: 'en', page: 'https://clinic.example/',
    given_at: new Date(Date.UTC(2026, 10, 20, 9, 0, 0) + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    method: 'widget-checkbox', withdrawn_at: null,
  };
}

/**
 * Sends `records` records (`duplicateShare` of them twice, the repeat shuffled in) from `clients` concurrent
 * clients to `endpoint`. Returns the statuses, requests per second and latency percentiles in milliseconds.
 */
export async function runLoad({ endpoint, origin, records = 2000, clients = 50, duplicateShare = 0.3 }) {
  const bodies = Array.from({ length: records }, (_, i) => sampleRecord(i));
  const sends = bodies.map((record) => record);
  // (i * 7) % 100 walks every residue once per hundred records, so exactly `duplicateShare` of them repeat.
  for (let i = 0; i < records; i++) if ((i * 7) % 100 < duplicateShare * 100) sends.push(bodies[i]);
  // A fixed shuffle, so runs are comparable.
  let seed = 42;
  for (let i = sends.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [sends[i], sends[j]] = [sends[j], sends[i]];
  }
  const duplicates = sends.length - records;
  const statuses = {};
  const latencies = [];
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < sends.length) {
      const record = sends[next++];
      const begin = performance.now();
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': record.consent_id, Origin: origin },
        body: JSON.stringify(record),
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - begin);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { records, duplicates, requests: sends.length, clients, statuses, seconds, rps: sends.length / seconds, p50: at(0.5), p99: at(0.99) };
}

/** Starts a receiver on a fresh database, runs the load, counts what was stored, stops. */
export async function loadTestFreshReceiver(options = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'chatgate-load-'));
  const token = 'load-test-token';
  // Every client of this load is 127.0.0.1: without `rateLimit: 0` all but 120 requests a minute would be 429.
  const server = await startServer({ db: join(folder, 'consents.db'), token, allowOrigins: ['https://clinic.example'], rateLimit: 0 });
  try {
    const result = await runLoad({ endpoint: `${server.widget}/consents`, origin: 'https://clinic.example', ...options });
    const stored = await server.consents();
    return { ...result, stored: stored.length, distinctStored: new Set(stored.map((r) => r.consent_id)).size };
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await loadTestFreshReceiver()));
}
