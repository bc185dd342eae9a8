// Widget start-up in headless Chromium (make bench): 20 cold loads of the demo site from `chatgate serve` on
// loopback; for each, the time from the loader starting to the launcher being visible, the longest main-thread
// task during start-up, and the host page's layout shift. Prints JSON.
import { launchBrowser, startServer } from './helpers.mjs';

const LOADS = Number(process.argv[2] ?? 20);
const server = await startServer();
const browser = await launchBrowser();
const results = [];
try {
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // cold: empty cache
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__longest = 0;
      window.__shift = 0;
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
        .observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
      // The first frame in which the launcher is laid out and visible.
      const watch = () => {
        const launcher = document.querySelector('[data-chatgate-host]')?.shadowRoot?.querySelector('.cg-launcher');
        const box = launcher?.getBoundingClientRect();
        if (box && box.width > 0 && box.height > 0) window.__visibleAt = performance.now();
        else requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    });
    await page.goto(`${server.site}/`);
    await page.getByRole('button', { name: /^Chat with/ }).waitFor({ state: 'visible' });
    await page.waitForFunction(() => window.__visibleAt);
    const measured = await page.evaluate(() => {
      const loader = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/loader.js'));
      return { start: loader ? loader.startTime : 0, now: window.__visibleAt, longest: window.__longest, shift: window.__shift };
    });
    results.push({ ms: measured.now - measured.start, longest_task_ms: measured.longest, layout_shift: measured.shift });
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
process.stdout.write(JSON.stringify({
  loads: results.length,
  median_ms: sorted[Math.floor(sorted.length / 2)],
  max_ms: sorted[sorted.length - 1],
  longest_task_ms: Math.max(...results.map((r) => r.longest_task_ms)),
  loads_with_a_task_over_50ms: results.filter((r) => r.longest_task_ms > 50).length,
  layout_shift: Math.max(...results.map((r) => r.layout_shift)),
}) + '\n');
