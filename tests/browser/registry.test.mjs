// Browser test of the registry pages: a provincial officer registers a
// producer and a product through the real forms, and the product gets its
// OCOP code. Starts the real server on a fresh SQLite store and drives
// Debian's chromium with playwright-core.
//
//   node --test tests/browser/registry.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop under the repo root).
// Every wait is bounded: the test may fail, it never hangs.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPhone, serve, stopServing, withTimeout } from './harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OCOP_BIN = process.env.OCOP_BIN ? path.resolve(process.env.OCOP_BIN) : path.join(REPO, 'build', 'ocop');
const PASSWORD = 'ocop-demo-2026';
const PROVINCE = '52';
const PROVINCE_NAME = 'Tỉnh Gia Lai';

const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;
const SERVER_START_TIMEOUT_MS = 15_000;
const COMMAND_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

let tmpDir;          // database and browser profile; removed at the end
let shotDir;         // screenshots; kept and printed
let baseUrl;
let context;         // the persistent browser context
let page;
const pageProblems = [];  // uncaught page errors and unexpected console errors

// ---------- helpers ----------

function runOcop(...args) {
  const r = spawnSync(OCOP_BIN, args, { cwd: tmpDir, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  if (r.error) throw new Error(`ocop ${args.join(' ')}: ${r.error.message}`);
  assert.equal(r.status, 0, `ocop ${args.join(' ')} exited with ${r.status} (signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const startServer = (store) => serve(store);
const stopServer = stopServing;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

// Clicks `selector` and waits for the page to load a URL that `matches`.
async function clickAndWait(selector, matches) {
  await Promise.all([
    page.waitForURL((u) => matches(u), { waitUntil: 'load' }),
    page.click(selector),
  ]);
}

async function logIn(username, password) {
  await page.goto(url('/login'));
  await page.fill('#username', username);
  await page.fill('#password', password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === '/login'),
    page.click('#login-submit'),
  ]);
  await page.waitForLoadState('load');
  return response;
}

async function startAnonymous() {
  await context.clearCookies();
  pageProblems.length = 0;
}

function assertNoPageProblems() {
  assert.deepEqual(pageProblems, [], 'the pages raised script errors or console errors');
}

// A 10-digit Vietnamese tax code: d10 = 10 − (Σ wᵢ·dᵢ mod 11), valid when d10 ≤ 9.
function registrationCheckDigit(nine) {
  const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  const total = [...nine].reduce((s, d, i) => s + w[i] * Number(d), 0);
  return 10 - (total % 11);
}

function randomDigits(n) {
  let s = '';
  for (let i = 0; i < n; ++i) s += Math.floor(Math.random() * 10);
  return s;
}

function validRegistrationNo() {
  for (;;) {
    const nine = '59' + randomDigits(7);
    if (nine.slice(2) === '0000000') continue;
    const check = registrationCheckDigit(nine);
    if (check <= 9) return nine + check;
  }
}

function gs1CheckDigit(digits) {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => { sum += Number(d) * (i % 2 === 0 ? 3 : 1); });
  return String((10 - (sum % 10)) % 10);
}

const vietnamYear = () => new Date(Date.now() + 7 * 3600 * 1000).getUTCFullYear();

async function screenshot(name) {
  const file = path.join(shotDir, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  return file;
}

// ---------- setup and teardown ----------

before(async () => {
  assert.ok(fs.existsSync(OCOP_BIN), `no ocop binary at ${OCOP_BIN} (set OCOP_BIN)`);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocop-browser-'));
  shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocop-screenshots-'));
  const store = `sqlite:${path.join(tmpDir, 'ocop.db')}`;
  runOcop('migrate', '--store', store);
  runOcop('seed-demo', '--store', store);
  baseUrl = await startServer(store);

  const profile = path.join(tmpDir, 'profile');
  context = await launchPhone(profile);
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Every failed load is logged like this, the expected 4xx documents too (failed log-in,
    // form with errors, 403); failed sub-resources are caught by the 'response' handler.
    if (/^Failed to load resource: /.test(m.text())) return;
    pageProblems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() < 400 || r.request().resourceType() === 'document') return;
    if (pathOf(r.url()) === '/favicon.ico') return;  // the server has none: a 404 every page
    pageProblems.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
}, { timeout: COMMAND_TIMEOUT_MS * 2 + SERVER_START_TIMEOUT_MS + 40_000 });

after(async () => {
  try {
    if (context) await withTimeout(context.close(), 15_000, 'closing the browser').catch((e) => console.log(e.message));
  } finally {
    await stopServer();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}, { timeout: 40_000 });

// ---------- tests ----------

test('an anonymous visit to /producers/new is sent to the log-in page', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  await page.goto(url('/producers/new'));
  const here = new URL(page.url());
  assert.equal(here.pathname, '/login');
  assert.equal(here.searchParams.get('next'), '/producers/new');
  await page.locator('#username').waitFor();
  assert.equal(await page.locator('#new-producer').count(), 0);
  assertNoPageProblems();
});

test('a producer account cannot register producers', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();
  const login = await logIn('chuthe', PASSWORD);
  assert.ok(login.status() >= 300 && login.status() < 400, `log-in answered ${login.status()}`);
  assert.equal(pathOf(page.url()), '/');
  await page.locator('#scope-name').waitFor();
  assert.equal(await page.locator('#new-producer').count(), 0, 'a producer sees the new-producer button');

  const response = await page.goto(url('/producers/new'));
  assert.equal(response.status(), 403);
  assert.equal(pathOf(page.url()), '/producers/new');
  assert.match(await page.locator('main h1').innerText(), /403/);
  assert.equal(await page.locator('#legal_type').count(), 0, 'the producer form was shown');
  assertNoPageProblems();
});

test('a provincial officer registers a producer and a product', { timeout: TEST_TIMEOUT_MS }, async () => {
  await startAnonymous();

  // A wrong password shows the error and keeps the user name.
  const failed = await logIn('tinh.52', 'wrong-password');
  assert.equal(failed.status(), 401);
  await page.locator('#login-error').waitFor();
  assert.ok((await page.locator('#login-error').innerText()).trim().length > 0);
  assert.equal(await page.inputValue('#username'), 'tinh.52');

  // The right one lands on the home page of the province.
  const login = await logIn('tinh.52', PASSWORD);
  assert.ok(login.status() >= 300 && login.status() < 400, `log-in answered ${login.status()}`);
  assert.equal(pathOf(page.url()), '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  assert.equal((await page.locator('#scope-name').innerText()).trim(), PROVINCE_NAME);

  // The language switch turns the page into English and back.
  const nav = page.locator('header nav');
  assert.match(await nav.innerText(), /Sản phẩm/);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForLoadState('load');
  assert.equal(pathOf(page.url()), '/');
  let navText = await nav.innerText();
  assert.match(navText, /Products/);
  assert.match(navText, /Log out/);
  assert.equal((await page.locator('#lang-switch').innerText()).trim(), 'Tiếng Việt');
  assert.equal((await page.locator('#scope-name').innerText()).trim(), PROVINCE_NAME);
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'vi');
  await page.waitForLoadState('load');
  navText = await nav.innerText();
  assert.match(navText, /Sản phẩm/);
  assert.match(navText, /Đăng xuất/);
  assert.equal((await page.locator('#lang-switch').innerText()).trim(), 'English');

  // The producer form, pre-set to the officer's province.
  await clickAndWait('#new-producer', (u) => u.pathname === '/producers/new');
  assert.equal(await page.inputValue('#province'), PROVINCE);
  const communes = await page.$$eval('#commune_code option', (os) => os.map((o) => o.value).filter(Boolean));
  assert.ok(communes.length > 0, 'no communes offered for the province');
  const commune = communes[0];
  assert.match(commune, /^\d{5}$/);

  const suffix = randomDigits(4);
  const producer = {
    legal_type: 'cooperative-group',
    name: `Tổ hợp tác Cà phê Đắk Đoa Thử nghiệm ${suffix}`,
    representative_name: 'Rơ Châm Thị Hằng',
    representative_gender: 'male',
    representative_ethnicity: 'Gia Rai',
    street_address: 'Thôn Đê Ktu, đường Lê Lợi số 12',
    phone: '0912 345 678',
    email: `cafe.dakdoa.${suffix}@example.com`,
    founded_on: '15/03/2019',
  };
  const badRegistrationNo = '5907144320';
  assert.notEqual(registrationCheckDigit(badRegistrationNo.slice(0, 9)), 0, 'the bad number is valid');
  await page.selectOption('#legal_type', producer.legal_type);
  await page.fill('#name', producer.name);
  await page.fill('#registration_no', badRegistrationNo);
  await page.fill('#representative_name', producer.representative_name);
  await page.selectOption('#representative_gender', producer.representative_gender);
  await page.fill('#representative_ethnicity', producer.representative_ethnicity);
  await page.selectOption('#commune_code', commune);
  await page.fill('#street_address', producer.street_address);
  await page.fill('#phone', producer.phone);
  await page.fill('#email', producer.email);
  await page.fill('#founded_on', producer.founded_on);

  // A wrong check digit: the form comes back with the error beside the field.
  const [rejected] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === '/producers'),
    page.click('#save'),
  ]);
  assert.equal(rejected.status(), 400);
  await page.waitForLoadState('load');
  const error = page.locator('#registration_no-error');
  await error.waitFor();
  const errorText = (await error.innerText()).trim();
  assert.match(errorText, /Mã số thuế không hợp lệ/, `the error is not Vietnamese: ${errorText}`);
  assert.ok(await page.$eval('#registration_no-error',
                             (e) => e.closest('.field')?.querySelector('#registration_no') !== null),
            'the error is not beside its field');
  assert.equal(await page.locator('.field.invalid').count(), 1, 'other fields were marked invalid');
  await page.locator('#form-notice').waitFor();
  assert.equal(await page.inputValue('#registration_no'), badRegistrationNo);
  for (const [field, value] of Object.entries(producer)) {
    assert.equal(await page.inputValue(`#${field}`), value, `#${field} lost its value`);
  }
  assert.equal(await page.inputValue('#province'), PROVINCE);
  assert.equal(await page.inputValue('#commune_code'), commune);
  await screenshot('producer-form-error.png');

  // The right number: the producer is saved and shown.
  const registrationNo = validRegistrationNo();
  await page.fill('#registration_no', registrationNo);
  await clickAndWait('#save', (u) => /^\/producers\/\d+$/.test(u.pathname));
  const producerId = pathOf(page.url()).split('/')[2];
  assert.equal((await page.locator('#producer-name').innerText()).trim(), producer.name);
  assert.match(await page.locator('.facts').innerText(), new RegExp(registrationNo));

  // A product of the producer gets its OCOP code.
  await clickAndWait('#add-product', (u) => u.pathname === '/products/new');
  assert.equal(new URL(page.url()).searchParams.get('producer_id'), producerId);
  assert.equal(await page.inputValue('#producer_id'), producerId);
  const product = {
    name: `Cà phê Robusta rang mộc Đắk Đoa ${suffix}`,
    product_set: '13',
    description: 'Cà phê Robusta trồng trên đất đỏ bazan, thu hái chín, rang mộc không tẩm ướp.',
    gtin: (() => { const twelve = '893' + randomDigits(9); return twelve + gs1CheckDigit(twelve); })(),
  };
  await page.fill('#name', product.name);
  await page.selectOption('#product_set', product.product_set);
  await page.fill('#description', product.description);
  await page.fill('#gtin', product.gtin);
  await clickAndWait('#save', (u) => /^\/products\/\d+$/.test(u.pathname));
  assert.equal((await page.locator('#product-name').innerText()).trim(), product.name);
  const code = (await page.locator('#product-code').innerText()).trim();
  assert.match(code, /^52-\d{5}-\d+-\d{4}$/);
  const [province, codeCommune, , year] = code.split('-');
  assert.equal(province, PROVINCE);
  assert.equal(codeCommune, commune);
  assert.equal(Number(year), vietnamYear());
  const facts = await page.locator('.facts').innerText();
  assert.match(facts, new RegExp(product.gtin));
  assert.match(facts, new RegExp(PROVINCE_NAME));
  assert.ok(facts.includes(producer.name), 'the product page does not name its producer');
  await screenshot('product-page.png');
  assertNoPageProblems();
});
