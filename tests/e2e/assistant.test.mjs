// The agent assistant page end to end, in headless Chromium on the demo server (`/assistant/`): analysis,
// suggestions, shortcodes with placeholders, live tone checks and fixes, the send-time guard with a fixed clock
// (`?now=`), the WhatsApp handoff, keyboard-only use, axe-core, and no network request while it is used.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, ROOT, launchBrowser, openPage, screenshot, startServer } from './helpers.mjs';

const AXE = readFileSync(join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');
const LIBRARY = JSON.parse(readFileSync(join(ROOT, 'www/templates/library.json'), 'utf8'));
const BY_ID = new Map(LIBRARY.templates.map((t) => [t.id, t]));
const WIDE = { width: 1920, height: 1080 };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openAssistant(viewport = DESKTOP, query = '') {
  const opened = await openPage(browser, viewport);
  await opened.page.goto(`${server.site}/assistant/${query}`);
  await opened.page.getByRole('heading', { level: 1 }).waitFor();
  return opened;
}

async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
}

async function analysis(page) {
  return page.getByTestId('analysis').innerText();
}

async function suggestedIds(page) {
  return page.locator('[role="option"]').evaluateAll((items) => items.map((item) => item.dataset.template));
}

async function findings(page) {
  return page.locator('.as-finding').evaluateAll((items) => items.map((item) => item.dataset.rule));
}

describe('assistant', () => {
  test('a Russian complaint: complaint category, a complaint template first, no_empathy flagged and fixed', async () => {
    const { page, context, record } = await openAssistant();
    const before = record.requests.length;
    await page.getByLabel("Customer's message").fill('Я жду результаты анализов уже неделю, это безобразие! Никто не отвечает на звонки.');
    await page.getByText('complaint').first().waitFor();
    const facts = await analysis(page);
    assert.match(facts, /Russian/);
    assert.match(facts, /complaint/);
    assert.match(facts, /negative/);
    const ids = await suggestedIds(page);
    assert.equal(ids.length, 5);
    assert.equal(BY_ID.get(ids[0]).category, 'complaint', `first suggestion ${ids[0]}`);
    assert.equal(BY_ID.get(ids[0]).lang, 'ru');
    await page.locator('[role="option"]').first().locator('.as-why').waitFor(); // why it matched

    const reply = page.getByLabel('Reply', { exact: true });
    await reply.fill('Здравствуйте. Результаты будут завтра.');
    await page.locator('.as-finding[data-rule="no_empathy"]').waitFor();
    assert.ok((await page.locator('.as-mark, .as-finding').count()) > 0);
    await screenshot(page, 'assistant-ru-complaint-desktop');
    await page.locator('.as-finding[data-rule="no_empathy"]').getByRole('button', { name: 'Apply fix' }).click();
    await page.waitForFunction(() => !document.querySelector('.as-finding[data-rule="no_empathy"]'));
    assert.notEqual(await reply.inputValue(), 'Здравствуйте. Результаты будут завтра.', 'the fix changed the draft');
    assert.deepEqual(await axeViolations(page), []);
    assert.equal(record.requests.length, before, 'no request while the page is used');
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  });

  test('a Chinese inquiry; dismissing a finding; the UI in Chinese', async () => {
    const { page, context } = await openAssistant(WIDE, '?lang=zh');
    await page.getByLabel('客户消息').fill('你好，请问周六营业吗？几点关门？');
    await page.getByText('咨询').first().waitFor();
    assert.match(await analysis(page), /中文/);
    const ids = await suggestedIds(page);
    assert.equal(BY_ID.get(ids[0]).lang, 'zh');
    assert.equal(BY_ID.get(ids[0]).category, 'inquiry');
    await page.locator('[role="listbox"]').focus();
    await page.keyboard.press('Enter');
    const reply = page.getByLabel('回复', { exact: true });
    assert.ok((await reply.inputValue()).length > 10, 'Enter inserted the template');
    await reply.fill('必须马上付款!!!');
    await page.locator('.as-finding').first().waitFor();
    const rules = await findings(page);
    const first = page.locator('.as-finding').first();
    await first.getByRole('button', { name: '忽略' }).click();
    assert.equal((await findings(page)).length, rules.length - 1, 'dismissed for this draft');
    await screenshot(page, 'assistant-zh-1920');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('shortcode insertion fills placeholders; Tab moves between the empty ones; Open in WhatsApp', async () => {
    const { page, context } = await openAssistant(DESKTOP, '?now=2026-11-20T10:00:00Z');
    await page.getByLabel('Name').fill('Anna');
    await page.getByLabel('WhatsApp number').fill('+44 7911 123456');
    const reply = page.getByLabel('Reply', { exact: true });
    await reply.click();
    await page.keyboard.type('/confirm');
    await page.locator('[data-template="booking-confirmed"]').waitFor();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#as-draft').value.includes('Anna'));
    const text = await reply.inputValue();
    assert.ok(text.startsWith('Hello Anna,'), text);
    assert.ok(!text.includes('/confirm'));
    const selected = () => page.evaluate(() => { const e = document.querySelector('#as-draft'); return e.value.slice(e.selectionStart, e.selectionEnd); });
    assert.equal(await selected(), '{{date}}', 'the first empty placeholder is selected');
    await page.keyboard.press('Tab');
    assert.equal(await selected(), '{{time}}');
    await page.keyboard.type('10:30');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await selected(), '{{date}}');
    await page.keyboard.type('Monday 23 November');
    assert.equal((await page.locator('.as-placeholder').count()), 0, 'no empty placeholder left');
    const href = await page.getByRole('link', { name: 'Open in WhatsApp' }).getAttribute('href');
    const url = new URL(href);
    assert.equal(url.origin + url.pathname, 'https://wa.me/447911123456');
    assert.equal(url.searchParams.get('text'), await reply.inputValue());
    await context.close();
  });

  test('after hours and a closed 24-hour window, with a fixed clock', async () => {
    // 22:30 in London on a Friday; the customer wrote two days earlier.
    const { page, context } = await openAssistant(DESKTOP, '?now=2026-11-20T22:30:00Z');
    await page.getByLabel('WhatsApp number').fill('+44 7911 123456');
    await page.getByLabel('Their last message (local time)').fill('2026-11-18T10:00');
    await page.getByLabel('Reply', { exact: true }).fill('Hello, your results are ready.');
    const guard = page.getByTestId('guard');
    await guard.getByText('Their local time: 22:30 — outside working hours').waitFor();
    await guard.getByText(/24-hour window closed .* ago/).waitFor();
    await page.getByRole('alert').getByText(/not an approved template/).waitFor();
    assert.ok((await findings(page)).includes('after_hours'));
    assert.ok((await findings(page)).includes('outside_window'));
    await screenshot(page, 'assistant-guard-desktop');
    await context.close();
  });

  test('keyboard only: message, suggestions, insert, fix, at 768 wide', async () => {
    const { page, context } = await openAssistant({ width: 768, height: 1024 });
    await page.keyboard.press('Tab'); // the language selector
    await page.keyboard.press('Tab'); // the customer's message
    await page.keyboard.type('My bill is wrong, I was charged twice!');
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('role') === 'listbox')) break;
    }
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'as-draft', 'focus moves to the reply');
    assert.ok((await page.locator('#as-draft').inputValue()).length > 20);
    await screenshot(page, 'assistant-768');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });
});
