// The visitor widget end to end: the demo site on one origin embedding the built widget from another,
// exactly as README tells customers, in headless Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, launchBrowser, openPage, screenshot, startHostSite, startServer } from './helpers.mjs';

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

/** Opens a page of a customer's site (its own origin); the widget comes from the real widget server. */
async function hostPage(page, path, html, headers) {
  host.put(path, html, headers);
  await page.goto(`${host.origin}${path}`);
}

function loaderTag(extra = '') {
  return `<script async src="${server.widget}/loader.js"${extra}></script>`;
}

describe('demo site', () => {
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`shows the launcher and says what it is (${label})`, async () => {
      const { page, context, record } = await openPage(browser, viewport);
      await page.goto(`${server.site}/`);
      await assert.doesNotReject(page.getByText('Chatgate demo').waitFor());
      const launcher = page.getByRole('button', { name: 'Chat with Northfield Family Clinic' });
      await launcher.waitFor();
      assert.ok(await launcher.isVisible());
      await screenshot(page, `demo-launcher-${label}`);
      await launcher.click();
      await page.getByRole('dialog', { name: 'Chat with Northfield Family Clinic' }).waitFor();
      await screenshot(page, `demo-panel-${label}`);
      assert.deepEqual(record.consoleErrors, []);
      assert.deepEqual(record.pageErrors, []);
      // The widget's files come from the widget origin, nothing from anywhere else.
      const foreign = record.requests.filter((url) => !url.startsWith(server.site) && !url.startsWith(server.widget));
      assert.deepEqual(foreign, []);
      assert.ok(record.requests.some((url) => url === `${server.widget}/widget_bg.wasm`));
      await context.close();
    });
  }

  test('the chat link decodes to the business number and the configured message', async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${server.site}/`);
    await page.getByRole('button', { name: 'Chat with Northfield Family Clinic' }).click();
    const href = await page.getByRole('link', { name: 'Chat on WhatsApp' }).getAttribute('href');
    const url = new URL(href);
    assert.equal(url.origin, 'https://wa.me');
    assert.equal(url.pathname, '/447911123456');
    assert.equal(url.searchParams.get('text'), 'Hello, I have a question about an appointment.');
    await context.close();
  });
});

describe('embedding', () => {
  test('data- attributes configure the widget; a double include mounts once; queued calls replay', async () => {
    const { page, context, record } = await openPage(browser);
    const stub = `<script>window.Chatgate = window.Chatgate || function () { (Chatgate.q = Chatgate.q || []).push(arguments); };
      Chatgate('open');</script>`;
    const tag = loaderTag(' data-business="Тест Клиника" data-phone="8 912 345 67 89" data-region="RU"');
    await hostPage(page, '/embed.html', `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>${stub}${tag}${tag}</body></html>`);
    await page.getByRole('dialog', { name: 'Chat with Тест Клиника' }).waitFor();
    assert.equal(await page.locator('[data-chatgate-host]').count(), 1);
    const href = await page.getByRole('link', { name: 'Chat on WhatsApp' }).getAttribute('href');
    assert.equal(href, 'https://wa.me/79123456789');
    assert.deepEqual(record.consoleErrors, []);
    const globals = await page.evaluate(() => Object.keys(window).filter((key) => /chatgate/i.test(key)));
    assert.deepEqual(globals, ['Chatgate']);
    await context.close();
  });

  test('a bad phone gives one console error naming the key, no launcher, and the page keeps working', async () => {
    const { page, context, record } = await openPage(browser);
    const settings = `<script>window.ChatgateSettings = { business: 'Acme', phone: '+44 12' };
      window.addEventListener('chatgate:error', (e) => { window.lastError = e.detail; });</script>`;
    await hostPage(page, '/bad.html', `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><button id="own">Host button</button>${settings}${loaderTag()}
      <script>document.getElementById('own').onclick = () => { document.title = 'clicked'; };</script></body></html>`);
    await page.waitForFunction(() => window.lastError);
    const detail = await page.evaluate(() => window.lastError);
    assert.equal(detail.key, 'phone');
    assert.equal(record.consoleErrors.length, 1);
    assert.match(record.consoleErrors[0], /`phone`/);
    assert.deepEqual(record.pageErrors, []);
    assert.equal(await page.getByRole('button', { name: /Chat with/ }).count(), 0);
    await page.getByRole('button', { name: 'Host button' }).click();
    assert.equal(await page.title(), 'clicked');
    await context.close();
  });

  test('a hostile host stylesheet does not reach into the widget', async () => {
    const { page, context } = await openPage(browser);
    const css = `<style>* { all: unset !important; } button { display: none !important; color: red !important; }
      div { font-size: 2px !important; }</style>`;
    const settings = `<script>window.ChatgateSettings = { phone: '+44 7911 123456' };</script>`;
    await hostPage(page, '/hostile.html', `<!doctype html><html><head><link rel="icon" href="data:,">${css}</head><body>${settings}${loaderTag()}</body></html>`);
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.waitFor();
    const box = await launcher.boundingBox();
    assert.ok(box && box.width >= 56 && box.height >= 56, `launcher keeps its size: ${JSON.stringify(box)}`);
    await context.close();
  });
});
