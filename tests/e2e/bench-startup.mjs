// Widget start-up in headless Chromium (make bench). Prints JSON.
//
// 1. 20 cold loads of the demo site from `chatgate serve` on loopback: the time from the loader starting to the
//    launcher being visible (the loader draws it, issue 15) and to the page's own first contentful paint (the
//    launcher cannot show before it), the host page's layout shift, and the longest main-thread task of the page until
//    300 ms after the launcher showed (PerformanceObserver 'longtask': every task, the host page's own included).
// 2. The same loads traced (Chromium's trace, categories devtools.timeline + v8.wasm): each top-level main-thread
//    task is attributed to the widget when it runs the widget's scripts (a script evaluation or function call from
//    the widget's origin) or its wasm (compiling, instantiating, running); the rest are the host page's.
// 3. The same page with the loader blocked, traced (alternating with 2): the host page's own long tasks, for
//    comparison.
// An optional second argument slows the CPU down that many times (Chromium's CPU throttling), e.g. 4 for a
// mid-range phone.
// The driver never uses Playwright locators while measuring (their injected script is itself a long task); it
// polls a flag the page sets in the first frame the launcher is laid out and visible.
import { launchBrowser, startServer } from './helpers.mjs';

const LOADS = Number(process.argv[2] ?? 20);
const CPU_SLOWDOWN = Number(process.argv[3] ?? 1);
const BASELINE_LOADS = LOADS;
const LONG_MS = 50;
const TRAIL_MS = 300; // tasks the widget schedules after the launcher showed (e.g. the outbox check) still count
const CATEGORIES = ['devtools.timeline', 'v8.wasm', 'toplevel', 'blink.user_timing'];
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'TimerFire']);

const server = await startServer();
const browser = await launchBrowser();

async function coldLoad({ trace = false, widget = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // cold: empty cache
  const page = await context.newPage();
  if (CPU_SLOWDOWN > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  if (!widget) await page.route(/\/loader\.js$/, (route) => route.abort());
  await page.addInitScript(() => {
    window.__longest = 0;
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!window.__doneAt || e.startTime < window.__doneAt) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
    // The first frame in which the launcher is laid out and visible.
    const watch = () => {
      const launcher = document.querySelector('[data-chatgate-host]')?.shadowRoot?.querySelector('.cg-launcher');
      const box = launcher?.getBoundingClientRect();
      if (box && box.width > 0 && box.height > 0) {
        window.__visibleAt = performance.now();
        performance.mark('chatgate-bench-visible');
      } else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  if (trace) await browser.startTracing(page, { categories: CATEGORIES });
  await page.goto(`${server.site}/`);
  if (widget) {
    for (let waited = 0; !(await page.evaluate(() => window.__visibleAt ?? 0)); waited += 20) {
      if (waited > 20_000) throw new Error('the launcher did not show within 20 s');
      await page.waitForTimeout(20);
    }
  }
  await page.waitForTimeout(TRAIL_MS);
  const measured = await page.evaluate(() => {
    window.__doneAt = performance.now();
    const loader = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/loader.js'));
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { start: loader ? loader.startTime : 0, visible: window.__visibleAt, longest: window.__longest, shift: window.__shift,
      fcp: fcp ? fcp.startTime : 0 };
  });
  const tasks = trace ? attribute(JSON.parse((await browser.stopTracing()).toString()).traceEvents) : null;
  await context.close();
  // The launcher cannot show before the page's own first paint: how long after the loader started that came.
  return { ms: measured.visible - measured.start, page_first_paint_ms: measured.fcp - measured.start,
    longest_task_ms: measured.longest, layout_shift: measured.shift, tasks };
}

/** Top-level main-thread tasks of the page from navigation until TRAIL_MS after the launcher showed. */
function attribute(events) {
  const threads = {};
  for (const e of events) if (e.name === 'thread_name') threads[`${e.pid}:${e.tid}`] = e.args.name;
  const main = events.filter((e) => threads[`${e.pid}:${e.tid}`] === 'CrRendererMain' && e.ph === 'X');
  const visible = events.find((e) => e.name === 'chatgate-bench-visible')?.ts ?? Infinity;
  const runs = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const outer = [];
  for (const task of runs) {
    const last = outer[outer.length - 1];
    if (last && task.ts < last.ts + last.dur) continue; // nested in the previous top-level task
    if (task.ts > visible + TRAIL_MS * 1000) break;
    outer.push(task);
  }
  return outer.map((task) => {
    const end = task.ts + task.dur;
    const widget = main.some((e) => e.ts >= task.ts && e.ts < end && (
      e.name.startsWith('wasm.') || e.name.startsWith('v8.wasm.')
      || (SCRIPT_EVENTS.has(e.name) && String(e.args?.data?.url ?? e.args?.url ?? '').startsWith(server.widget))));
    return { ms: task.dur / 1000, widget };
  });
}

const summary = (loads, pick) => {
  const longest = loads.map((load) => Math.max(0, ...load.tasks.filter(pick).map((t) => t.ms)));
  return { longest_ms: Math.max(...longest), loads_over_50ms: longest.filter((ms) => ms > LONG_MS).length };
};

try {
  const plain = [];
  for (let i = 0; i < LOADS; i++) plain.push(await coldLoad());
  // Traced loads with and without the widget alternate, so both see the same machine.
  const traced = [];
  const baseline = [];
  for (let i = 0; i < Math.max(LOADS, BASELINE_LOADS); i++) {
    if (i < LOADS) traced.push(await coldLoad({ trace: true }));
    if (i < BASELINE_LOADS) baseline.push(await coldLoad({ trace: true, widget: false }));
  }
  const sorted = plain.map((r) => r.ms).sort((a, b) => a - b);
  const widgetTasks = traced.flatMap((load) => load.tasks.filter((t) => t.widget).map((t) => t.ms)).sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({
    cpu_slowdown: CPU_SLOWDOWN,
    loads: plain.length,
    median_ms: sorted[Math.floor(sorted.length / 2)],
    max_ms: sorted[sorted.length - 1],
    page_first_paint_median_ms: plain.map((r) => r.page_first_paint_ms).sort((a, b) => a - b)[Math.floor(plain.length / 2)],
    layout_shift: Math.max(...plain.map((r) => r.layout_shift)),
    longest_task_ms: Math.max(...plain.map((r) => r.longest_task_ms)),
    loads_with_a_task_over_50ms: plain.filter((r) => r.longest_task_ms > LONG_MS).length,
    widget_tasks_per_load: widgetTasks.length / traced.length,
    widget_task_median_ms: widgetTasks[Math.floor(widgetTasks.length / 2)] ?? 0,
    widget_task_p95_ms: widgetTasks[Math.floor(widgetTasks.length * 0.95)] ?? 0,
    widget_tasks_longest_5: widgetTasks.slice(-5),
    widget: summary(traced, (t) => t.widget),
    host: summary(traced, (t) => !t.widget),
    baseline_loads: baseline.length,
    baseline: summary(baseline, () => true),
  }) + '\n');
} finally {
  await browser.close();
  await server.stop();
}
