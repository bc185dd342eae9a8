// The consent ledger's admin page end to end: the real `chatgate serve --db` receiver with a token, records posted
// the way the widget posts them, and headless Chromium — signing in (the token in sessionStorage only), searching
// by a national-format number, by reference code and by days, "Load more", the proof view, the CSV export of the
// search, recording a withdrawal, the keyboard alone, axe-core in each state, phone and desktop widths, ru and zh.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, ROOT, launchBrowser, openPage, screenshot, startServer } from './helpers.mjs';
import { textVersion } from './receiver-load.mjs';

const AXE = readFileSync(join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');
const TOKEN = 'e2e-admin-page-token';
// Bulk records of another number, so that a search without filters fills more than one page (50).
const BULK = 52;
let folder;
let server;
let browser;
const records = [];

/** A valid record (its `text_version` is the version of its `text`), as the widget sends it. */
function consent({ phone, business, purposes, givenAt, text }) {
  text = text ?? `${business} will send you the messages you tick below on WhatsApp.\n${purposes.map((p) => `[ ] ${p}`).join('\n')}\nReply STOP to withdraw.`;
  return {
    consent_id: randomUUID(), phone, purposes, business, text, text_version: textVersion(text), locale: 'en',
    page: 'https://clinic.example/book', given_at: givenAt, method: 'widget-checkbox', withdrawn_at: null,
  };
}

/** The reference code the widget shows for an id (core::consent::reference_code). */
function referenceCode(id) {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bits = parseInt(id.replace(/-/g, '').slice(0, 8), 16) >>> 2;
  let code = '';
  for (let i = 5; i >= 0; i--) code += alphabet[(bits >>> (i * 5)) & 31];
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

async function give(record) {
  const response = await fetch(`${server.widget}/consents`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.site }, body: JSON.stringify(record),
  });
  assert.equal(response.status, 201, await response.text());
  records.push(record);
}

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'chatgate-e2e-admin-'));
  server = await startServer({ db: join(folder, 'consents.db'), token: TOKEN, rateLimit: 0 });
  browser = await launchBrowser();
  // Two consents of +44 7911 123456 (one with markup in its text, to be shown as text), one of another number.
  await give(consent({ phone: '+447911123456', business: 'Northfield Clinic', purposes: ['results'], givenAt: '2026-11-20T09:15:00Z' }));
  await give(consent({
    phone: '+447911123456', business: 'Northfield <b>Dental</b>', purposes: ['offers'], givenAt: '2026-11-20T10:30:00Z',
    text: 'Northfield <b>Dental</b> will send you offers on WhatsApp.\n[ ] <img src=x data-x=1> Offers\nReply STOP to withdraw.',
  }));
  await give(consent({ phone: '+447700900123', business: 'Northfield Clinic', purposes: ['results'], givenAt: '2026-11-21T08:00:00Z' }));
  for (let i = 0; i < BULK; i++) {
    await give(consent({ phone: '+79123456789', business: 'Клиника', purposes: ['results'], givenAt: `2026-11-10T10:${String(i).padStart(2, '0')}:00Z` }));
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
}

async function openAdmin(viewport = DESKTOP, query = '') {
  const opened = await openPage(browser, viewport);
  await opened.page.goto(`${server.widget}/admin/${query}`);
  return opened;
}

async function signIn(page) {
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Find consents' }).waitFor();
}

const search = (page) => page.getByRole('region', { name: 'Find consents' });
const withdrawal = (page) => page.getByRole('region', { name: 'Record a withdrawal' });
const results = (page) => page.locator('#results > li');

function noCspViolations(record) {
  assert.deepEqual(record.consoleErrors.filter((e) => /Content.Security.Policy/i.test(e)), []);
  assert.deepEqual(record.pageErrors, []);
}

describe('admin page', () => {
  test('admin: sign in, search by a national number, proof, CSV, withdrawal; token in sessionStorage only', async () => {
    const { page, context, record } = await openAdmin();
    assert.deepEqual(await axeViolations(page), [], 'sign-in');
    // A wrong token is refused and nothing is kept.
    await page.getByLabel('Admin token').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The token was refused' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await signIn(page);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('chatgate-admin-token')), TOKEN);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');
    assert.ok(record.requests.every((url) => !url.includes(TOKEN)), 'the token is in no URL');

    // A national-format number with its country.
    await search(page).getByLabel('Phone number').fill('07911 123456');
    await search(page).getByLabel('Country').selectOption('GB');
    await search(page).getByRole('button', { name: 'Search' }).click();
    await page.getByText('2 records shown.').first().waitFor();
    const [clinic, dental] = records;
    assert.match(await results(page).nth(0).innerText(), new RegExp(referenceCode(clinic.consent_id)));
    assert.match(await results(page).nth(1).innerText(), /Northfield <b>Dental<\/b>/, 'markup shown as text');
    assert.equal(await page.locator('#results b, #results img').count(), 0, 'no markup rendered');
    assert.deepEqual(await axeViolations(page), [], 'results');

    // The proof view: the exact text shown to the visitor and every field of the record.
    await page.getByRole('button', { name: `Proof: ${referenceCode(dental.consent_id)}` }).click();
    const proof = page.getByRole('dialog', { name: 'Proof of consent' });
    await proof.waitFor();
    assert.equal(await proof.locator('pre').textContent(), dental.text);
    assert.equal(await proof.locator('img, b').count(), 0);
    const proofText = await proof.innerText();
    for (const value of [dental.consent_id, dental.text_version, dental.page, dental.given_at, 'offers', 'en', 'widget-checkbox']) {
      assert.ok(proofText.includes(value), `the proof shows ${value}`);
    }
    assert.match(proofText, /Received\s+20\d\d-/);
    assert.deepEqual(await axeViolations(page), [], 'proof');
    await screenshot(page, 'admin-proof-desktop');
    await page.keyboard.press('Escape');
    await proof.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), `Proof: ${referenceCode(dental.consent_id)}`, 'focus back on the opener');

    // The CSV export of the current search: the same two records, fetched with the token.
    const [download] = await Promise.all([page.waitForEvent('download'), search(page).getByRole('button', { name: 'Export CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^consents-\d{4}-\d\d-\d\d\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    assert.match(lines[0], /^consent_id,phone,purposes,business,text,/);
    assert.ok(csv.includes(clinic.consent_id) && csv.includes(dental.consent_id));
    assert.ok(!csv.includes('+447700900123') && !csv.includes('+79123456789'), 'only the search');

    // A withdrawal of the number, by an agent, with a note that is shown as text.
    await withdrawal(page).getByLabel('Phone number').fill('07911 123456');
    await withdrawal(page).getByLabel('Country').selectOption('GB');
    await withdrawal(page).getByLabel('Note').fill('Asked by phone <i>call</i> #42');
    await withdrawal(page).getByRole('button', { name: 'Record withdrawal' }).click();
    await page.getByText('2 consents withdrawn:').waitFor();
    const result = await page.locator('#withdraw-result').innerText();
    assert.ok(result.includes(clinic.consent_id) && result.includes(dental.consent_id), result);
    await results(page).nth(0).getByText('Withdrawn').waitFor();
    assert.equal(await results(page).getByText('Withdrawn').count(), 2, 'both records show the withdrawal');
    assert.deepEqual(await axeViolations(page), [], 'withdrawn');
    await page.getByRole('button', { name: `Proof: ${referenceCode(clinic.consent_id)}` }).click();
    const withdrawnProof = await proof.innerText();
    assert.match(withdrawnProof, /How withdrawn\s+Asked an agent \(agent\)/);
    assert.match(withdrawnProof, /Withdrawal note\s+Asked by phone <i>call<\/i> #42/);
    assert.match(withdrawnProof, /Withdrawn\s+20\d\d-/);
    // "Withdraw this number…" in the proof fills the withdrawal form with the record's number and goes there.
    await proof.getByRole('button', { name: 'Withdraw this number…' }).click();
    await proof.waitFor({ state: 'hidden' });
    assert.equal(await withdrawal(page).getByLabel('Phone number').inputValue(), '+447911123456');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'withdraw-phone');
    await screenshot(page, 'admin-desktop');
    // The ledger agrees.
    const stored = (await server.consents()).filter((r) => r.phone === '+447911123456');
    assert.ok(stored.every((r) => r.withdrawal_method === 'agent' && r.withdrawal_note === 'Asked by phone <i>call</i> #42'));

    noCspViolations(record);
    assert.ok(record.requests.every((url) => url.startsWith(server.widget)), 'requests to its own origin only');
    await context.close();
  });

  test('admin: search by reference code and by days; Load more follows next', async () => {
    const { page, context, record } = await openAdmin();
    await signIn(page);
    const other = records[2];
    await search(page).getByLabel('Reference code').fill(referenceCode(other.consent_id).toLowerCase());
    await search(page).getByRole('button', { name: 'Search' }).click();
    await page.getByText('1 record shown.').first().waitFor();
    assert.match(await results(page).nth(0).innerText(), /\+447700900123/);

    await search(page).getByRole('button', { name: 'Clear' }).click();
    await page.getByText('50 records shown; more to load.').first().waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText(`${records.length} records shown.`).first().waitFor();
    assert.equal(await results(page).count(), records.length);
    assert.ok(await page.getByRole('button', { name: 'Load more' }).isHidden());
    assert.equal(await page.evaluate(() => document.activeElement.closest('li') === document.querySelectorAll('#results > li')[50]), true,
      'focus on the first record loaded');

    await search(page).getByLabel('Given from').fill('2026-11-20');
    await search(page).getByLabel('Given until').fill('2026-11-21');
    await search(page).getByRole('button', { name: 'Search' }).click();
    await page.getByText('3 records shown.').first().waitFor();
    noCspViolations(record);
    await context.close();
  });

  test('admin: keyboard only at phone width, ru and zh', async () => {
    const { page, context, record } = await openAdmin(PHONE);
    await page.keyboard.press('Tab'); // the language selector
    await page.keyboard.press('Tab'); // the token
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Find consents' }).waitFor();
    // Focus moved to the phone field: type, Tab to the country, choose, Enter searches.
    await page.keyboard.type('+44 7700 900123');
    await page.keyboard.press('Enter');
    await page.getByText('1 record shown.').first().waitFor();
    // Tab through to the record's Proof button and open it with the keyboard.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement.closest('#results') !== null)) break;
    }
    await page.keyboard.press('Enter');
    const proof = page.getByRole('dialog', { name: 'Proof of consent' });
    await proof.waitFor();
    assert.ok(await proof.getByText('+447700900123').first().isVisible());
    await screenshot(page, 'admin-proof-phone');
    await page.keyboard.press('Escape');
    await proof.waitFor({ state: 'hidden' });
    await screenshot(page, 'admin-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 390 px (${overflow} px)`);
    assert.deepEqual(await axeViolations(page), [], 'phone');

    // The language selector, and ?lang=.
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { level: 1, name: 'Журнал согласий' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
    assert.ok(await page.getByRole('heading', { name: 'Поиск согласий' }).isVisible(), 'still signed in');
    assert.ok(!page.url().includes(TOKEN));
    assert.deepEqual(await axeViolations(page), [], 'ru');
    await page.goto(`${server.widget}/admin/?lang=zh`);
    await page.getByRole('heading', { level: 1, name: '同意记录' }).waitFor();
    assert.ok(await page.getByRole('heading', { name: '查找同意记录' }).isVisible(), 'the token survives a reload of the tab');
    assert.deepEqual(await axeViolations(page), [], 'zh');
    await screenshot(page, 'admin-zh-phone');
    noCspViolations(record);
    await context.close();
  });

  test('admin: the page is served with the CSP and no-store and works without the token only to sign in', async () => {
    const response = await fetch(`${server.widget}/admin/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-security-policy'), /^default-src 'none'; script-src 'self'/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const page = await response.text();
    assert.ok(!page.includes('+44'), 'no data in the page');
    assert.equal((await fetch(`${server.widget}/consents`)).status, 401);
  });
});
