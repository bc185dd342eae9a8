// The assistant on hostile input (issue: "the assistant never freezes"): a long draft of repeated capitals, a
// long draft of one punctuation mark and keystrokes after it, a long Chinese customer message. Each time is
// from the input to the end of every update it caused (`?perf`, performance.measure "cg-keystroke" for the
// reply; the customer's message the same way, "cg-message"). Prints JSON for tests/bench.py.
import { launchBrowser, startServer } from './helpers.mjs';

const server = await startServer();
const browser = await launchBrowser();
const results = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const fresh = async () => {
    await page.goto(`${server.site}/assistant/?perf=1&now=2026-11-20T12:00:00Z&model=off`);
    await page.getByLabel("Customer's message").waitFor();
  };
  const reply = page.getByLabel('Reply', { exact: true });

  // Sets a field's value in one input event and waits for every update it caused (effects, then a frame).
  const timedFill = async (selector, value) => page.evaluate(async ([selector, value]) => {
    const field = document.querySelector(selector);
    const start = performance.now();
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return Math.round(performance.now() - start);
  }, [selector, value]);
  // Types at the end of the reply; each keystroke's time as the page measures it.
  const keystrokes = async (text) => {
    await reply.press('End');
    await page.evaluate(() => performance.clearMeasures('cg-keystroke'));
    await page.keyboard.type(text, { delay: 30 });
    await page.waitForTimeout(1500);
    const d = await page.evaluate(() => performance.getEntriesByName('cg-keystroke').map((e) => e.duration));
    d.sort((a, b) => a - b);
    return { keystrokes: d.length, p95_ms: Math.round(d[Math.min(d.length - 1, Math.floor(0.95 * d.length))]), max_ms: Math.round(d[d.length - 1]) };
  };
  const drafts = {
    capitals_20000: 'HELP '.repeat(4000),
    guillemets_20000: '«'.repeat(20000),
    placeholders_20000: '{{name}} '.repeat(2223).slice(0, 20000),
    exclamations_20000: 'Pay now!!! '.repeat(1819).slice(0, 20000),
    capitals_200000: 'HELP '.repeat(40000),
  };
  for (const [name, draft] of Object.entries(drafts)) {
    await fresh();
    await page.getByLabel("Customer's message").fill('Where is my order? It is late.');
    const ms = await timedFill('#as-draft', draft);
    await page.waitForTimeout(1000);
    results[name] = { check_ms: ms, later: await keystrokes(' ok') };
  }
  const messages = {
    chinese_4096: '我的订单还没到，怎么回事？退款申请已经提交了三天'.repeat(200).slice(0, 4096),
    russian_20000: 'Я жду результаты анализов уже неделю, это безобразие! '.repeat(400).slice(0, 20000),
    capitals_20000: 'HELP '.repeat(4000),
  };
  for (const [name, message] of Object.entries(messages)) {
    await fresh();
    results[`message_${name}_ms`] = await timedFill('#as-message', message);
  }
  console.log(JSON.stringify(results));
} finally {
  await browser.close();
  await server.stop();
}
