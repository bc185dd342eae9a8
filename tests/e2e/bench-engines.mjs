// The engines benchmark in headless Chromium (make bench): loads the wasm build of src/bench (chatgate-bench)
// from a loopback server, runs `run_engines_bench(budget_ms)` in the page and prints its JSON results. With a
// MODEL file (target/model/use-m3-web.bin) it also times the sentence encoder (`run_encoder_bench`); with
// ONLY=encoder it times nothing else.
// usage: node bench-engines.mjs DIR [BUDGET_MS] [MODEL] [ONLY]   (DIR holds engines-bench.js and engines-bench_bg.wasm)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, openPage, startHostSite } from './helpers.mjs';

const dir = process.argv[2];
const budget = Number(process.argv[3] ?? 300);
const model = process.argv[4];
const onlyEncoder = process.argv[5] === 'encoder';
const site = await startHostSite();
// Cross-origin isolated, so performance.now() is precise to 5 µs rather than 100 µs.
const isolated = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
site.put('/', '<!doctype html><title>engines bench</title>', isolated);
site.put('/engines-bench.js', readFileSync(join(dir, 'engines-bench.js')), isolated, 'text/javascript');
site.put('/engines-bench_bg.wasm', readFileSync(join(dir, 'engines-bench_bg.wasm')), isolated, 'application/wasm');
if (model) site.put('/model.bin', readFileSync(model), isolated, 'application/octet-stream');
const browser = await launchBrowser();
try {
  const { page, record } = await openPage(browser);
  await page.goto(`${site.origin}/`);
  const results = await page.evaluate(async ([budgetMs, withModel, onlyEncoder]) => {
    const module = await import('/engines-bench.js');
    await module.default();
    const results = onlyEncoder ? [] : JSON.parse(module.run_engines_bench_json(budgetMs));
    if (withModel) {
      const bytes = new Uint8Array(await (await fetch('/model.bin')).arrayBuffer());
      results.push(...JSON.parse(module.run_encoder_bench_json(bytes, budgetMs)));
    }
    return JSON.stringify(results);
  }, [budget, Boolean(model), onlyEncoder]);
  if (record.pageErrors.length) throw new Error(record.pageErrors.join('\n'));
  process.stdout.write(`${results}\n`);
} finally {
  await browser.close();
  await site.stop();
}
