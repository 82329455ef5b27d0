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
import path from 'node:path';
import { assertFitsPhone, closeDemo, logIn, openPhone, serveDemo, withTimeout } from './harness.mjs';

const TEST_TIMEOUT_MS = 120_000;
// The demo's coffee-blossom honey lot with a GTIN (seed-demo on 2026-06-01).
const LOT = 'https://id.gs1.org/01/08939777100106/10/MO-2026-01';
const PDF = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

let tmpDir;
let baseUrl;
let context;
let page;
let pageProblems;

const url = (p) => new URL(p, baseUrl).toString();
const pathOf = (u) => new URL(u).pathname;

async function submit(selector) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && pathOf(r.url()) === '/lab-reports'),
    page.click(selector),
  ]);
  await page.waitForLoadState();
  return response;
}

before(async () => {
  ({ tmpDir, baseUrl } = await serveDemo('ocop-lab-'));
  ({ context, page, problems: pageProblems } = await openPhone(path.join(tmpDir, 'profile')));
}, { timeout: 200_000 });

after(() => closeDemo(context, tmpDir), { timeout: 40_000 });

test('a laboratory records a failing report on a phone, in Vietnamese then English', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withTimeout(logIn(page, baseUrl, 'phongthinghiem'), 30_000, 'log-in');
  await page.goto(url('/traceability'));
  await Promise.all([page.waitForURL((u) => u.pathname === '/lab-reports'), page.click('#part-lab-reports')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.match(await page.textContent('#lab-report-rows'), /KN-2026-0002/);
  await Promise.all([page.waitForURL((u) => u.pathname === '/lab-reports/new'), page.click('#new-lab-report')]);
  assert.equal(await page.inputValue('#tested_on'), '01/06/2026');
  assert.equal(await page.locator('fieldset.parameter').count(), 3);
  await assertFitsPhone(page, 'form (vi)');

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
  await assertFitsPhone(page, 'report (vi)');
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
  await assertFitsPhone(page, 'form (en)');
  await page.screenshot({ path: '/tmp/lab-report-form-en.png', fullPage: true });
  assert.deepEqual(pageProblems, []);
});
