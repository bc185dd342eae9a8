// What site owners expect of a WhatsApp button (issue 16): opening hours with the visitor's local time and the
// reply time, several contacts each with its own number and message, a page's own message, and the QR code on the
// confirmation screen on desktop. Each in English, Russian and Chinese, on a phone and a desktop, under a strict
// Content-Security-Policy, with axe. The clock is fixed with Playwright's `page.clock`; the visitor's time zone
// with the context's `timezoneId`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PHONE, ROOT, launchBrowser, screenshot, startHostSite, startServer } from './helpers.mjs';

const AXE = readFileSync(join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');
// The sizes the issue names: a phone and a 1366x768 desktop.
const SIZES = [['phone', PHONE], ['desktop', { width: 1366, height: 768 }]];

/** What each language says; the sentences are the spec of `www/i18n/*.txt`'s hours strings. */
const WORDS = {
  en: {
    launcher: 'Chat with Acme Clinic', contacts: 'Who would you like to chat with?', open: 'Open WhatsApp',
    closedUntil9: 'Closed now. Back at 09:00 — 18:00 your time.', openNow: 'Open now.', openShort: 'Open now',
    closedShort: 'Closed now', reply: 'Typically replies within an hour.', other: 'Choose someone else',
    qr: "Scan with your phone's camera to chat on WhatsApp", phoneField: 'Your WhatsApp number', submit: 'Get updates',
    done: 'You are subscribed'
  },
  ru: {
    launcher: 'Написать в Acme Clinic', contacts: 'С кем вы хотите связаться?', open: 'Открыть WhatsApp',
    closedUntil9: 'Сейчас закрыто. Вернёмся в 09:00 — 18:00 по вашему времени.', openNow: 'Сейчас открыто.',
    openShort: 'Сейчас открыто', closedShort: 'Сейчас закрыто', reply: 'Обычно отвечаем в течение часа.',
    other: 'Выбрать другого', qr: 'Отсканируйте камерой телефона, чтобы написать в WhatsApp',
    phoneField: 'Ваш номер WhatsApp', submit: 'Получать уведомления', done: 'Вы подписаны'
  },
  zh: {
    launcher: '联系Acme Clinic', contacts: '您想联系谁？', open: '打开 WhatsApp',
    closedUntil9: '现在休息中，09:00恢复服务（您当地时间 18:00）。', openNow: '现在营业中。', openShort: '营业中',
    closedShort: '休息中', reply: '通常一小时内回复。', other: '选择其他联系人', qr: '用手机相机扫码，在 WhatsApp 中聊天',
    phoneField: '您的 WhatsApp 号码', submit: '接收通知', done: '订阅成功'
  },
};

const HOURS = {
  timezone: 'Europe/London', days: 'mon-fri', from: '09:00', to: '18:00',
  reply_time: { en: 'within an hour', ru: 'в течение часа', zh: '一小时内' },
};
const CONTACTS = [
  { id: 'sales', name: 'Anna', role: { en: 'Sales', ru: 'Продажи', zh: '销售' }, phone: '+44 7911 123456', message: 'Hello Anna, a question about {{page_title}}' },
  { id: 'support', name: { en: 'Li Wei', ru: 'Ли Вэй', zh: '李伟' }, role: { en: 'Support', ru: 'Поддержка', zh: '技术支持' }, phone: '+86 139 1234 5678',
    hours: { timezone: 'Asia/Shanghai', days: 'mon-sat', from: '08:00', to: '20:00' } },
];
const PAGES = [
  { match: '/pricing*', message: 'A question about prices', greeting: { text: 'Need a quote?', delay_s: 2 } },
  { match: '/*', message: 'never used on /pricing: the first match wins' },
];
const PURPOSES = [{ id: 'results', label: { en: 'Test results', ru: 'Результаты анализов', zh: '检查结果' } }];

// Monday 16 November 2026: 07:00 in London (closed until 09:00), 15:00 in Shanghai (open), 16:00 in Tokyo.
const MONDAY_EARLY = '2026-11-16T07:00:00Z';
const MONDAY_MORNING = '2026-11-16T10:00:00Z';

let server;
let host;
let browser;

before(async () => {
  server = await startServer();
  host = await startHostSite();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await server?.stop();
});

/**
 * A customer's page at `path` under a strict CSP (settings in a file), opened at the fixed `time` by a visitor in
 * `timezoneId`. Records console errors, page errors and CSP violations.
 */
async function openSite(settings, { path, viewport, time, timezoneId = 'Asia/Tokyo' }) {
  const context = await browser.newContext({ viewport, timezoneId });
  const page = await context.newPage();
  const record = { consoleErrors: [], pageErrors: [] };
  page.on('console', (message) => { if (message.type() === 'error') record.consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => record.pageErrors.push(String(error)));
  await page.clock.setFixedTime(new Date(time));
  const csp = `default-src 'self'; script-src 'self' ${server.widget} 'wasm-unsafe-eval'; style-src 'self' ${server.widget}; connect-src 'self' ${server.widget}; img-src 'self' data:`;
  const script = `${path.replace(/\W/g, '_')}-settings.js`;
  host.put(`/${script}`, `window.ChatgateSettings = ${JSON.stringify(settings)};
    window.violations = []; document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
    window.handoffs = []; addEventListener('chatgate:handoff', (e) => window.handoffs.push(e.detail.url));`, {}, 'text/javascript');
  host.put(path, `<!doctype html><html lang="${settings.locale}"><head><meta charset="utf-8"><title>Plans</title><link rel="icon" href="data:,">
    <script src="/${script}"></script><script async src="${server.widget}/loader.js"></script></head>
    <body><main><h1>Plans and prices</h1><p>Our plans.</p></main></body></html>`, { 'Content-Security-Policy': csp });
  await page.goto(`${host.origin}${path}`);
  return { page, context, record };
}

async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
}

/** The page stayed clean: no CSP violation, no console error, no exception. */
async function assertClean(page, record) {
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
}

function waMe(href) {
  const url = new URL(href);
  assert.equal(url.host, 'wa.me');
  return { number: url.pathname.slice(1), text: url.searchParams.get('text') };
}

for (const locale of ['en', 'ru', 'zh']) {
  const w = WORDS[locale];
  describe(`issue 16 features in ${locale}`, () => {
    for (const [size, viewport] of SIZES) {
      test(`two contacts, closed and open, each handoff to its number, the page's message (${size})`, async () => {
        const settings = { business: 'Acme Clinic', locale, hours: HOURS, contacts: CONTACTS, pages: PAGES };
        const { page, context, record } = await openSite(settings, { path: '/pricing/plans', viewport, time: MONDAY_EARLY });
        await page.getByRole('button', { name: w.launcher }).click();
        const dialog = page.getByRole('dialog', { name: w.launcher });
        await dialog.getByRole('heading', { name: w.contacts }).waitFor();
        // Li has hours of her own, so the list says only who is open; the sentence comes with the contact.
        assert.equal(await dialog.getByTestId('hours').count(), 0);
        const anna = dialog.getByRole('button', { name: /Anna/ });
        const li = dialog.locator('[data-contact="support"]');
        assert.match(await anna.textContent(), new RegExp(`${w.closedShort}$`));
        assert.match(await li.textContent(), new RegExp(`${w.openShort}$`));
        await screenshot(page, `features-contacts-${locale}-${size}`);
        assert.deepEqual(await axeViolations(page), []);

        await anna.click();
        await dialog.getByRole('heading', { name: 'Anna' }).waitFor();
        const toAnna = waMe(await dialog.getByRole('link', { name: w.open }).getAttribute('href'));
        assert.deepEqual(toAnna, { number: '447911123456', text: 'Hello Anna, a question about Plans' });
        // The business is closed; the visitor in Tokyo reads the opening time in their own time too.
        assert.equal(await dialog.getByTestId('hours').textContent(), w.closedUntil9);
        assert.equal(await dialog.getByText(w.reply).count(), 1);
        if (size === 'desktop') await dialog.getByRole('img', { name: w.qr }).waitFor();
        assert.equal(await dialog.locator('.cg-qr').isVisible(), size === 'desktop');
        await screenshot(page, `features-anna-${locale}-${size}`);
        assert.deepEqual(await axeViolations(page), []);
        await dialog.getByRole('link', { name: w.open }).evaluate((link) => link.addEventListener('click', (e) => e.preventDefault()));
        await dialog.getByRole('link', { name: w.open }).click();
        assert.deepEqual(await page.evaluate(() => window.handoffs.map((url) => new URL(url).pathname)), ['/447911123456']);

        await dialog.getByRole('button', { name: new RegExp(w.other) }).click();
        await li.click();
        // Li has no message of her own: the page's (`/pricing*`, the first matching rule) is prefilled.
        const toLi = waMe(await dialog.getByRole('link', { name: w.open }).getAttribute('href'));
        assert.deepEqual(toLi, { number: '8613912345678', text: 'A question about prices' });
        assert.equal(await dialog.getByTestId('hours').textContent(), w.openNow);
        await screenshot(page, `features-li-${locale}-${size}`);
        assert.deepEqual(await axeViolations(page), []);
        await assertClean(page, record);
        await context.close();
      });

      test(`one number with hours: open now with the reply time, the /* page's message (${size})`, async () => {
        const settings = { business: 'Acme Clinic', locale, phone: '+44 7911 123456', message: 'Hello', hours: HOURS, pages: PAGES };
        const { page, context, record } = await openSite(settings, { path: '/', viewport, time: MONDAY_MORNING });
        await page.getByRole('button', { name: w.launcher }).click();
        const dialog = page.getByRole('dialog', { name: w.launcher });
        assert.equal(await dialog.getByTestId('hours').textContent(), w.openNow);
        await dialog.getByText(w.reply).waitFor();
        // The `/*` rule matches `/`: its message is prefilled.
        const link = waMe(await dialog.getByRole('link', { name: w.open }).getAttribute('href'));
        assert.deepEqual(link, { number: '447911123456', text: 'never used on /pricing: the first match wins' });
        await screenshot(page, `features-open-${locale}-${size}`);
        assert.deepEqual(await axeViolations(page), []);
        await assertClean(page, record);
        await context.close();
      });

      test(`the confirmation offers the QR code on desktop only (${size})`, async () => {
        const settings = { business: 'Acme Clinic', locale, phone: '+44 7911 123456', region: 'GB', privacy_url: '/privacy', purposes: PURPOSES, chat: false };
        const { page, context, record } = await openSite(settings, { path: '/signup', viewport, time: MONDAY_MORNING });
        await page.getByRole('button', { name: w.launcher }).click();
        const dialog = page.getByRole('dialog', { name: w.launcher });
        await dialog.getByLabel(w.phoneField).fill('07700 900123');
        await dialog.locator('#cg-purpose-0').check();
        await dialog.getByRole('button', { name: w.submit }).click();
        await dialog.getByRole('heading', { name: w.done }).waitFor();
        const qr = dialog.getByRole('img', { name: w.qr });
        if (size === 'desktop') await qr.waitFor();
        assert.equal(await qr.isVisible(), size === 'desktop');
        // The QR code encodes the same link as the "Say hello" button (the business's number).
        const hello = waMe(await dialog.getByRole('link').first().getAttribute('href'));
        assert.equal(hello.number, '447911123456');
        await screenshot(page, `features-done-qr-${locale}-${size}`);
        assert.deepEqual(await axeViolations(page), []);
        await assertClean(page, record);
        await context.close();
      });
    }
  });
}

describe('closed and bad config', () => {
  test('closed: "hide" hides the chat path while closed, the opt-in stays', async () => {
    const settings = { business: 'Acme Clinic', locale: 'en', phone: '+44 7911 123456', privacy_url: '/privacy', purposes: PURPOSES,
      hours: { ...HOURS, closed: 'hide' } };
    const closed = await openSite(settings, { path: '/hide', viewport: PHONE, time: MONDAY_EARLY });
    await closed.page.getByRole('button', { name: WORDS.en.launcher }).click();
    const dialog = closed.page.getByRole('dialog', { name: WORDS.en.launcher });
    await dialog.getByLabel(WORDS.en.phoneField).waitFor();
    assert.equal(await dialog.getByRole('link', { name: WORDS.en.open }).count(), 0);
    assert.equal(await dialog.getByRole('button', { name: /Back/ }).count(), 0);
    await assertClean(closed.page, closed.record);
    await closed.context.close();
    const open = await openSite(settings, { path: '/hide', viewport: PHONE, time: MONDAY_MORNING });
    await open.page.getByRole('button', { name: WORDS.en.launcher }).click();
    await open.page.getByRole('button', { name: /Chat now on WhatsApp/ }).waitFor();
    await open.context.close();
  });

  test('contacts that keep the business hours: the sentence is above the list', async () => {
    const contacts = CONTACTS.map(({ hours, ...contact }) => contact);
    const settings = { business: 'Acme Clinic', locale: 'en', hours: HOURS, contacts };
    const { page, context, record } = await openSite(settings, { path: '/shared', viewport: PHONE, time: MONDAY_EARLY });
    await page.getByRole('button', { name: WORDS.en.launcher }).click();
    const dialog = page.getByRole('dialog', { name: WORDS.en.launcher });
    await dialog.getByRole('heading', { name: WORDS.en.contacts }).waitFor();
    assert.equal(await dialog.getByTestId('hours').textContent(), WORDS.en.closedUntil9);
    assert.equal(await dialog.getByText(WORDS.en.closedShort, { exact: true }).count(), 2);
    await assertClean(page, record);
    await context.close();
  });

  test('every contact closed with closed: "hide" and no opt-in: the dialog says when it opens, no link', async () => {
    const contacts = [
      { ...CONTACTS[0], hours: { ...HOURS, closed: 'hide' } },
      { ...CONTACTS[1], hours: { ...CONTACTS[1].hours, closed: 'hide' } },
    ];
    // Sunday 15 November 2026, 03:00 in London, 11:00 in Shanghai: both closed.
    const { page, context, record } = await openSite({ business: 'Acme Clinic', locale: 'en', contacts },
      { path: '/sunday', viewport: PHONE, time: '2026-11-15T03:00:00Z' });
    await page.getByRole('button', { name: WORDS.en.launcher }).click();
    const dialog = page.getByRole('dialog', { name: WORDS.en.launcher });
    assert.equal(await dialog.getByTestId('hours').textContent(), 'Closed now. Back tomorrow at 09:00 — 18:00 your time.');
    assert.equal(await dialog.getByRole('link').count(), 0);
    assert.equal(await dialog.locator('[data-contact]').count(), 0);
    await screenshot(page, 'features-all-hidden-en-phone');
    assert.deepEqual(await axeViolations(page), []);
    await assertClean(page, record);
    await context.close();
  });

  for (const [settings, field] of [
    [{ hours: { ...HOURS, timezone: 'Europe/Londn' } }, 'hours.timezone'],
    [{ contacts: [CONTACTS[0], { ...CONTACTS[1], phone: '12' }] }, 'contacts[1].phone'],
    // Leading digits no Chinese number has: refused once the checker has fetched the +86 lines.
    [{ contacts: [CONTACTS[0], { ...CONTACTS[1], phone: '+86 123456789' }] }, 'contacts[1].phone'],
    [{ phone: '+44 7911 123456', pages: [{ match: 'pricing' }] }, 'pages[0].match'],
    [{ phone: '+44 7911 123456', greeting: { text: 'Hi', delay_s: 9999 } }, 'greeting.delay_s'],
  ]) {
    test(`a bad \`${field}\` (${JSON.stringify(settings).slice(0, 60)}) is one console error naming it, and the page keeps working`, async () => {
      const { page, context, record } = await openSite({ business: 'Acme Clinic', locale: 'en', ...settings },
        { path: `/bad-${field.replace(/\W/g, '')}-${JSON.stringify(settings).length}`, viewport: PHONE, time: MONDAY_MORNING });
      // The launcher bundle checks the config after load; give it time to speak, and to speak twice if it would.
      for (let waited = 0; record.consoleErrors.length === 0 && waited < 10000; waited += 100) await page.waitForTimeout(100);
      await page.waitForTimeout(500);
      assert.equal(record.consoleErrors.length, 1, record.consoleErrors.join('\n'));
      assert.ok(record.consoleErrors[0].includes(`\`${field}\``), record.consoleErrors[0]);
      assert.equal(await page.getByRole('button', { name: WORDS.en.launcher }).count(), 0);
      assert.equal(await page.getByRole('heading', { name: 'Plans and prices' }).count(), 1);
      assert.deepEqual(record.pageErrors, []);
      await context.close();
    });
  }
});

/** The greeting in each language, and a page's own, as the core's `greeting_to_show` picks them. */
const GREETINGS = {
  en: { text: "Questions about your results? We're on WhatsApp.", dismiss: 'Dismiss' },
  ru: { text: 'Вопросы о результатах? Мы в WhatsApp.', dismiss: 'Закрыть' },
  zh: { text: '对检查结果有疑问？我们在 WhatsApp 上。', dismiss: '关闭' },
};

/** Whether two boxes overlap. */
function overlap(a, b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

for (const locale of ['en', 'ru', 'zh']) {
  const w = WORDS[locale];
  const g = GREETINGS[locale];
  describe(`the greeting in ${locale}`, () => {
    for (const [size, viewport] of SIZES) {
      test(`shows after its delay beside the launcher, never takes focus, and once dismissed is not shown again (${size})`, async () => {
        const settings = {
          business: 'Acme Clinic', locale, phone: '+44 7911 123456',
          greeting: { text: { en: GREETINGS.en.text, ru: GREETINGS.ru.text, zh: GREETINGS.zh.text }, delay_s: 1 },
          pages: [{ match: '/pricing*', greeting: { text: 'Need a quote?', delay_s: 1 } }, { match: '/private*', greeting: false }],
        };
        const { page, context, record } = await openSite(settings, { path: '/results', viewport, time: MONDAY_MORNING });
        const launcher = page.getByRole('button', { name: w.launcher });
        await launcher.waitFor();
        // Nothing before the delay, and nothing stored before the visitor does anything.
        assert.equal(await page.getByRole('status').count(), 0);
        const status = page.getByRole('status').filter({ hasText: g.text });
        await status.waitFor({ timeout: 15000 });
        assert.equal(await page.evaluate(() => localStorage.length), 0);
        assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'focus stays where it was');
        const bubble = await page.locator('.cg-greeting').boundingBox();
        const button = await launcher.boundingBox();
        assert.ok(!overlap(bubble, button), `the bubble ${JSON.stringify(bubble)} covers the launcher ${JSON.stringify(button)}`);
        assert.ok(bubble.x >= 0 && bubble.x + bubble.width <= viewport.width, 'the bubble fits the screen');
        await screenshot(page, `features-greeting-${locale}-${size}`);
        assert.deepEqual(await axeViolations(page), []);

        await page.getByRole('button', { name: g.dismiss }).click();
        await status.waitFor({ state: 'detached' });
        assert.equal(await page.evaluate(() => localStorage.getItem('chatgate:greeting-seen')), '1');
        await page.reload();
        await launcher.waitFor();
        await page.waitForTimeout(3500);
        assert.equal(await page.getByRole('status').filter({ hasText: g.text }).count(), 0, 'shown again after dismissal');
        await assertClean(page, record);
        await context.close();
      });
    }
  });
}

test("a page's own greeting replaces the config's; opening the widget ends it and is remembered; `false` switches it off", async () => {
  const settings = {
    business: 'Acme Clinic', locale: 'en', phone: '+44 7911 123456',
    greeting: { text: GREETINGS.en.text, delay_s: 1 },
    pages: [{ match: '/pricing*', greeting: { text: 'Need a quote?', delay_s: 1 } }, { match: '/private*', greeting: false }],
  };
  const { page, context, record } = await openSite(settings, { path: '/pricing/plans', viewport: PHONE, time: MONDAY_MORNING });
  const quote = page.getByRole('status').filter({ hasText: 'Need a quote?' });
  await quote.waitFor({ timeout: 15000 });
  assert.equal(await page.getByRole('status').filter({ hasText: GREETINGS.en.text }).count(), 0);
  await page.getByRole('button', { name: WORDS.en.launcher }).click();
  await page.getByRole('dialog', { name: WORDS.en.launcher }).waitFor();
  await quote.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => localStorage.getItem('chatgate:greeting-seen')), '1');
  await assertClean(page, record);
  await context.close();

  const off = await openSite(settings, { path: '/private/area', viewport: PHONE, time: MONDAY_MORNING });
  await off.page.getByRole('button', { name: WORDS.en.launcher }).waitFor();
  await off.page.waitForTimeout(3500);
  assert.equal(await off.page.getByRole('status').count(), 0);
  assert.equal(await off.page.evaluate(() => localStorage.length), 0);
  await assertClean(off.page, off.record);
  await off.context.close();
});
