// Opening the visitor dialog in headless Chromium (make bench). Prints JSON.
//
// On the demo site from `chatgate serve` on loopback, cold cache, once the launcher is visible:
// - "first click": the mouse moves onto the launcher and clicks at once, so the dialog bundle is fetched,
//   compiled and started after the click (the worst case: a visitor who clicks without hovering, or a tap);
// - "hover, then click": the pointer rests on the launcher for HOVER_MS first (the bundle loads on hover);
// - "open again": Escape, then a second click on the same page.
// Each is timed from the click's pointerdown (event.timeStamp) to the first frame in which the dialog is laid out
// and visible. The Event Timing API gives the click's own interaction latency (input to the next paint, as INP
// counts it). Tasks over 50 ms while the pointer rests on the launcher (the bundle loading, starting and building
// the dialog) are counted too. An optional second argument slows the CPU down that many times.
// The driver uses page.mouse and page.evaluate only (no locators: their injected script is a task of its own).
import { launchBrowser, startServer } from './helpers.mjs';

const LOADS = Number(process.argv[2] ?? 20);
const CPU_SLOWDOWN = Number(process.argv[3] ?? 1);
const HOVER_MS = 1000;

const server = await startServer();
const browser = await launchBrowser();

async function until(page, expression, what) {
  for (let waited = 0; !(await page.evaluate(expression)); waited += 10) {
    if (waited > 20_000) throw new Error(`${what} within 20 s`);
    await page.waitForTimeout(10);
  }
}

async function loadPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // cold: empty cache
  const page = await context.newPage();
  if (CPU_SLOWDOWN > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(() => {
    window.__events = [];
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e); }).observe({ type: 'longtask' });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__events.push(e); })
      .observe({ type: 'event', durationThreshold: 16, buffered: true });
    addEventListener('pointerdown', (event) => { window.__down = event.timeStamp; window.__shown = 0; watch(); }, true);
    const shadow = () => document.querySelector('[data-chatgate-host]')?.shadowRoot;
    // The first frame after the pointerdown in which the dialog is laid out and visible.
    const watch = () => {
      const box = shadow()?.querySelector('.cg-panel')?.getBoundingClientRect();
      if (box && box.width > 0 && box.height > 0) window.__shown = performance.now();
      else requestAnimationFrame(watch);
    };
    window.__launcher = () => {
      const box = shadow()?.querySelector('.cg-launcher')?.getBoundingClientRect();
      return box && box.width > 0 ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null;
    };
  });
  await page.goto(`${server.site}/`);
  await until(page, () => window.__launcher() !== null, 'the launcher did not show');
  return { context, page, at: await page.evaluate(() => window.__launcher()) };
}

/** Clicks (or, with `hover`, rests on and then clicks) the launcher; returns the timings of that click. */
async function openDialog(page, at, { hover = false } = {}) {
  const moved = await page.evaluate(() => { window.__events = []; return performance.now(); });
  await page.mouse.move(at.x, at.y);
  if (hover) await page.waitForTimeout(HOVER_MS);
  await page.mouse.down();
  await page.mouse.up();
  await until(page, () => window.__shown > 0, 'the dialog did not open');
  await page.waitForTimeout(100); // the click's event-timing entry is reported after its paint
  return page.evaluate((moved) => ({
    // The longest task over 50 ms from the pointer reaching the launcher to the click (0: none).
    hover_longest_task_ms: Math.max(0, ...window.__long.filter((e) => e.startTime >= moved && e.startTime < window.__down).map((e) => e.duration)),
    visible_ms: window.__shown - window.__down,
    interaction_ms: Math.max(0, ...window.__events.filter((e) => e.interactionId > 0).map((e) => e.duration)),
  }), moved);
}

const stats = (runs) => {
  const summary = {};
  for (const key of ['visible_ms', 'interaction_ms']) {
    const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
    summary[key] = { median: sorted[Math.floor(sorted.length / 2)], p95: sorted[Math.floor(sorted.length * 0.95)], max: sorted[sorted.length - 1] };
  }
  return summary;
};

try {
  const first = [];
  const again = [];
  const hovered = [];
  for (let i = 0; i < LOADS; i++) {
    let { context, page, at } = await loadPage();
    first.push(await openDialog(page, at));
    await page.keyboard.press('Escape');
    await until(page, () => !document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-panel:not([hidden])'), 'the dialog did not close');
    again.push(await openDialog(page, at));
    await context.close();
    ({ context, page, at } = await loadPage());
    hovered.push(await openDialog(page, at, { hover: true }));
    await context.close();
  }
  process.stdout.write(JSON.stringify({
    cpu_slowdown: CPU_SLOWDOWN, loads: LOADS, hover_ms: HOVER_MS,
    first_click: stats(first), hover_then_click: stats(hovered), open_again: stats(again),
    hover_longest_task_ms: Math.max(...hovered.map((r) => r.hover_longest_task_ms)),
    hovers_with_a_task_over_50ms: hovered.filter((r) => r.hover_longest_task_ms > 0).length,
  }) + '\n');
} finally {
  await browser.close();
  await server.stop();
}
