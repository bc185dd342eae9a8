// What the widget costs the page that embeds it (make bench, issue 15). Prints JSON.
//
// 1. Lighthouse 12 (mobile preset, simulated throttling, performance only) on the demo page with Chatgate and
//    on the same page without its script tag (`/nowidget.html`), alternating, RUNS times each: the medians of
//    FCP, LCP, TBT and CLS and their deltas. Lighthouse is never a gate; the numbers are for README.
// 2. What the widget's origin sent (gzip bytes on the wire, from Chromium's network events) in a cold visit:
//    before the page's load event, after a 10-second visit with no interaction, and once the dialog is open
//    (pointer over the launcher, click, dialog shown).
// Both serve dist/ gzip-compressed as a CDN would (helpers.mjs, startGzipSites).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { launchBrowser, startGzipSites } from './helpers.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const VISIT_MS = 10_000;
const sites = await startGzipSites();

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function lighthouseRuns() {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const runs = { with: [], without: [] };
  try {
    for (let i = 0; i < RUNS; i++) {
      for (const [variant, path] of [['without', '/nowidget.html'], ['with', '/']]) {
        const result = await lighthouse(`${sites.site}${path}`, {
          port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'],
        });
        const audit = (id) => result.lhr.audits[id].numericValue;
        runs[variant].push({
          fcp: audit('first-contentful-paint'), lcp: audit('largest-contentful-paint'),
          tbt: audit('total-blocking-time'), cls: audit('cumulative-layout-shift'),
        });
      }
    }
  } finally {
    await chrome.kill();
  }
  const summary = {};
  for (const variant of ['with', 'without']) {
    summary[variant] = {};
    for (const metric of ['fcp', 'lcp', 'tbt', 'cls']) summary[variant][metric] = median(runs[variant].map((r) => r[metric]));
  }
  summary.delta = {};
  for (const metric of ['fcp', 'lcp', 'tbt', 'cls']) summary.delta[metric] = summary.with[metric] - summary.without[metric];
  summary.runs = RUNS;
  return summary;
}

/** The widget origin's gzip bytes on the wire in one cold visit: before load, after 10 s idle, dialog open. */
async function widgetBytes() {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map();
  const files = [];
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId);
    if (url && url.startsWith(sites.widget)) files.push({ file: new URL(url).pathname.slice(1), bytes: e.encodedDataLength, at: Date.now() });
  });
  const sum = () => files.reduce((total, f) => total + f.bytes, 0);
  await page.goto(`${sites.site}/`, { waitUntil: 'load' });
  const beforeLoad = sum();
  const beforeLoadFiles = files.map((f) => f.file);
  await page.waitForTimeout(VISIT_MS);
  const afterVisit = sum();
  const afterVisitFiles = files.map((f) => f.file);
  const launcher = page.locator('[data-chatgate-host]').locator('.cg-launcher');
  await launcher.hover();
  await launcher.click();
  await page.getByRole('dialog').waitFor();
  await page.waitForTimeout(500);
  const dialogOpen = sum();
  await browser.close();
  return {
    before_load: beforeLoad, before_load_files: beforeLoadFiles,
    after_visit: afterVisit, after_visit_files: afterVisitFiles,
    dialog_open: dialogOpen, dialog_open_files: files.map((f) => f.file),
  };
}

try {
  const bytes = await widgetBytes();
  const lighthouseSummary = await lighthouseRuns();
  console.log(JSON.stringify({ bytes, lighthouse: lighthouseSummary }));
} finally {
  await sites.stop();
}
