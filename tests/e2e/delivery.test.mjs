// Consent delivery end to end: a customer's site embedding the built widget, the real `chatgate serve --db`
// receiver (SQLite), and headless Chromium — with the endpoint failing, the browser offline, a reload during
// delivery, two tabs, storage unavailable and the receiver restarted. After recovery every consent given is
// in the database exactly once. Failures are injected by a small proxy in front of the real receiver.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, screenshot, startHostSite, startServer, PHONE } from './helpers.mjs';
import { loadTestFreshReceiver } from './receiver-load.mjs';

const TOKEN = 'e2e-admin-token';
const OUTBOX = 'chatgate:outbox:v1:';
let folder;
let host;
let server;
let proxy;
let browser;

/**
 * A proxy in front of the receiver that can fail the next POSTs (`fail(...)`: a status with headers, or
 * 'drop' to cut the connection) or hold them until released; preflights always pass through.
 */
async function startProxy(target) {
  const state = { plan: [], held: [], posts: 0, hold: false };
  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const cors = { 'Access-Control-Allow-Origin': request.headers.origin ?? '*', 'Access-Control-Expose-Headers': 'Retry-After' };
    if (request.method === 'POST') {
      state.posts += 1;
      const failure = state.plan.shift();
      if (failure === 'drop') return request.socket.destroy();
      if (failure) {
        response.writeHead(failure.status, { ...cors, 'Content-Type': 'application/json', ...failure.headers });
        return response.end(JSON.stringify({ error: 'injected', reason: failure.reason ?? 'injected failure' }));
      }
      if (state.hold) {
        await new Promise((release) => state.held.push(release));
      }
    }
    try {
      const headers = { ...request.headers };
      delete headers.host;
      delete headers.connection;
      const answer = await fetch(`${target()}${request.url}`, { method: request.method, headers, body: request.method === 'POST' ? body : undefined });
      const out = {};
      answer.headers.forEach((value, key) => { out[key] = value; });
      response.writeHead(answer.status, out);
      response.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      response.writeHead(502, cors).end();
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    state,
    fail: (...failures) => state.plan.push(...failures),
    releaseAll: () => { state.hold = false; state.held.splice(0).forEach((release) => release()); },
    reset: () => { state.plan = []; state.posts = 0; state.hold = false; state.held.splice(0).forEach((release) => release()); },
    stop: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'chatgate-e2e-'));
  host = await startHostSite();
  server = await startServer({ db: join(folder, 'consents.db'), token: TOKEN, allowOrigins: [host.origin] });
  proxy = await startProxy(() => server.widget);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await proxy?.stop();
  await server?.stop();
  await host?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const PURPOSES = [
  { id: 'results', label: 'Test results', value: 'the day they are ready' },
  { id: 'offers', label: 'Offers' },
];

/** A page of the customer's site whose widget sends consents to `endpoint`. */
function sitePage(endpoint, { purposes = PURPOSES, business = 'Acme Clinic' } = {}) {
  const settings = { business, phone: '+44 7911 123456', region: 'GB', privacy_url: 'https://acme.example/privacy', purposes, chat: false, consent_endpoint: endpoint };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Delivery</title><link rel="icon" href="data:,"></head>
    <body><main><h1>Delivery test</h1></main><script>window.ChatgateSettings = ${JSON.stringify(settings)};
    window.events = []; for (const name of ['consent','withdraw','error'])
      window.addEventListener('chatgate:' + name, (e) => window.events.push([name, e.detail]));</script>
    <script async src="${server.widget}/loader.js"></script></body></html>`;
}

let pageCount = 0;
async function visit(page, endpoint, options) {
  const path = `/page-${++pageCount}.html`;
  host.put(path, sitePage(endpoint, options));
  await page.goto(`${host.origin}${path}`);
  return path;
}

/** Subscribes `phone` to the first purpose; returns the consent record from `chatgate:consent`. */
async function subscribe(page, phone, label = 'Chat with Acme Clinic') {
  await page.getByRole('button', { name: label }).click();
  await page.getByLabel('Your WhatsApp number').fill(phone);
  await page.getByLabel(/Test results/).check();
  const before = await page.evaluate(() => window.events.filter(([n]) => n === 'consent').length);
  await page.getByRole('button', { name: 'Get updates' }).click();
  await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
  return page.evaluate((n) => window.events.filter(([name]) => name === 'consent')[n][1], before);
}

/** Withdraws from the manage view (reopening the dialog, as a returning visitor does). */
async function withdraw(page, label = 'Chat with Acme Clinic') {
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('button', { name: 'Withdraw consent' }).click();
  await page.getByText('will no longer send you updates').waitFor();
}

async function waitFor(what, check, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 150));
  }
}

async function stored(consentId) {
  return (await server.consents()).filter((record) => record.consent_id === consentId);
}

async function outboxKeys(page) {
  return page.evaluate((prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), OUTBOX);
}

describe('consent delivery', () => {
  test('the endpoint failing the first requests (503, 429 with Retry-After, a cut connection): delivered once', async () => {
    proxy.reset();
    const { page, context } = await openPage(browser);
    await visit(page, `${proxy.origin}/consents`);
    proxy.fail({ status: 503 }, { status: 429, headers: { 'Retry-After': '1' } }, 'drop');
    const record = await subscribe(page, '07911 200001');
    const [row] = await waitFor('the record in the database', async () => (await stored(record.consent_id)).length && stored(record.consent_id));
    assert.equal(row.phone, '+447911200001');
    assert.equal(row.text, record.text);
    assert.equal(row.text_version, record.text_version);
    assert.equal(proxy.state.posts, 4, 'three failures, then the delivery');
    await waitFor('an empty outbox', async () => (await outboxKeys(page)).length === 0);
    const errors = await page.evaluate(() => window.events.filter(([n]) => n === 'error'));
    assert.deepEqual(errors, [], 'temporary failures are not errors');

    // Withdrawal is delivered too, and recorded, not deleted.
    await withdraw(page);
    await waitFor('withdrawn_at in the database', async () => (await stored(record.consent_id))[0]?.withdrawn_at);
    assert.equal((await stored(record.consent_id)).length, 1);
    await context.close();
  });

  test('the browser offline while the visitor submits, then back online', async () => {
    proxy.reset();
    const { page, context } = await openPage(browser, PHONE);
    await visit(page, `${proxy.origin}/consents`);
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
    await page.getByLabel('Your WhatsApp number').waitFor(); // the dialog bundle has loaded
    await context.setOffline(true);
    await page.getByLabel('Your WhatsApp number').fill('07911 200002');
    await page.getByLabel(/Test results/).check();
    await page.getByRole('button', { name: 'Get updates' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    await screenshot(page, 'delivery-offline-phone');
    const [, record] = await page.evaluate(() => window.events.find(([n]) => n === 'consent'));
    await page.waitForTimeout(1500);
    assert.equal((await outboxKeys(page)).length, 1, 'kept in the outbox while offline');
    assert.equal((await stored(record.consent_id)).length, 0);
    await context.setOffline(false);
    await waitFor('the record in the database', async () => (await stored(record.consent_id)).length === 1, 10_000);
    await waitFor('an empty outbox', async () => (await outboxKeys(page)).length === 0);
    await context.close();
  });

  test('a reload in the middle of delivery: sent again from the next page, stored once', async () => {
    proxy.reset();
    const { page, context } = await openPage(browser);
    const path = await visit(page, `${proxy.origin}/consents`);
    proxy.state.hold = true;
    const record = await subscribe(page, '07911 200003');
    await waitFor('the request to reach the endpoint', () => proxy.state.held.length === 1);
    await page.goto(`${host.origin}${path}`); // the request is still held: the page leaves before an answer
    proxy.state.hold = false;
    await waitFor('the record in the database', async () => (await stored(record.consent_id)).length === 1);
    proxy.releaseAll(); // the first request now reaches the receiver too
    await waitFor('an empty outbox', async () => (await outboxKeys(page)).length === 0);
    await page.waitForTimeout(300);
    assert.equal((await stored(record.consent_id)).length, 1, 'a repeat is not a second record');
    await context.close();
  });

  test('the courier comes with the first consent, and alone on a page where one waits (issue 15)', async () => {
    proxy.reset();
    const { page, context, record: log } = await openPage(browser);
    const files = () => log.requests.filter((url) => url.startsWith(server.widget)).map((url) => new URL(url).pathname.slice(1));
    const path = await visit(page, `${proxy.origin}/consents`);
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).hover();
    await page.waitForFunction(() => document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-panel-slot'));
    assert.ok(!files().some((file) => file.startsWith('deliver')), `no courier before a consent: ${files()}`);
    proxy.state.hold = true;
    const consent = await subscribe(page, '07911 200010');
    await waitFor('the request to reach the endpoint', () => proxy.state.held.length === 1);
    assert.ok(files().includes('deliver.js') && files().includes('deliver_bg.wasm'), files().join());
    // The next page sends it with the courier alone: the dialog bundle never starts there.
    await page.goto(`${host.origin}${path}`);
    proxy.state.hold = false;
    await waitFor('the record in the database', async () => (await stored(consent.consent_id)).length === 1);
    await waitFor('an empty outbox', async () => (await outboxKeys(page)).length === 0);
    assert.equal(await page.evaluate(() => typeof Chatgate._handle), 'undefined', 'the dialog bundle never started');
    proxy.releaseAll();
    assert.deepEqual(log.pageErrors, []);
    await context.close();
  });

  test('two tabs giving consents at once while the endpoint fails: both stored, once each', async () => {
    proxy.reset();
    const { page: first, context } = await openPage(browser);
    const second = await context.newPage();
    await visit(first, `${proxy.origin}/consents`);
    await visit(second, `${proxy.origin}/consents`, { business: 'Acme Dental' });
    proxy.fail({ status: 500 }, { status: 502 }, { status: 503 });
    const [a, b] = await Promise.all([subscribe(first, '07911 200004'), subscribe(second, '07911 200005', 'Chat with Acme Dental')]);
    await waitFor('both records in the database', async () => (await stored(a.consent_id)).length === 1 && (await stored(b.consent_id)).length === 1);
    await waitFor('an empty outbox in both tabs', async () => (await outboxKeys(first)).length === 0 && (await outboxKeys(second)).length === 0);
    const records = await first.evaluate(() => JSON.parse(localStorage.getItem('chatgate:consents:v1')));
    assert.deepEqual(records.map((r) => r.consent_id).sort(), [a.consent_id, b.consent_id].sort(), "neither tab lost the other's record");
    await context.close();
  });

  test('the receiver restarted mid-run: acknowledged records survive, waiting ones arrive', async () => {
    const { page, context } = await openPage(browser);
    await visit(page, `${server.widget}/consents`);
    const first = await subscribe(page, '07911 200006');
    await waitFor('the first record in the database', async () => (await stored(first.consent_id)).length === 1);
    await server.stop();
    await withdraw(page);
    await page.getByRole('button', { name: 'Subscribe again' }).click();
    await page.getByLabel('Your WhatsApp number').fill('07911 200006');
    await page.getByLabel(/Test results/).check();
    await page.getByRole('button', { name: 'Get updates' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    const second = await page.evaluate(() => window.events.filter(([n]) => n === 'consent')[1][1]);
    await page.waitForTimeout(1000);
    assert.equal((await outboxKeys(page)).length, 2, 'the withdrawal and the new consent wait');
    server = await startServer({ db: join(folder, 'consents.db'), token: TOKEN, allowOrigins: [host.origin], ports: server.ports });
    await waitFor('both changes in the database', async () => {
      const [old] = await stored(first.consent_id);
      return old?.withdrawn_at && (await stored(second.consent_id)).length === 1;
    });
    await waitFor('an empty outbox', async () => (await outboxKeys(page)).length === 0);
    await context.close();
  });

  test('a refusal (400) stops retrying that record and says why in chatgate:error', async () => {
    proxy.reset();
    const { page, context, record } = await openPage(browser);
    await visit(page, `${proxy.origin}/consents`);
    proxy.fail({ status: 400, reason: 'phone: not accepted here' });
    const consent = await subscribe(page, '07911 200007');
    const error = await waitFor('chatgate:error', () => page.evaluate(() => window.events.find(([n]) => n === 'error')?.[1]));
    assert.equal(error.reason, 'delivery_refused');
    assert.equal(error.consent_id, consent.consent_id);
    assert.match(error.message, /HTTP 400: phone: not accepted here/);
    await page.waitForTimeout(2500);
    assert.equal(proxy.state.posts, 1, 'not retried');
    const [key] = await outboxKeys(page);
    const kept = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), key);
    assert.match(kept.rejected, /phone: not accepted here/, 'kept as evidence, marked refused');
    assert.ok(!record.consoleErrors.join(' ').includes('7911'), 'no phone number in the console');
    await context.close();
  });

  test('storage unavailable: an in-memory outbox, said in chatgate:error, and the record still arrives', async () => {
    proxy.reset();
    const { page, context } = await openPage(browser);
    await page.addInitScript(() => {
      Storage.prototype.setItem = function () { throw new DOMException('quota', 'QuotaExceededError'); };
    });
    await visit(page, `${proxy.origin}/consents`);
    proxy.fail({ status: 503 });
    const consent = await subscribe(page, '07911 200008');
    const reasons = await page.evaluate(() => window.events.filter(([n]) => n === 'error').map(([, d]) => d.reason));
    assert.ok(reasons.includes('storage_unavailable'), reasons.join());
    await waitFor('the record in the database', async () => (await stored(consent.consent_id)).length === 1);
    await context.close();
  });

  test('changed consent wording asks again, shows what changed, and records the new consent', async () => {
    proxy.reset();
    const { page, context } = await openPage(browser, PHONE);
    await visit(page, `${proxy.origin}/consents`, { purposes: PURPOSES.slice(0, 1) });
    const old = await subscribe(page, '07911 200009');
    await visit(page, `${proxy.origin}/consents`); // the company added "Offers"
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
    await page.getByRole('heading', { name: 'Please confirm your WhatsApp updates again' }).waitFor();
    await page.getByText('your earlier consent covers only: Test results').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Offers' }).waitFor();
    assert.equal(await page.getByLabel('Your WhatsApp number').inputValue(), '+447911200009');
    await screenshot(page, 'reconsent-phone');
    await page.getByLabel(/Offers/).check();
    await page.getByRole('button', { name: 'Get updates' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    const renewed = await page.evaluate(() => window.events.find(([n]) => n === 'consent')[1]);
    assert.deepEqual(renewed.purposes, ['offers']);
    assert.notEqual(renewed.text_version, old.text_version);
    // The new consent replaces the old one: the old record is closed at the new one's time, not deleted.
    await waitFor('both records in the database', async () => (await stored(old.consent_id))[0]?.withdrawn_at === renewed.given_at
      && (await stored(renewed.consent_id)).length === 1);
    // The next visit shows the consent in force, not the question again.
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
    await page.getByRole('heading', { name: 'Your WhatsApp updates' }).waitFor();
    await context.close();
  });

  test('load: 2,000 records from 50 clients, 30% sent twice, stored exactly once each', async () => {
    const result = await loadTestFreshReceiver({ records: 2000, clients: 50, duplicateShare: 0.3 });
    assert.equal(result.requests, 2600);
    assert.deepEqual(result.statuses, { 200: 600, 201: 2000 });
    assert.equal(result.stored, 2000);
    assert.equal(result.distinctStored, 2000);
  });
});
