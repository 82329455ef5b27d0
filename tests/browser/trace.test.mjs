// Browser test of the trace page on a 390×844 phone, in Vietnamese and
// English: a honey chain captured through the API (harvests → blend →
// pallet → supermarket), found from the traceability hub's search box, its
// graph drawn as SVG with every node, the page no wider than the phone, and
// a node's link re-centring the trace.
//
//   node --test tests/browser/trace.test.mjs
//
// Environment: OCOP_BIN, the ocop binary (default build/ocop). Every wait is
// bounded. Screenshots are kept at /tmp/trace-{vi,en}.png.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertFitsPhone, closeDemo, logIn, openPhone, serveDemo, withTimeout } from './harness.mjs';
import { call, login } from '../e2e/server.mjs';

const TEST_TIMEOUT_MS = 120_000;

const GTIN = '08934567000017';
const lot = (code) => `https://id.gs1.org/01/${GTIN}/10/${code}`;
const PALLET = 'urn:epc:id:sscc:8934567.0000000042';

let tmpDir;
let baseUrl;
let context;
let page;
let pageProblems;

const url = (p) => new URL(p, baseUrl).toString();

async function captureChain() {
  const admin = (await login(baseUrl, 'admin')).token;
  const q = (code, quantity) => ({ epcClass: lot(code), quantity, uom: 'KGM' });
  const at = (time) => ({ eventTime: time, eventTimeZoneOffset: '+07:00' });
  const events = [
    { type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', ...at('2026-05-01T08:00:00+07:00'),
      quantityList: [q('BR-H1', 100)], bizLocation: { id: 'urn:ocop:site:VN-GL-GA-0001' } },
    { type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', ...at('2026-05-02T08:00:00+07:00'),
      quantityList: [q('BR-H2', 100)], bizLocation: { id: 'urn:ocop:site:VN-GL-GA-0002' } },
    { type: 'TransformationEvent', bizStep: 'commissioning', ...at('2026-05-05T08:00:00+07:00'),
      inputQuantityList: [q('BR-H1', 100), q('BR-H2', 100)], outputQuantityList: [q('BR-B1', 190)],
      bizLocation: { id: 'urn:ocop:site:VN-GL-PH-0001' } },
    { type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', ...at('2026-05-06T08:00:00+07:00'),
      parentID: PALLET, childQuantityList: [q('BR-B1', 190)] },
    { type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', ...at('2026-05-07T08:00:00+07:00'),
      epcList: [PALLET], destinationList: [{ type: 'location', destination: 'urn:ocop:party:sieu-thi-a' }] },
  ];
  const r = await call(baseUrl, '/epcis/capture', {
    method: 'POST', token: admin, headers: { 'content-type': 'application/ld+json' },
    body: JSON.stringify({
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-05-08T00:00:00Z',
      epcisBody: { eventList: events },
    }),
  });
  assert.equal(r.status, 202, r.text);
}

before(async () => {
  ({ tmpDir, baseUrl } = await serveDemo('ocop-trace-'));
  await captureChain();
  ({ context, page, problems: pageProblems } = await openPhone(path.join(tmpDir, 'profile')));
}, { timeout: 200_000 });

after(() => closeDemo(context, tmpDir), { timeout: 40_000 });

test('the trace of a pallet on a phone, from the hub, in Vietnamese then English', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withTimeout(logIn(page, baseUrl, 'thanhtra'), 30_000, 'log-in');
  // The hub is in the navigation of a signed-in user.
  await page.click('#nav-traceability');
  await page.waitForURL((u) => u.pathname === '/traceability');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.fill('#trace-id', PALLET);
  await Promise.all([page.waitForURL((u) => u.pathname === '/trace'), page.click('#trace-search button')]);

  const svg = page.locator('#trace-svg');
  await svg.waitFor();
  // Pallet, blend, two harvests, three sites, the supermarket.
  const nodes = page.locator('#trace-svg .trace-node');
  assert.equal(await nodes.count(), 8);
  const depths = await nodes.evaluateAll((all) => all.map((n) => Number(n.getAttribute('data-depth'))));
  assert.deepEqual([Math.min(...depths), Math.max(...depths)], [-3, 1]);
  assert.equal(await page.locator('#trace-svg .trace-node[data-depth="0"]').getAttribute('data-key'),
    'https://id.gs1.org/00/089345670000000420');
  assert.ok(await page.locator('#trace-svg .trace-edge').count() >= 7);
  assert.match(await page.textContent('#trace-svg .trace-column'), /Thượng nguồn/);
  assert.match(await page.textContent('#trace-links'), /chế biến/);
  await assertFitsPhone(page, 'trace page (vi)');
  await page.screenshot({ path: '/tmp/trace-vi.png', fullPage: true });

  // English, and a node's link re-centres the trace on the blend.
  await Promise.all([page.waitForLoadState(), page.click('#lang-switch')]);
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('#trace-svg .trace-column'), /Upstream/);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('id') === lot('BR-B1')),
    page.click(`#trace-svg .trace-node[data-key="${lot('BR-B1')}"]`),
  ]);
  await page.locator('#trace-svg').waitFor();
  assert.equal(await page.locator('#trace-svg .trace-node[data-depth="0"]').getAttribute('data-key'), lot('BR-B1'));
  assert.equal(await page.locator('#trace-svg .trace-node').count(), 8);
  assert.match(await page.textContent('#trace-links'), /transformation/);
  assert.equal(await page.getAttribute('#trace-lots a', 'href'), `/01/${GTIN}/10/BR-B1`);
  await assertFitsPhone(page, 'trace page (en)');
  await page.screenshot({ path: '/tmp/trace-en.png', fullPage: true });

  // An identifier nothing names is said beside the form.
  const missing = await page.goto(url(`/trace?id=${encodeURIComponent(lot('NOPE'))}`));
  assert.equal(missing.status(), 404);
  assert.match(await page.textContent('#trace-error'), /No event names this identifier/);
  assert.deepEqual(pageProblems, []);
});
