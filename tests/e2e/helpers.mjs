// Shared pieces of the end-to-end tests: the real `chatgate serve` on free loopback ports, and Debian's
// Chromium driven by playwright-core with the flags that keep it off the closed network.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = join(ROOT, 'tests/e2e/screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/** Two free consecutive-ish ports: the demo site and the widget's own origin. */
async function freePorts() {
  for (;;) {
    const site = await freePort();
    const widget = await freePort();
    if (site !== widget) return { site, widget };
  }
}

/**
 * Starts the built `chatgate serve` and resolves once it listens. Options: `db` (a file: the consent receiver
 * is on), `allowOrigins` (besides the demo site), `token` (CHATGATE_ADMIN_TOKEN), `ports` (to restart a server
 * where it was), `rateLimit` (`--rate-limit`; 0 for a load from one address).
 */
export async function startServer({ db, allowOrigins = [], token, ports, rateLimit } = {}) {
  ports = ports ?? await freePorts();
  const binary = join(ROOT, 'target/release/chatgate');
  const args = ['serve', '--dist', join(ROOT, 'dist'), '--port', String(ports.site), '--widget-port', String(ports.widget)];
  if (db) args.push('--db', db);
  if (rateLimit !== undefined) args.push('--rate-limit', String(rateLimit));
  for (const origin of allowOrigins) args.push('--allow-origin', origin);
  const env = { ...process.env };
  delete env.CHATGATE_ADMIN_TOKEN;
  if (token) env.CHATGATE_ADMIN_TOKEN = token;
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  await new Promise((resolveStart, reject) => {
    child.stdout.on('data', (chunk) => { if (String(chunk).includes('demo site')) resolveStart(); });
    child.on('exit', (code) => reject(new Error(`chatgate serve exited ${code}: ${stderr}`)));
  });
  const widget = `http://127.0.0.1:${ports.widget}`;
  return {
    ports,
    site: `http://127.0.0.1:${ports.site}`,
    widget,
    /** Every record in the receiver's database (needs `token`), read a page at a time following `next`. */
    consents: async () => {
      const records = [];
      for (let after = ''; ;) {
        const response = await fetch(`${widget}/consents?limit=1000${after}`, { headers: { Authorization: `Bearer ${token}` } });
        if (!response.ok) throw new Error(`GET /consents: ${response.status} ${await response.text()}`);
        const page = await response.json();
        records.push(...page.consents);
        if (!page.next) return records;
        after = `&after=${encodeURIComponent(page.next)}`;
      }
    },
    stop: () => new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill();
    }),
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    // Playwright gives every launch a fresh, empty user-data-dir of its own.
  });
}

/** A page that records console errors, page exceptions and every request it makes. */
export async function openPage(browser, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const record = { consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (message) => { if (message.type() === 'error') record.consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => record.pageErrors.push(String(error)));
  page.on('request', (request) => record.requests.push(request.url()));
  return { page, context, record };
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

/**
 * A customer's site of the test's own: a real HTTP server on its own loopback origin that serves the HTML
 * pages a test puts in it (with the headers it asks for, e.g. a Content-Security-Policy).
 */
export async function startHostSite() {
  const pages = new Map();
  const server = createHttpServer((request, response) => {
    const page = pages.get(new URL(request.url, 'http://x').pathname);
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': page.type ?? 'text/html; charset=utf-8', ...page.headers });
    response.end(page.body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    put: (path, body, headers = {}, type) => pages.set(path, { body, headers, type }),
    stop: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.json': 'application/json' };

/**
 * The demo site (dist/site) and the widget's files (dist/widget) from two loopback origins, gzip-compressed as a
 * CDN serves them (the widget's gzip twins, as its origin sends them; gzip -6 on every other text and wasm
 * file), for the page-cost benchmarks: Lighthouse simulates the
 * network from transfer sizes, and the byte counts are what a visitor downloads. `/nowidget.html` is the demo's
 * index page without the loader's script tag: the same page without Chatgate. `delay(path)` may hold a widget
 * file back (milliseconds). CHATGATE_BENCH_DIST names another dist folder (e.g. an earlier release's, for a
 * before/after comparison).
 */
export async function startGzipSites({ delay = () => 0 } = {}) {
  const dist = process.env.CHATGATE_BENCH_DIST || join(ROOT, 'dist');
  const { readFileSync: read, existsSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const { extname } = await import('node:path');
  const cache = new Map();
  const start = (folder, rewrite, headers) => new Promise((done) => {
    const server = createHttpServer(async (request, response) => {
      let path = new URL(request.url, 'http://x').pathname;
      if (path.endsWith('/')) path += 'index.html';
      let file = join(dist, folder, path);
      let variant = '';
      if (folder === 'site' && path === '/nowidget.html') { file = join(dist, 'site/index.html'); variant = 'nowidget'; }
      if (path.includes('..') || !existsSync(file)) { response.writeHead(404).end(); return; }
      const key = file + variant;
      if (!cache.has(key)) {
        let body = read(file);
        if (rewrite && /\.(html|js)$/.test(file)) body = Buffer.from(rewrite(String(body), variant));
        // The widget's files as its origin sends them: their gzip twins (make build, zopfli) where they exist.
        const twin = file + '.gz';
        cache.set(key, !rewrite && existsSync(twin) ? read(twin) : gzipSync(body, { level: 6 }));
      }
      const wait = folder === 'widget' ? delay(path) : 0;
      if (wait) await new Promise((resume) => setTimeout(resume, wait));
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Encoding': 'gzip', 'Cache-Control': 'no-cache', ...headers });
      response.end(cache.get(key));
    });
    server.listen(0, '127.0.0.1', () => done(server));
  });
  const widget = await start('widget', null, { 'Access-Control-Allow-Origin': '*' });
  const widgetOrigin = `http://127.0.0.1:${widget.address().port}`;
  const site = await start('site', (text, variant) => {
    let out = text.replaceAll('http://127.0.0.1:8081', widgetOrigin);
    if (variant === 'nowidget') out = out.replace(/<script async src="[^"]*\/loader\.js"><\/script>/, '');
    return out;
  }, {});
  const close = (server) => new Promise((done) => { server.closeAllConnections(); server.close(done); });
  return {
    site: `http://127.0.0.1:${site.address().port}`,
    widget: widgetOrigin,
    stop: async () => { await close(site); await close(widget); },
  };
}
