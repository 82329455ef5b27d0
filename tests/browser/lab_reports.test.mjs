// Browser test of the lab report form on a 390×844 phone, in Vietnamese and
// English: the laboratory account reaches the form from the traceability
// hub, a wrong number is said beside its field, a row is added, the PDF is
// attached, and the report page shows the failed parameter and the lot on
// hold; in English a stated verdict that contradicts the limit is refused
// beside it. Every page fits the phone's width.
//
//   node --test tests/browser/lab_reports.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop). Every wait is
// bounded. Screenshots are kept at /tmp/lab-report-{form-vi,vi,form-en}.png.
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
const TEST_TIMEOUT_MS = 120_000;
const PASSWORD = 'ocop-demo-2026';
// The demo's coffee-blossom honey lot with a GTIN (seed-demo on 2026-06-01).
const LOT = 'https://id.gs1.org/01/08939777100106/10/MO-2026-01';
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

let tmpDir;
let baseUrl;
let context;
let page;
const pageProblems = [];

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

// Against the phone's 390 px, not window.innerWidth: a mobile viewport widens
// itself to content that overflows.
async function assertFitsPhone(what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${what}: the page is ${width} px wide on a 390 px screen`);
}

function runOcop(...args) {
  const r = spawnSync(OCOP_BIN, args, { cwd: tmpDir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `ocop ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
}

async function logIn(username) {
  await page.goto(url('/login'));
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === '/login'),
    page.click('#login-submit'),
  ]);
  await page.waitForLoadState();
}

async function submit(selector) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === '/lab-reports'),
    page.click(selector),
  ]);
  await page.waitForLoadState();
  return response;
}

before(async () => {
  assert.ok(fs.existsSync(OCOP_BIN), `no ocop binary at ${OCOP_BIN} (set OCOP_BIN)`);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocop-lab-'));
  const store = `sqlite:${path.join(tmpDir, 'ocop.db')}`;
  runOcop('migrate', '--store', store);
  runOcop('seed-demo', '--store', store, '--today', '2026-06-01');
  baseUrl = await serve(store, ['--today', '2026-06-01']);
  context = await launchPhone(path.join(tmpDir, 'profile'));
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => pageProblems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() < 400 || r.request().resourceType() === 'document') return;
    pageProblems.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
}, { timeout: 200_000 });

after(async () => {
  try {
    if (context) await context.close();
  } finally {
    await stopServing();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}, { timeout: 40_000 });

test('a laboratory records a failing report on a phone, in Vietnamese then English', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withTimeout(logIn('phongthinghiem'), 30_000, 'log-in');
  await page.goto(url('/traceability'));
  await Promise.all([page.waitForURL((u) => u.pathname === '/lab-reports'), page.click('#part-lab-reports')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.match(await page.textContent('#lab-report-rows'), /KN-2026-0002/);
  await Promise.all([page.waitForURL((u) => u.pathname === '/lab-reports/new'), page.click('#new-lab-report')]);
  assert.equal(await page.inputValue('#tested_on'), '01/06/2026');
  assert.equal(await page.locator('fieldset.parameter').count(), 3);
  await assertFitsPhone('form (vi)');

  await page.fill('#lot', LOT);
  await page.fill('#number', 'KN-2026-0100');
  await page.fill('#tested_on', '30/05/2026');
  await page.fill('#sample_id', 'M-0100');
  await page.fill('#method', 'TCVN 8319:2010 (LC-MS/MS)');
  await page.fill('#p0_name', 'HMF');
  await page.fill('#p0_value', 'mười hai');
  await page.fill('#p0_unit', 'NA');
  await page.fill('#p0_limit_max', '40');
  const refused = await submit('#submit-report');
  assert.equal(refused.status(), 400);
  assert.match(await page.textContent('#p0_value-error'), /Phải là một số/);
  assert.equal(await page.inputValue('#number'), 'KN-2026-0100');  // kept
  await page.fill('#p0_value', '12,5');

  // One more row, without saving; what was typed stays.
  await submit('#add-row');
  assert.equal(await page.locator('fieldset.parameter').count(), 4);
  assert.equal(await page.inputValue('#p0_value'), '12,5');
  await page.fill('#p1_name', 'Chlorpyrifos');
  await page.fill('#p1_value', '0,02');
  await page.fill('#p1_unit', 'NA');
  await page.fill('#p1_limit_max', '0,01');
  await page.setInputFiles('#pdf', { name: 'KN-2026-0100.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
  await page.screenshot({ path: '/tmp/lab-report-form-vi.png', fullPage: true });
  const saved = await submit('#submit-report');
  assert.equal(saved.status(), 303, await page.content());
  await page.waitForURL((u) => /^\/lab-reports\/\d+$/.test(u.pathname));

  assert.match(await page.textContent('h1'), /KN-2026-0100/);
  assert.equal(await page.getAttribute('#verdict', 'data-verdict'), 'fail');
  assert.match(await page.textContent('#verdict'), /Không đạt/);
  assert.equal(await page.textContent('#tested-on'), '30/05/2026');
  assert.equal(await page.getAttribute('#lot-status', 'data-status'), 'on_hold');
  assert.match(await page.textContent('#lot-status'), /tạm dừng lưu hành/);
  assert.match(await page.textContent('#parameters'), /≤ 0,01 mg\/kg/);
  assert.equal(await page.textContent('#pdf-link'), 'KN-2026-0100.pdf');
  await assertFitsPhone('report (vi)');
  await page.screenshot({ path: '/tmp/lab-report-vi.png', fullPage: true });

  // English: the form again, and a verdict that contradicts the limit.
  await Promise.all([page.waitForLoadState(), page.click('#lang-switch')]);
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#verdict'), /Fail/);
  await page.goto(url(`/lab-reports/new?lot=${encodeURIComponent(LOT)}`));
  assert.equal(await page.inputValue('#lot'), LOT);
  assert.match(await page.textContent('label[for="p0_limit_max"]'), /Maximum limit/);
  await page.fill('#number', 'KN-2026-0101');
  await page.fill('#sample_id', 'M-0101');
  await page.fill('#method', 'TCVN 5270:2008');
  await page.fill('#p0_name', 'HMF');
  await page.fill('#p0_value', '52.8');
  await page.fill('#p0_unit', 'NA');
  await page.fill('#p0_limit_max', '40');
  await page.selectOption('#p0_verdict', 'pass');
  const contradiction = await submit('#submit-report');
  assert.equal(contradiction.status(), 400);
  assert.match(await page.textContent('#p0_verdict-error'), /contradicts/);
  assert.match(await page.textContent('#form-notice'), /.+/);
  await assertFitsPhone('form (en)');
  await page.screenshot({ path: '/tmp/lab-report-form-en.png', fullPage: true });
  assert.deepEqual(pageProblems, []);
});
