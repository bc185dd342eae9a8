// The assistant's keystroke benchmark: a 2,000-character draft with a 5,000-template library, typed in headless
// Chromium; the page measures each keystroke from the input event to the end of every update it caused
// (`?perf`, performance.measure "cg-keystroke"). Prints JSON for tests/bench.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchBrowser, startServer } from './helpers.mjs';

const base = JSON.parse(readFileSync(join(ROOT, 'www/templates/library.json'), 'utf8'));
const templates = [];
for (let copy = 0; templates.length < 5000; copy++) {
  for (const template of base.templates) {
    if (templates.length === 5000) break;
    templates.push({ ...template, id: `${template.id}-${copy}`, shortcode: template.shortcode ? `${template.shortcode}-${copy}` : undefined,
      title: `${template.title} ${copy}` });
  }
}
const library = JSON.stringify({ version: 1, business: base.business, templates });

const server = await startServer();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((json) => {
    if (!localStorage.getItem('chatgate:assistant:library:v1')) localStorage.setItem('chatgate:assistant:library:v1', json);
  }, library);
  const page = await context.newPage();
  await page.goto(`${server.site}/assistant/?perf=1&now=2026-11-20T12:00:00Z&model=off`);
  await page.getByText(/5000 templates/).waitFor({ timeout: 60_000 });
  await page.getByLabel("Customer's message").fill('Я жду результаты анализов уже неделю, это безобразие! Никто не отвечает на звонки.');
  await page.getByLabel('WhatsApp number').fill('+7 912 345 67 89');
  const sentence = 'Здравствуйте! Простите за задержку, мы уже проверили ваш заказ и отправим результаты сегодня вечером. ';
  let draft = '';
  while (draft.length < 1950) draft += sentence;
  const reply = page.getByLabel('Reply', { exact: true });
  await reply.fill(draft.slice(0, 1950));
  await reply.press('End');
  await page.evaluate(() => performance.clearMeasures('cg-keystroke'));
  await page.keyboard.type('Спасибо, что написали нам!!! ЖДЁМ ВАС СНОВА.', { delay: 40 });
  await page.waitForTimeout(500);
  const durations = await page.evaluate(() => performance.getEntriesByName('cg-keystroke').map((entry) => entry.duration));
  const chars = await reply.evaluate((field) => field.value.length);
  durations.sort((a, b) => a - b);
  const at = (q) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))];
  console.log(JSON.stringify({ keystrokes: durations.length, draft_chars: chars, templates: templates.length,
    median_ms: at(0.5), p95_ms: at(0.95), max_ms: durations[durations.length - 1] }));
} finally {
  await browser.close();
  await server.stop();
}
