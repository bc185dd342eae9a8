// The visitor widget end to end: the demo site on one origin embedding the built widget from another,
// exactly as README tells customers, in headless Chromium.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, ROOT, launchBrowser, openPage, screenshot, startHostSite, startServer } from './helpers.mjs';

const AXE = readFileSync(join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');
const CLINIC = 'Northfield Family Clinic';

let server;
let host;
let browser;
let folder;

before(async () => {
  // The demo as `make run` serves it: with the consent receiver its settings send consents to.
  folder = mkdtempSync(join(tmpdir(), 'chatgate-demo-'));
  server = await startServer({ db: join(folder, 'consents.db'), token: 'demo-test-token' });
  host = await startHostSite();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Opens a page of a customer's site (its own origin); the widget comes from the real widget server. */
async function hostPage(page, path, html, headers) {
  host.put(path, html, headers);
  await page.goto(`${host.origin}${path}`);
}

function loaderTag(extra = '') {
  return `<script async src="${server.widget}/loader.js"${extra}></script>`;
}

/** A customer's page with settings (as a script) and the loader. */
function sitePage(settings, { head = '', body = '', lang = 'en' } = {}) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Test site</title><link rel="icon" href="data:,">${head}</head>
    <body><main><h1>Test site</h1>${body}</main><script>window.ChatgateSettings = ${JSON.stringify(settings)};
    window.events = []; for (const name of ['ready','open','close','consent','withdraw','handoff','error'])
      window.addEventListener('chatgate:' + name, (e) => window.events.push([name, e.detail]));</script>${loaderTag()}</body></html>`;
}

const PURPOSES = [
  { id: 'results', label: { en: 'Test results', ru: 'Результаты анализов', zh: '检查结果' }, value: { en: 'the day they are ready', ru: 'в день готовности', zh: '当天通知' } },
  { id: 'offers', label: { en: 'Offers', ru: 'Предложения', zh: '优惠' } },
];
const SETTINGS = { business: 'Acme Clinic', phone: '+44 7911 123456', region: 'GB', privacy_url: 'https://acme.example/privacy', purposes: PURPOSES };

async function axeViolations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  return result;
}

async function events(page, name) {
  return page.evaluate((wanted) => window.events.filter(([n]) => n === wanted).map(([, detail]) => detail), name);
}

describe('demo site', () => {
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`launcher, both paths, opt-in and withdraw, with screenshots and axe (${label})`, async () => {
      const { page, context, record } = await openPage(browser, viewport);
      await page.goto(`${server.site}/`);
      const launcher = page.getByRole('button', { name: `Chat with ${CLINIC}` });
      await launcher.waitFor();
      // Before any interaction: nothing stored, no request beyond the widget's own launcher files.
      assert.equal(await page.evaluate(() => localStorage.length), 0);
      assert.ok(!record.requests.some((url) => url.includes('panel')), 'the dialog loads on interaction only');
      await screenshot(page, `demo-launcher-${label}`);
      assert.deepEqual(await axeViolations(page), []);

      if (label === 'desktop') {
        // Pointing at the launcher loads the dialog and builds it hidden, ahead of the click: still nothing
        // stored, no event, no visible dialog; the click then shows that same element.
        await page.evaluate(() => { window.opened = 0; addEventListener('chatgate:open', () => { window.opened += 1; }); });
        await launcher.hover();
        await page.waitForFunction(() => document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-panel[hidden]'));
        assert.equal(await page.getByRole('dialog').count(), 0);
        assert.equal(await page.evaluate(() => localStorage.length), 0);
        assert.equal(await page.evaluate(() => window.opened), 0);
        await page.evaluate(() => { document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-panel').dataset.prepared = ''; });
      }
      await launcher.click();
      const dialog = page.getByRole('dialog', { name: `Chat with ${CLINIC}` });
      await dialog.waitFor();
      if (label === 'desktop') assert.equal(await dialog.getAttribute('data-prepared'), '', 'the click showed the prepared dialog');
      await screenshot(page, `demo-home-${label}`);
      assert.deepEqual(await axeViolations(page), []);

      await page.getByRole('button', { name: /Chat now on WhatsApp/ }).click();
      const open = page.getByRole('link', { name: 'Open WhatsApp' });
      const url = new URL(await open.getAttribute('href'));
      assert.equal(url.origin + url.pathname, 'https://wa.me/447911123456');
      assert.equal(url.searchParams.get('text'), 'Hello, I have a question about an appointment.');
      // The QR code is for desktop-sized screens only: its encoder (qr.js, qr_bg.wasm) is loaded for them alone.
      const qr = page.getByRole('img', { name: /Scan with your phone/ });
      const qrLoaded = () => record.requests.some((url) => url.includes('qr_bg.wasm'));
      if (label === 'desktop') await qr.waitFor();
      assert.equal(await qr.isVisible(), label === 'desktop', 'the QR code is for desktop screens only');
      assert.equal(qrLoaded(), label === 'desktop', 'the QR encoder is loaded on desktop-sized screens only');
      await screenshot(page, `demo-chat-${label}`);
      assert.deepEqual(await axeViolations(page), []);
      if (label === 'desktop') {
        // The code follows the message (the encoder is asked again, the last code shown meanwhile).
        const before = await qr.locator('path').getAttribute('d');
        await page.getByLabel('Your message').fill('A different question');
        await page.waitForFunction((old) => {
          const path = document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-qr path');
          return path && path.getAttribute('d') !== old;
        }, before);
      } else {
        // A phone turned into a desktop-sized window: the code is drawn then.
        await page.setViewportSize(DESKTOP);
        await qr.waitFor();
        assert.ok(qrLoaded());
        await page.setViewportSize(PHONE);
      }

      await page.getByRole('button', { name: /Back/ }).click();
      await page.getByRole('button', { name: /Get updates on WhatsApp/ }).click();
      await page.getByRole('button', { name: 'Get updates' }).click();
      await page.getByText('Enter your WhatsApp number.').waitFor();
      await page.getByText('Tick at least one box to get updates.').waitFor();
      await screenshot(page, `demo-optin-errors-${label}`);
      assert.deepEqual(await axeViolations(page), []);

      await page.getByLabel('Your WhatsApp number').fill('07700 900123');
      await page.getByLabel(/Test results/).check();
      await page.getByRole('button', { name: 'Get updates' }).click();
      await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
      const reference = (await page.getByText(/Your reference:/).textContent()).replace('Your reference: ', '');
      assert.match(reference, /^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
      const hello = new URL(await page.getByRole('link', { name: 'Say hello on WhatsApp' }).getAttribute('href'));
      assert.ok(hello.searchParams.get('text').includes(reference), 'the confirmation message carries the reference');
      await screenshot(page, `demo-done-${label}`);
      assert.deepEqual(await axeViolations(page), []);

      // Later: the visitor reopens the widget and withdraws with one click; the record is kept, withdrawn.
      await page.keyboard.press('Escape');
      await launcher.click();
      await page.getByRole('button', { name: 'Your WhatsApp updates' }).click();
      await page.getByText(/\+44\s7700900123/).waitFor();
      await screenshot(page, `demo-manage-${label}`);
      assert.deepEqual(await axeViolations(page), []);
      await page.getByRole('button', { name: 'Withdraw consent' }).click();
      await page.getByText(/will no longer send you updates/).waitFor();
      await screenshot(page, `demo-withdrawn-${label}`);
      assert.deepEqual(await axeViolations(page), []);
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('chatgate:consents:v1')));
      assert.equal(stored.length, 1);
      assert.ok(stored[0].withdrawn_at, 'withdrawal is recorded, not a delete');
      // The demo's receiver got the consent and then its withdrawal.
      for (let i = 0; i < 100 && !(await server.consents()).some((r) => r.consent_id === stored[0].consent_id && r.withdrawn_at); i++) {
        await page.waitForTimeout(100);
      }
      const received = (await server.consents()).filter((r) => r.consent_id === stored[0].consent_id);
      assert.equal(received.length, 1);
      assert.equal(received[0].withdrawn_at, stored[0].withdrawn_at);
      assert.deepEqual(record.consoleErrors, []);
      assert.deepEqual(record.pageErrors, []);
      const foreign = record.requests.filter((u) => !u.startsWith(server.site) && !u.startsWith(server.widget));
      assert.deepEqual(foreign, []);
      await context.close();
    });
  }
});

describe('opt-in', () => {
  test('validation messages, the complete consent record, events and dataLayer', async () => {
    const { page, context } = await openPage(browser);
    await hostPage(page, '/optin.html', sitePage({ ...SETTINGS, chat: false, data_layer: true }));
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
    const phone = page.getByLabel('Your WhatsApp number');
    const submit = page.getByRole('button', { name: 'Get updates' });
    await page.getByLabel(/Offers/).check();
    for (const [input, message] of [
      ['', 'Enter your WhatsApp number.'],
      ['07911 12', 'This number is too short for the country chosen.'],
      ['07911 1234567890', 'This number is too long for the country chosen.'],
      ['call me', 'A phone number can only contain digits, spaces, a leading + and - . ( ).'],
      ['+999 123 4567', 'This country code does not exist. Check the digits after the +.'],
    ]) {
      await phone.fill(input);
      await submit.click();
      await page.getByText(message).waitFor();
      assert.equal(await phone.getAttribute('aria-invalid'), 'true', input);
    }
    await page.getByLabel(/Offers/).uncheck();
    await phone.fill('+7 912 345-67-89');
    await submit.click();
    await page.getByText('Tick at least one box to get updates.').waitFor();
    assert.deepEqual(await events(page, 'consent'), [], 'an unchecked box blocks the submit');
    await page.getByLabel(/Test results/).check();
    await submit.click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    const [consent] = await events(page, 'consent');
    assert.deepEqual(Object.keys(consent).sort(), ['business', 'business_phone', 'consent_id', 'given_at', 'locale', 'method', 'page', 'phone',
      'purposes', 'text', 'text_version', 'withdrawn_at']);
    assert.equal(consent.phone, '+79123456789');
    assert.equal(consent.business_phone, '+447911123456');
    assert.deepEqual(consent.purposes, ['results']);
    assert.equal(consent.business, 'Acme Clinic');
    assert.equal(consent.method, 'widget-checkbox');
    assert.equal(consent.locale, 'en');
    assert.equal(consent.page, `${host.origin}/optin.html`);
    assert.equal(consent.withdrawn_at, null);
    assert.match(consent.consent_id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(consent.text_version, /^v1-[0-9a-f]{16}$/);
    assert.ok(Math.abs(Date.parse(consent.given_at) - Date.now()) < 60_000);
    for (const part of ['Acme Clinic', 'Test results', 'Offers', 'reply STOP', 'https://acme.example/privacy']) {
      assert.ok(consent.text.includes(part), `the recorded text includes ${part}`);
    }
    const layer = await page.evaluate(() => window.dataLayer);
    assert.equal(layer[0].event, 'generate_lead');
    assert.ok(!JSON.stringify(layer).includes('7912'), 'no phone number in the dataLayer');
    // The API withdraws too.
    await page.evaluate(() => Chatgate('withdraw'));
    const [withdrawn] = await events(page, 'withdraw');
    assert.equal(withdrawn.consent_id, consent.consent_id);
    assert.ok(withdrawn.withdrawn_at);
    await context.close();
  });

  // The dialog embeds no phone table (session 12): a number of another calling code is read once its lines
  // (phone/<code>.txt beside the bundle) are fetched; a failed fetch is said in the field, never a silent accept.
  test("a visitor's number of another country is read with its table lines; a failed fetch says so", async () => {
    const { page, context, record } = await openPage(browser);
    const widgetFiles = () => record.requests.filter((url) => url.startsWith(server.widget)).map((url) => new URL(url).pathname.slice(1));
    let failing = true;
    await page.route(/\/phone\/49\.txt$/, (route) => (failing ? route.abort() : route.continue()));
    await hostPage(page, '/tables.html', sitePage({ ...SETTINGS, chat: false }));
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
    const phone = page.getByLabel('Your WhatsApp number');
    await page.getByLabel(/Test results/).check();
    await phone.fill('+49 1512 3456789');
    await page.getByRole('button', { name: 'Get updates' }).click();
    await page.getByText('Your number could not be checked: the connection failed. Try again.').waitFor();
    assert.equal(await phone.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await events(page, 'consent'), [], 'no consent without the number checked');
    failing = false;
    await page.getByRole('button', { name: 'Get updates' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    const [consent] = await events(page, 'consent');
    assert.equal(consent.phone, '+4915123456789');
    assert.ok(widgetFiles().includes('phone/49.txt'));
    assert.ok(!widgetFiles().includes('phone/44.txt') || widgetFiles().filter((file) => file === 'phone/44.txt').length === 1,
      'the config\'s lines are fetched at most once');
    await context.close();
  });

  for (const [locale, title, submitLabel, error] of [
    ['ru', 'Написать в Acme Clinic', 'Получать уведомления', 'Введите номер WhatsApp.'],
    ['zh', '联系Acme Clinic', '接收通知', '请输入您的 WhatsApp 号码。'],
  ]) {
    test(`both paths in ${locale}`, async () => {
      const { page, context, record } = await openPage(browser, DESKTOP);
      await hostPage(page, `/${locale}.html`, sitePage({ ...SETTINGS, locale }, { lang: locale }));
      await page.getByRole('button', { name: title }).click();
      const dialog = page.getByRole('dialog', { name: title });
      await dialog.waitFor();
      await dialog.getByRole('button').nth(1).click(); // chat now
      const url = new URL(await dialog.getByRole('link').first().getAttribute('href'));
      assert.equal(url.pathname, '/447911123456');
      await dialog.getByRole('button').nth(1).click(); // back
      await dialog.getByRole('button').nth(2).click(); // updates
      await page.getByRole('button', { name: submitLabel }).click();
      await page.getByText(error).waitFor();
      await screenshot(page, `optin-errors-${locale}`);
      await dialog.locator('#cg-phone').fill('07700 900123');
      await dialog.locator('#cg-purpose-0').check();
      await page.getByRole('button', { name: submitLabel }).click();
      const [consent] = await events(page, 'consent');
      assert.equal(consent.locale, locale);
      assert.ok(consent.text.includes(locale === 'ru' ? 'Результаты анализов' : '检查结果'));
      await screenshot(page, `optin-done-${locale}`);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(record.consoleErrors, []);
      await context.close();
    });
  }

  test("another language's texts come with the dialog; without them it reads English and says why", async () => {
    // Fetched once, beside the dialog bundle (the dialog embeds English only).
    let { page, context, record } = await openPage(browser, DESKTOP);
    await hostPage(page, '/ru-texts.html', sitePage({ ...SETTINGS, locale: 'ru' }, { lang: 'ru' }));
    await page.getByRole('button', { name: 'Написать в Acme Clinic' }).click();
    await page.getByRole('dialog', { name: 'Написать в Acme Clinic' }).getByRole('button', { name: 'Закрыть' }).waitFor();
    assert.equal(record.requests.filter((url) => url.endsWith('/i18n/ru.txt')).length, 1);
    assert.deepEqual(record.consoleErrors, []);
    await context.close();
    // The file cannot be fetched: the loader's try and the dialog's own fail, the dialog opens in English (and
    // says so in `lang`, as the launcher does), and the console says which file was missing.
    ({ page, context, record } = await openPage(browser, DESKTOP));
    await page.route(/\/i18n\/ru\.txt$/, (route) => route.abort());
    await hostPage(page, '/ru-no-texts.html', sitePage({ ...SETTINGS, locale: 'ru' }, { lang: 'ru' }));
    await page.getByRole('button', { name: 'Написать в Acme Clinic' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat with Acme Clinic' });
    await dialog.getByRole('button', { name: 'Close' }).waitFor();
    await dialog.getByRole('button', { name: 'Chat now on WhatsApp' }).waitFor();
    assert.equal(await dialog.getAttribute('lang'), 'en', 'the language of what it shows');
    assert.equal(await page.getByRole('button', { name: 'Chat with Acme Clinic', exact: true }).getAttribute('lang'), 'en');
    assert.equal(record.requests.filter((url) => url.endsWith('/i18n/ru.txt')).length, 2);
    // (The browser also logs each refused request; ours is the one line that starts with the widget's name.)
    const ours = record.consoleErrors.filter((line) => line.startsWith('Chatgate'));
    assert.equal(ours.length, 1, record.consoleErrors.join('\n'));
    assert.match(ours[0], /i18n\/ru\.txt/);
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  });
});

describe('accessibility', () => {
  test('keyboard only: open, Tab stays inside, complete the opt-in, Escape returns to the launcher', async () => {
    const { page, context } = await openPage(browser);
    await hostPage(page, '/keyboard.html', sitePage({ ...SETTINGS, chat: false }, { body: '<a href="#x">Skip</a>' }));
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).waitFor();
    const inWidget = () => page.evaluate(() => document.activeElement?.hasAttribute('data-chatgate-host') ?? false);
    const focused = () => page.evaluate(() => {
      const el = document.querySelector('[data-chatgate-host]').shadowRoot.activeElement;
      return el ? (el.id || el.className || el.tagName) : null;
    });
    for (let i = 0; i < 5 && !(await inWidget()); i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'cg-launcher');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-chatgate-host]').shadowRoot.activeElement?.closest('[role=dialog]'));
    // Tab through more than every control: focus never leaves the dialog.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => !!document.querySelector('[data-chatgate-host]').shadowRoot.activeElement?.closest('[role=dialog]')));
    }
    await page.locator('#cg-phone').focus();
    await page.keyboard.type('07700 900123');
    await page.keyboard.press('Tab'); // to the first checkbox (after the consent intro)
    while ((await focused()) !== 'cg-purpose-0') await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    while ((await focused()) !== 'cg-primary') await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('[role=dialog]:not([hidden])'));
    assert.equal(await focused(), 'cg-launcher');
    await context.close();
  });
});

describe('themes and motion', () => {
  /** Whether the open dialog's background is dark, and its animation's name. */
  const panelStyle = (page) => page.evaluate(() => {
    const panel = document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-panel:not([hidden])');
    const style = getComputedStyle(panel);
    const [r, g, b] = style.backgroundColor.match(/\d+/g).map(Number);
    return { dark: (r + g + b) / 3 < 96, animation: style.animationName };
  });

  test('dark mode and reduced motion are honoured unless the config fixes the colours; axe in each', async () => {
    for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      const { page, context, record } = await openPage(browser, viewport);
      await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
      await hostPage(page, `/dark-${label}.html`, sitePage(SETTINGS));
      await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
      await page.getByRole('dialog').waitFor();
      assert.deepEqual(await panelStyle(page), { dark: true, animation: 'none' });
      await screenshot(page, `dark-home-${label}`);
      assert.deepEqual(await axeViolations(page), []);
      await page.getByRole('button', { name: /Get updates on WhatsApp/ }).click();
      await page.getByRole('button', { name: 'Get updates' }).click();
      await page.getByText('Enter your WhatsApp number.').waitFor();
      await screenshot(page, `dark-optin-errors-${label}`);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(record.consoleErrors, []);
      await context.close();
    }
    // A fixed accent fixes the light theme, even in dark mode; theme: 'dark' fixes the dark one in light mode.
    for (const [settings, scheme, dark] of [[{ accent: '#ffcc00' }, 'dark', false], [{ theme: 'dark' }, 'light', true]]) {
      const { page, context } = await openPage(browser, DESKTOP);
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'no-preference' });
      await hostPage(page, `/fixed-${scheme}.html`, sitePage({ ...SETTINGS, ...settings }));
      await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
      await page.getByRole('dialog').waitFor();
      const style = await panelStyle(page);
      assert.equal(style.dark, dark, JSON.stringify(settings));
      assert.equal(style.animation, 'cg-in', 'the dialog moves in when motion is welcome');
      await page.getByRole('button', { name: /Get updates on WhatsApp/ }).click();
      await page.getByLabel(/Test results/).waitFor();
      assert.deepEqual(await axeViolations(page), [], `contrast with ${JSON.stringify(settings)}`);
      if (settings.accent) {
        // The company's colour is used, with text that reads on it.
        const button = await page.evaluate(() => {
          const style = getComputedStyle(document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-primary'));
          return [style.backgroundColor, style.color];
        });
        assert.deepEqual(button, ['rgb(255, 204, 0)', 'rgb(17, 20, 23)']);
        await screenshot(page, 'fixed-accent-in-dark-mode');
      }
      await context.close();
    }
  });
});

describe('layout options', () => {
  test("position: 'left' puts the launcher and the dialog in the left corner; single_checkbox gives one box for all purposes", async () => {
    for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      const { page, context, record } = await openPage(browser, viewport);
      await hostPage(page, `/left-${label}.html`, sitePage({ ...SETTINGS, chat: false, position: 'left', single_checkbox: true }));
      const launcher = page.getByRole('button', { name: 'Chat with Acme Clinic' });
      const box = await launcher.boundingBox();
      assert.ok(box.x < 40, `launcher at x=${box.x}`);
      await launcher.click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      const panel = await dialog.boundingBox();
      assert.ok(panel.x < 40 && panel.x + panel.width <= viewport.width, `dialog at x=${panel.x}, width ${panel.width}`);
      const boxes = dialog.getByRole('checkbox');
      assert.equal(await boxes.count(), 1);
      const text = await dialog.locator('label[for="cg-purpose-0"]').innerText();
      assert.ok(text.includes('Test results') && text.includes('Offers'), text);
      await screenshot(page, `left-single-checkbox-${label}`);
      assert.deepEqual(await axeViolations(page), []);
      await page.getByLabel('Your WhatsApp number').fill('07700 900123');
      await boxes.check();
      await page.getByRole('button', { name: 'Get updates' }).click();
      const [consent] = await events(page, 'consent');
      assert.deepEqual(consent.purposes, ['results', 'offers'], 'one box agrees to every purpose');
      assert.deepEqual(record.consoleErrors, []);
      await context.close();
    }
  });
});

describe('embedding', () => {
  test('data- attributes configure the widget; a double include mounts once; queued calls replay', async () => {
    const { page, context, record } = await openPage(browser);
    const stub = `<script>window.Chatgate = window.Chatgate || function () { (Chatgate.q = Chatgate.q || []).push(arguments); };
      Chatgate('open');
      window.readyLog = [];
      window.addEventListener('chatgate:ready', () => window.readyLog.push(
        Boolean(document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-launcher'))));</script>`;
    const tag = loaderTag(' data-business="Тест Клиника" data-phone="8 912 345 67 89" data-region="RU" data-locale="en"');
    await hostPage(page, '/embed.html', `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>${stub}${tag}${tag}</body></html>`);
    await page.getByRole('dialog', { name: 'Chat with Тест Клиника' }).waitFor();
    assert.equal(await page.locator('[data-chatgate-host]').count(), 1);
    // Ready once, when the launcher is there (start-up is split across tasks; the queue waits for it).
    assert.deepEqual(await page.evaluate(() => window.readyLog), [true]);
    const href = await page.getByRole('link', { name: 'Open WhatsApp' }).getAttribute('href');
    assert.equal(href, 'https://wa.me/79123456789');
    assert.deepEqual(record.consoleErrors, []);
    const globals = await page.evaluate(() => Object.keys(window).filter((key) => /chatgate/i.test(key)));
    assert.deepEqual(globals, ['Chatgate']);
    await context.close();
  });

  test("Chatgate('set') changes the language and the message; bad calls say what is expected", async () => {
    const { page, context, record } = await openPage(browser);
    await hostPage(page, '/set.html', sitePage({ business: 'Acme', phone: '+44 7911 123456', locale: 'en' }));
    await page.getByRole('button', { name: 'Chat with Acme' }).waitFor();
    await page.evaluate(() => { Chatgate('set', { locale: 'ru', message: 'Вопрос о {{page_title}}' }); Chatgate('open'); });
    await page.getByRole('dialog', { name: 'Написать в Acme' }).waitFor();
    const launcher = page.getByRole('button', { name: 'Написать в Acme' });
    assert.equal(await launcher.getAttribute('lang'), 'ru', 'the launcher is renamed, in the new language');
    const href = await page.getByRole('link', { name: 'Открыть WhatsApp' }).getAttribute('href');
    assert.equal(new URL(href).searchParams.get('text'), 'Вопрос о Test site');
    assert.deepEqual(record.consoleErrors, []);
    await page.evaluate(() => { Chatgate('set', { locale: 'fr' }); Chatgate('jump'); });
    assert.equal(record.consoleErrors.length, 2);
    assert.match(record.consoleErrors[0], /`locale` "fr" is not auto or one of en, ru, zh/);
    assert.match(record.consoleErrors[1], /unknown command 'jump'/);
    await context.close();
  });

  test('on a slow network the launcher shows it is busy, and clicking twice opens the dialog once', async () => {
    const { page, context, record } = await openPage(browser, PHONE);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(/\/panel_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    await hostPage(page, '/slow.html', sitePage({ business: 'Acme', phone: '+44 7911 123456', locale: 'en' }));
    const launcher = page.getByRole('button', { name: 'Chat with Acme' });
    await launcher.click();
    await launcher.click(); // nothing seemed to happen
    assert.equal(await launcher.getAttribute('aria-busy'), 'true');
    await screenshot(page, 'launcher-busy-phone');
    release();
    await page.getByRole('dialog', { name: 'Chat with Acme' }).waitFor();
    await page.waitForTimeout(300); // a second, replayed toggle would have closed it by now
    assert.equal(await page.getByRole('dialog', { name: 'Chat with Acme' }).count(), 1);
    assert.equal(await launcher.getAttribute('aria-busy'), null);
    assert.deepEqual((await page.evaluate(() => window.events)).map(([name]) => name), ['ready', 'open']);
    assert.deepEqual(record.consoleErrors, []);
    await context.close();
  });

  test('a bad phone gives one console error naming the key, no launcher, and the page keeps working', async () => {
    const { page, context, record } = await openPage(browser);
    const settings = `<script>window.ChatgateSettings = { business: 'Acme', phone: '+44 12' };
      window.addEventListener('chatgate:error', (e) => { window.lastError = e.detail; });
      window.addEventListener('chatgate:ready', () => { window.wasReady = true; });</script>`;
    await hostPage(page, '/bad.html', `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><button id="own">Host button</button>${settings}${loaderTag()}
      <script>document.getElementById('own').onclick = () => { document.title = 'clicked'; };</script></body></html>`);
    await page.waitForFunction(() => window.lastError);
    const detail = await page.evaluate(() => window.lastError);
    assert.equal(detail.key, 'phone');
    assert.equal(record.consoleErrors.length, 1);
    assert.match(record.consoleErrors[0], /`phone`/);
    assert.deepEqual(record.pageErrors, []);
    assert.equal(await page.getByRole('button', { name: /Chat with/ }).count(), 0);
    assert.equal(await page.evaluate(() => window.wasReady ?? false), false, 'no chatgate:ready without a launcher');
    // Later API calls are ignored quietly: the one error above is the report.
    await page.evaluate(() => { Chatgate('open'); Chatgate('set', { locale: 'ru' }); });
    assert.equal(record.consoleErrors.length, 1);
    assert.deepEqual(record.pageErrors, []);
    await page.getByRole('button', { name: 'Host button' }).click();
    assert.equal(await page.title(), 'clicked');
    await context.close();
  });

  test('other bad configs name their key', async () => {
    for (const [settings, key] of [
      [{ phone: '+44 7911 123456', purposes: [{ id: 'a', label: 'A' }] }, 'privacy_url'],
      [{ phone: '+44 7911 123456', privacy_url: 'java\tscript:alert(1)', purposes: [{ id: 'a', label: 'A' }] }, 'privacy_url'],
      [{ phone: '+44 7911 123456', locale: 'fr' }, 'locale'],
      [{ phone: '+44 7911 123456', privacy_url: '/p', purposes: [{ label: 'A' }] }, 'purposes'],
      [{}, 'phone'],
      // The checker fetches the lines of the number's calling code (phone/1.txt, phone/7.txt) before it judges:
      // no NANP area code starts with 1; a Russian number read with the config's region is too short.
      [{ phone: '+1 187 215 5230' }, 'phone'],
      [{ phone: '8 912 345', region: 'RU' }, 'phone'],
      [{ phone: '+44 7911 123456', region: 'XX' }, 'region'],
      // Half of an emoji (a lone surrogate) is named by its key, not "ChatgateSettings must be an object".
      [{ phone: '+44 7911 123456', business: 'Acme \ud83d' }, 'business'],
    ]) {
      const { page, context, record } = await openPage(browser);
      await hostPage(page, `/bad-${key}-${Object.keys(settings).length}.html`, sitePage(settings));
      await page.waitForFunction(() => window.events.some(([name]) => name === 'error'));
      assert.equal(record.consoleErrors.length, 1, key);
      assert.match(record.consoleErrors[0], new RegExp('`' + key + '`'));
      await context.close();
    }
  });

  test('a hostile host stylesheet does not reach into the widget', async () => {
    const { page, context } = await openPage(browser);
    const css = `<style>* { all: unset !important; } button { display: none !important; color: red !important; }
      div { font-size: 2px !important; }</style>`;
    await hostPage(page, '/hostile.html', sitePage({ phone: '+44 7911 123456' }, { head: css }));
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    const box = await launcher.boundingBox();
    assert.ok(box && box.width >= 56 && box.height >= 56, `launcher keeps its size: ${JSON.stringify(box)}`);
    await launcher.click();
    const link = page.getByRole('link', { name: 'Open WhatsApp' });
    const linkBox = await link.boundingBox();
    assert.ok(linkBox && linkBox.height >= 36, `the dialog keeps its styles: ${JSON.stringify(linkBox)}`);
    await context.close();
  });

  test('a strict Content-Security-Policy page: every state without a violation', async () => {
    const { page, context, record } = await openPage(browser);
    const csp = `default-src 'self'; script-src 'self' ${server.widget} 'wasm-unsafe-eval'; style-src 'self' ${server.widget}; connect-src 'self' ${server.widget}; img-src 'self' data:`;
    // With an endpoint, so that the consent courier (deliver.js, deliver_bg.wasm) loads and sends under the policy.
    const settings = { ...SETTINGS, consent_endpoint: `${server.widget}/consents` };
    host.put('/csp-settings.js', `window.ChatgateSettings = ${JSON.stringify(settings)};
      window.violations = []; document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));`,
    {}, 'text/javascript');
    await hostPage(page, '/csp.html', `<!doctype html><html><head><link rel="icon" href="data:,"><script src="/csp-settings.js"></script>${loaderTag()}</head><body><h1>Strict</h1></body></html>`,
      { 'Content-Security-Policy': csp });
    await page.getByRole('button', { name: 'Chat with Acme Clinic' }).click();
    await page.getByRole('button', { name: /Chat now/ }).click();
    await page.getByRole('link', { name: 'Open WhatsApp' }).waitFor();
    await page.getByRole('button', { name: /Back/ }).click();
    await page.getByRole('button', { name: /Get updates on WhatsApp/ }).click();
    await page.getByLabel('Your WhatsApp number').fill('07700 900123');
    await page.getByLabel(/Test results/).check();
    const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/consents'));
    await page.getByRole('button', { name: 'Get updates' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    await sent;
    assert.ok(record.requests.some((url) => url.endsWith('/deliver_bg.wasm')), 'the courier sent it');
    await screenshot(page, 'csp-done');
    assert.deepEqual(await page.evaluate(() => window.violations), []);
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  });
});

describe('the launcher before any wasm (issue 15)', () => {
  test('the page loads with the loader alone; the config checker comes when idle after load, the dialog on interest', async () => {
    const { page, context, record } = await openPage(browser);
    const widgetFiles = () => record.requests.filter((url) => url.startsWith(server.widget)).map((url) => new URL(url).pathname.slice(1));
    host.put('/cost.html', sitePage({ business: 'Acme', phone: '+44 7911 123456', locale: 'en' }));
    await page.goto(`${host.origin}/cost.html`, { waitUntil: 'load' });
    const atLoad = widgetFiles();
    assert.deepEqual(atLoad, ['loader.js'], 'nothing but the loader before the load event');
    assert.ok(await page.getByRole('button', { name: 'Chat with Acme' }).isVisible(), 'the launcher is drawn before any wasm');
    await page.waitForFunction(() => window.events.some(([name]) => name === 'ready'));
    // The checker embeds no phone table: it asks for the lines of the number's calling code (+44) alone.
    assert.deepEqual(widgetFiles(), ['loader.js', 'check.js', 'check_bg.wasm', 'phone/44.txt'], 'the checker, not the dialog, when idle');
    await page.getByRole('button', { name: 'Chat with Acme' }).hover();
    await page.waitForFunction(() => document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-panel-slot'));
    // The dialog's rules come with it (the loader carries the launcher's and the greeting's only).
    const later = widgetFiles().slice(4);
    assert.deepEqual(later.slice(0, 3), ['dialog.css', 'panel.js', 'panel_bg.wasm']);
    // This config has the chat path alone, so the dialog is built on it, and this desktop-sized screen shows its
    // QR code: the QR encoder may come too, and nothing else.
    assert.ok(later.slice(3).every((file) => ['qr.js', 'qr_bg.wasm'].includes(file)), later.join());
    assert.deepEqual(record.consoleErrors, []);
    await context.close();
  });

  test('a click before the idle check: the checker comes beside the dialog, which starts on its verdict with the checked config', async () => {
    const { page, context, record } = await openPage(browser);
    const widgetFiles = () => record.requests.filter((url) => url.startsWith(server.widget)).map((url) => new URL(url).pathname.slice(1));
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(/\/check_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    await hostPage(page, '/click-first.html', sitePage({ business: 'Acme', phone: '+44 7911 123456', locale: 'en', data_layer: 'true' }));
    const launcher = page.getByRole('button', { name: 'Chat with Acme' });
    const dialogRequested = page.waitForRequest(/\/panel_bg\.wasm$/);
    await launcher.click();
    assert.equal(await launcher.getAttribute('aria-busy'), 'true');
    // The dialog's files are fetched while the checker is held, not after it.
    await dialogRequested;
    for (const file of ['check.js', 'check_bg.wasm', 'dialog.css', 'panel.js', 'panel_bg.wasm']) {
      assert.ok(widgetFiles().includes(file), `${file} requested before the checker's verdict: ${widgetFiles()}`);
    }
    await page.waitForTimeout(300);
    assert.equal(await page.getByRole('dialog').count(), 0, 'no dialog before the verdict');
    assert.deepEqual(await page.evaluate(() => window.events), [], 'no verdict yet');
    release();
    await page.getByRole('dialog', { name: 'Chat with Acme' }).waitFor();
    assert.deepEqual((await page.evaluate(() => window.events)).map(([name]) => name), ['ready', 'open']);
    // The dialog was handed the config as the checker wrote it, never the page's object.
    const boot = await page.evaluate(() => ({ keys: Object.keys(Chatgate._boot), normalized: JSON.parse(Chatgate._boot.normalized) }));
    assert.ok(!boot.keys.includes('config'), boot.keys.join());
    assert.equal(boot.normalized.phone, '+44 7911123456 GB');
    assert.equal(boot.normalized.data_layer, true);
    // The dialog fetched no table file of its own: the checker's are handed over.
    assert.equal(widgetFiles().filter((file) => file === 'phone/44.txt').length, 1);
    assert.deepEqual(record.consoleErrors, []);
    await context.close();
  });

  test('a refused config clicked before the verdict: the dialog never starts, the one error is the checker\'s', async () => {
    const { page, context, record } = await openPage(browser);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(/\/check_bg\.wasm$/, async (route) => { await held; await route.continue(); });
    await hostPage(page, '/click-refused.html', sitePage({ business: 'Acme', phone: '+44 12', locale: 'en' }));
    const launcher = page.getByRole('button', { name: 'Chat with Acme' });
    const dialogRequested = page.waitForRequest(/\/panel_bg\.wasm$/);
    await launcher.click();
    await page.evaluate(() => Chatgate('open'));
    await dialogRequested;
    release();
    await page.waitForFunction(() => window.events.some(([name]) => name === 'error'));
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(() => window.events.map(([name, detail]) => [name, detail.key])), [['error', 'phone']]);
    assert.equal(record.consoleErrors.length, 1);
    assert.match(record.consoleErrors[0], /`phone`/);
    assert.deepEqual(record.pageErrors, []);
    assert.equal(await page.locator('[data-chatgate-host]').evaluate((host) => host.shadowRoot.querySelector('.cg-root')), null);
    assert.equal(await page.evaluate(() => typeof Chatgate._handle), 'undefined', 'the dialog bundle never started');
    await context.close();
  });

  // The loader draws the launcher from the config with a copy of the core's decisions (classes, name, language,
  // accent); the dialog bundle re-applies the core's. They must agree, or the launcher would change under the
  // visitor's pointer.
  test("the loader's launcher is the core's: classes, name, language, colours, box", async () => {
    for (const [settings, languages] of [
      [{ business: 'Acme', phone: '+44 7911 123456' }, ['en-GB']],
      [{ phone: '+44 7911 123456' }, ['de-DE', 'ru']],
      [{ business: 'Клиника', phone: '+44 7911 123456', locale: 'ru', position: 'left' }, ['en']],
      [{ business: 'Acme', phone: '+44 7911 123456', locale: 'auto' }, ['zh-CN']],
      [{ business: 'Acme', phone: '+44 7911 123456', accent: '#ffcc00' }, ['en']],
      [{ business: 'Acme', phone: '+44 7911 123456', accent: '#123', theme: 'dark' }, ['en']],
      [{ business: 'Acme', phone: '+44 7911 123456', theme: 'light', position: 'right' }, ['en']],
    ]) {
      const context = await browser.newContext({ viewport: PHONE, locale: languages[0] });
      const page = await context.newPage();
      await page.addInitScript((list) => Object.defineProperty(navigator, 'languages', { get: () => list }), languages);
      const label = JSON.stringify(settings);
      host.put('/same.html', sitePage(settings));
      await page.goto(`${host.origin}/same.html`);
      const read = () => page.evaluate(() => {
        const shadow = document.querySelector('[data-chatgate-host]').shadowRoot;
        const root = shadow.querySelector('.cg-root');
        const launcher = shadow.querySelector('.cg-launcher');
        const style = getComputedStyle(launcher);
        const box = launcher.getBoundingClientRect();
        return { classes: root.className, name: launcher.getAttribute('aria-label'), lang: launcher.getAttribute('lang'),
          background: style.backgroundColor, color: style.color, box: [box.x, box.y, box.width, box.height] };
      });
      const drawn = await read();
      const pixels = await page.locator('[data-chatgate-host]').locator('.cg-launcher').screenshot();
      // The dialog bundle takes over (pointer interest, without moving the real pointer onto the launcher).
      await page.evaluate(() => document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-launcher')
        .dispatchEvent(new PointerEvent('pointerenter')));
      await page.waitForFunction(() => document.querySelector('[data-chatgate-host]').shadowRoot.querySelector('.cg-panel-slot'));
      await page.waitForTimeout(100);
      assert.deepEqual(await read(), drawn, label);
      const after = await page.locator('[data-chatgate-host]').locator('.cg-launcher').screenshot();
      assert.ok(after.equals(pixels), `the same pixels: ${label}`);
      await context.close();
    }
  });
});
