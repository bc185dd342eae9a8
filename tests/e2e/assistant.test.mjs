// The agent assistant page end to end, in headless Chromium on the demo server (`/assistant/`): analysis,
// suggestions, shortcodes with placeholders, live tone checks and fixes, the send-time guard with a fixed clock
// (`?now=`), the WhatsApp handoff, keyboard-only use, axe-core, and no network request while it is used.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tmpdir } from 'node:os';
import { DESKTOP, ROOT, launchBrowser, openPage, screenshot, startServer } from './helpers.mjs';
import { sampleRecord } from './receiver-load.mjs';

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

// The page as agents get it, but lexical (`?model=off`): the model's own test loads it.
async function openAssistant(viewport = DESKTOP, query = '') {
  const opened = await openPage(browser, viewport);
  await opened.page.goto(`${server.site}/assistant/${query}${query ? '&' : '?'}model=off`);
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
    await page.waitForFunction(() => document.querySelector('#as-draft').value.length > 10, null, { timeout: 5000 }); // Enter inserted it
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
    await page.waitForFunction(() => { const e = document.querySelector('#as-draft'); return document.activeElement === e
      && e.value.slice(e.selectionStart, e.selectionEnd) === '{{date}}'; }, null, { timeout: 5000 }); // the first empty placeholder is selected
    assert.equal(await selected(), '{{date}}');
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

    // Copy puts the draft on the clipboard and says so while the draft is unchanged.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.site });
    const status = page.locator('.as-handoff [role="status"]');
    await page.getByRole('button', { name: 'Copy' }).click();
    await status.filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await reply.inputValue());
    await reply.press('End');
    await reply.press('!');
    await page.waitForFunction(() => document.querySelector('.as-handoff [role="status"]').textContent === '');

    // A clipboard the browser refuses: the agent is told, not told "Copied".
    const { targetInfo } = await (await context.newCDPSession(page)).send('Target.getTargetInfo');
    await (await browser.newBrowserCDPSession()).send('Browser.setPermission', {
      permission: { name: 'clipboard-write' }, setting: 'denied', origin: server.site, browserContextId: targetInfo.browserContextId });
    assert.equal(await page.evaluate(async () => (await navigator.permissions.query({ name: 'clipboard-write' })).state), 'denied');
    await page.getByRole('button', { name: 'Copy' }).click();
    await status.filter({ hasText: 'The clipboard refused it' }).waitFor();
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
    await page.waitForFunction(() => document.activeElement?.id === 'as-draft', null, { timeout: 5000 }); // focus moves to the reply
    assert.ok((await page.locator('#as-draft').inputValue()).length > 20);
    await screenshot(page, 'assistant-768');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('the template library: a bad file is refused with its reasons and the library kept; import, edit, export', async () => {
    const { page, context, record } = await openAssistant();
    const before = record.requests.length;
    const summary = page.getByText(/Northfield Family Clinic: 90 templates/);
    await summary.waitFor();
    const file = page.getByTestId('library-file');
    const bad = { version: 1, templates: [{ id: 'x', lang: 'fr', category: 'inquiry', title: 'X', body: 'Hi {{name' }, { lang: 'en', category: 'nope', body: '' }] };
    await file.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    const refused = page.getByRole('alert').filter({ hasText: 'The file was refused' });
    await refused.waitFor();
    for (const reason of ["template 'x': lang: 'fr' is not en, ru or zh", "template 'x': body:", 'template #2: id: is missing', "category: 'nope'"]) {
      assert.ok((await refused.innerText()).includes(reason), reason);
    }
    await summary.waitFor(); // unchanged
    await file.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "templates": [') });
    await page.getByRole('alert').filter({ hasText: 'json' }).waitFor();
    await summary.waitFor();

    const good = { version: 1, business: { name: 'Acme Dental' }, templates: [
      { id: 'hello', lang: 'en', category: 'inquiry', title: 'Opening hours', shortcode: 'open', body: 'Hello {{name|there}}, we open at 8.', examples: ['when do you open'] },
      { id: 'sorry', lang: 'en', category: 'complaint', title: 'Apology', body: 'Hello {{name|there}}, we are sorry about the wait.', examples: ['I waited for an hour'] },
    ] };
    await file.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await page.getByText('Imported 2 templates.').waitFor();
    await page.getByText(/Acme Dental: 2 templates/).waitFor();
    await page.getByLabel("Customer's message").fill('When do you open tomorrow?');
    assert.equal((await suggestedIds(page))[0], 'hello');

    // Edit with live checks: a shouting, pushy body is flagged before saving.
    await page.getByRole('button', { name: 'Edit Opening hours' }).click();
    const body = page.getByLabel(/^Text \(placeholders/);
    await body.fill('YOU MUST BOOK NOW!!!');
    await page.getByTestId('template-findings').locator('[data-rule="shouting"]').waitFor();
    await body.fill('Hello {{name|there}}, we open at 7:30 from Monday.');
    await page.waitForFunction(() => !document.querySelector('[data-testid="template-findings"] [data-rule="shouting"]'));
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Saved.').waitFor();
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('chatgate:assistant:library:v1')));
    assert.equal(stored.templates.find((t) => t.id === 'hello').body, 'Hello {{name|there}}, we open at 7:30 from Monday.');
    // Kept across a reload.
    await page.reload();
    await page.getByText(/Acme Dental: 2 templates/).waitFor();
    // Export gives the same file back.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(exported.templates.map((t) => t.id), ['hello', 'sorry']);
    const requests = record.requests.slice(before).filter((url) => !url.startsWith('blob:') && !url.startsWith(`${server.site}/assistant/`));
    assert.deepEqual(requests, [], 'no request while the library is used');
    await screenshot(page, 'assistant-library-desktop');
    assert.deepEqual(await axeViolations(page), []);
    await context.close();
  });

  test('the meaning model loads in the background with progress, takes over, and is kept by the browser', async () => {
    const { page, context, record } = await openPage(browser, DESKTOP);
    const modelRequests = [];
    page.on('request', (request) => { if (request.url().includes('/model/')) modelRequests.push(request.url()); });
    await page.goto(`${server.site}/assistant/`);
    const status = page.getByTestId('model-status');
    // Usable at once: the lexical engines answer while the model loads.
    await page.getByLabel("Customer's message").fill('my online account has ben hacked, someone changed my password');
    await page.locator('[role="option"]').first().waitFor();
    await status.filter({ hasText: /Meaning model: (downloading|preparing)/ }).waitFor();
    await status.filter({ hasText: 'Meaning model: on' }).waitFor({ timeout: 240_000 });
    // After a pause the message is read by meaning: "similar to" an example, and templates in its language first.
    await page.getByLabel("Customer's message").fill('I had problems registering on your website');
    await page.locator('.as-similar').first().waitFor();
    const ids = await suggestedIds(page);
    for (const id of ids.slice(0, 3)) assert.equal(BY_ID.get(id).lang, 'en', id);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(record.consoleErrors, []);
    assert.equal(modelRequests.length, 1);
    // The next visit takes the model from the browser's cache: no request for it.
    await page.reload();
    await status.filter({ hasText: 'Meaning model: on' }).waitFor({ timeout: 240_000 });
    assert.equal(modelRequests.length, 1, 'the model came from the cache');
    await screenshot(page, 'assistant-model-desktop');
    await context.close();
  });

  test('a STOP reply is recognised in three languages and recorded in the consent ledger with the admin token', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'chatgate-optout-'));
    const ledger = await startServer({ db: join(folder, 'consents.db'), token: 'staff-secret' });
    try {
      const record = sampleRecord(0);
      const posted = await fetch(`${ledger.widget}/consents`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(record) });
      assert.equal(posted.status, 201);
      const { page, context, record: log } = await openPage(browser, DESKTOP);
      await page.goto(`${ledger.site}/assistant/?model=off`);
      const notice = page.getByTestId('opt-out');
      await page.getByLabel("Customer's message").fill('Where is my order?');
      assert.equal(await notice.count(), 0);
      await page.getByLabel("Customer's message").fill('STOP');
      await notice.waitFor();
      await page.getByLabel('WhatsApp number').fill(record.phone);
      await page.getByLabel('Admin token (kept for this tab only)').fill('wrong');
      await notice.getByRole('button', { name: 'Record withdrawal' }).click();
      await notice.getByText('The token was refused').waitFor();
      await page.getByLabel('Admin token (kept for this tab only)').fill('staff-secret');
      await notice.getByRole('button', { name: 'Record withdrawal' }).click();
      await notice.getByText('Withdrawn: 1 consent(s)').waitFor();
      const [stored] = await ledger.consents();
      assert.ok(stored.withdrawn_at, 'withdrawn in the ledger');
      assert.equal(stored.withdrawal_method, 'stop-reply');
      // The token stays for this tab only: a second STOP needs no token, and says none is in force any more.
      assert.equal(await page.evaluate(() => localStorage.getItem('chatgate:assistant:admin-token')), null);
      await notice.getByRole('button', { name: 'Record withdrawal' }).click();
      await notice.getByText('No consent was in force').waitFor();
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'assistant-opt-out-desktop');
      for (const [lang, message, heading] of [['ru', 'Отписаться от рассылки, пожалуйста', 'Просьба отписаться'], ['zh', '退订', '退订请求']]) {
        await page.goto(`${ledger.site}/assistant/?model=off&lang=${lang}`);
        await page.locator('#as-message').fill(message);
        await notice.getByText(heading).waitFor();
      }
      assert.deepEqual(log.pageErrors, []);
      await context.close();
    } finally {
      await ledger.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('hostile pastes: findings and marks are bounded with "and N more", text past the limit is said, axe clean', async () => {
    const { page, context, record } = await openAssistant(DESKTOP);
    const reply = page.getByLabel('Reply', { exact: true });
    await reply.fill('HELP '.repeat(4000) + 'Pay now!!!');
    await page.getByTestId('findings-more').waitFor();
    assert.equal(await page.locator('.as-finding').count(), 20);
    assert.ok(Number(/and (\d+) more/.exec(await page.getByTestId('findings-more').innerText())[1]) > 3900);
    assert.ok((await findings(page)).includes('exclamation'), 'the warning is shown before the suggestions');
    assert.ok(await page.locator('.as-layer mark').count() <= 20);
    await reply.fill('{{name}} '.repeat(2000));
    assert.ok(await page.locator('.as-layer mark').count() <= 120);
    await reply.fill('a'.repeat(30001));
    await page.getByRole('status').filter({ hasText: 'only its first 30000 characters' }).waitFor();
    await page.getByLabel("Customer's message").fill('我'.repeat(30001));
    assert.equal(await page.getByRole('status').filter({ hasText: 'only its first 30000 characters' }).count(), 2);
    await page.getByLabel("Customer's message").fill('我的订单还没到');
    await page.getByLabel('Reply', { exact: true }).fill('Hello');
    assert.equal(await page.getByRole('status').filter({ hasText: 'only its first' }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  });

  test('config: UI language, hours, rule overrides and a library URL; a bad config names its key and the page works', async () => {
    const { page, context, record } = await openPage(browser, DESKTOP);
    const custom = { version: 1, business: { name: 'Config Clinic' }, templates: [
      { id: 'late', lang: 'ru', category: 'complaint', title: 'Задержка', body: 'Здравствуйте!\r\nПростите за задержку!!!', examples: ['жду результаты неделю'] },
    ] };
    await page.route(`${server.site}/assistant/settings.js`, (route) => route.fulfill({ contentType: 'text/javascript',
      body: `window.ChatgateAssistant = { ui_lang: 'ru', library_url: 'custom-library.json', hours: { days: 'mon-sun', from: '00:00', to: '24:00' },
        rules: { disabled: ['no_empathy'] } };` }));
    await page.route(`${server.site}/assistant/custom-library.json`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(custom) }));
    await page.goto(`${server.site}/assistant/?now=2026-11-20T22:30:00Z&model=off`);
    await page.getByRole('heading', { name: 'Помощник для ответов' }).waitFor();
    await page.getByText(/Config Clinic: шаблонов — 1/).waitFor();
    await page.getByLabel('Сообщение клиента').fill('Я жду результаты анализов уже неделю, это безобразие!');
    assert.deepEqual(await suggestedIds(page), ['late']);
    // A template with CR line breaks: the highlight layer holds exactly the textarea's text (no drift).
    await page.locator('[role="listbox"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.as-layer mark').first().waitFor();
    const [value, layer] = await page.evaluate(() => [document.querySelector('#as-draft').value, document.querySelector('.as-layer').textContent]);
    assert.equal(value, 'Здравствуйте!\nПростите за задержку!!!');
    assert.ok(layer.length > 0 && value.startsWith(layer), JSON.stringify([value, layer]));
    await page.getByLabel('Номер WhatsApp').fill('+44 7911 123456');
    await page.getByLabel('Ответ', { exact: true }).fill('Здравствуйте. Результаты будут завтра.');
    await page.getByTestId('guard').getByText(/22:30 — рабочее время/).waitFor();
    assert.ok(!(await findings(page)).includes('no_empathy'), 'the rule is switched off');
    assert.deepEqual(record.consoleErrors, []);

    await page.route(`${server.site}/assistant/settings.js`, (route) => route.fulfill({ contentType: 'text/javascript',
      body: `window.ChatgateAssistant = { hours: { from: '25:00' } };` }));
    await page.goto(`${server.site}/assistant/?model=off`);
    await page.getByText(/Northfield Family Clinic/).waitFor();
    assert.equal(record.consoleErrors.length, 1);
    assert.match(record.consoleErrors[0], /`hours.from` must be a time/);
    await context.close();
  });
});
