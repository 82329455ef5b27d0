// The Digital Link resolver end to end: the public page of a product and lot
// by GTIN (/01/…) and by platform code (/p/…), in both languages; lot dates
// and history from events captured through POST /epcis/events and from the
// link's data attributes; the GS1 linkset and its linkType redirects; the 400
// and 404 pages; and every label format for both address forms, whose QR code
// is decoded with ZXing (tests/qr_decode) and followed back to the same lot.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { call, demoStore, login, ocopBin, startServer } from './server.mjs';

const BASE = 'https://ocop.example.vn';  // printed in QR codes; mapped to the test server
const qrDecode = join(dirname(ocopBin), 'tests', 'qr_decode');
const work = mkdtempSync(join(tmpdir(), 'ocop-resolver-'));

// The demo's honey with a GTIN (and a 4★ certificate) and its sister product
// without a GTIN (data/demo/products.csv, src/main/demo_trace_seed.h).
const HONEY = { name: 'Mật ong hoa cà phê Ia Grai', gtin: '08939777100106' };
const CASHEW = { name: 'Mật ong hoa điều Ia Grai' };
const LOT = 'E2E-LOT/7';        // a slash, percent-encoded in the path
const PLOT = 'E2E-P1';

let store;
let dir;
let server;
let browser;
let producerToken;

const page = (path, lang = 'vi', headers = {}) => call(server.url, path, { headers: { 'accept-language': lang, ...headers } });
const text = (html, id) => {
  const m = html.match(new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`));
  return m && m[1].trim();
};
const mainOf = (html) => html.match(/<main[\s\S]*<\/main>/)[0];
// The path of a URL under BASE, to fetch from the test server.
const local = (url) => {
  assert.ok(url.startsWith(`${BASE}/`), `${url} is under the base URL`);
  return url.slice(BASE.length);
};
const enc = encodeURIComponent;

function event(lotId, time, { action = 'OBSERVE', bizStep, disposition, ilmd } = {}) {
  const e = {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'ObjectEvent', eventTime: time, eventTimeZoneOffset: '+07:00', action,
    quantityList: [{ epcClass: lotId, quantity: 10, uom: 'H87' }],
  };
  if (bizStep) e.bizStep = bizStep;
  if (disposition) e.disposition = disposition;
  if (ilmd) e.ilmd = ilmd;
  return e;
}

async function capture(e) {
  const r = await call(server.url, '/epcis/events', {
    method: 'POST', token: producerToken, body: JSON.stringify(e),
    headers: { 'content-type': 'application/ld+json' },
  });
  assert.ok([201, 202].includes(r.status), `capture: ${r.status} ${r.text}`);
}

before(async () => {
  ({ dir, store } = demoStore());
  server = await startServer(store, ['--base-url', BASE]);
  producerToken = (await login(server.url, 'chuthe')).token;
  const cashew = (await call(server.url, `/api/v1/products?q=${enc('hoa điều')}&per_page=5`,
    { token: producerToken })).json.items.find((p) => p.name === CASHEW.name);
  assert.ok(cashew && !cashew.gtin, 'the demo has a product without a GTIN');
  CASHEW.code = cashew.code;
  const honey = (await call(server.url, `/api/v1/products?q=${enc('hoa cà phê')}&per_page=5`,
    { token: producerToken })).json.items.find((p) => p.name === HONEY.name);
  HONEY.code = honey.code;
  assert.equal(honey.gtin, HONEY.gtin);

  // The GTIN lot: commissioned with its dates, inspected, shipped (captured
  // out of order: the history is by event time).
  const gtinLot = `https://id.gs1.org/01/${HONEY.gtin}/10/${enc(LOT)}`;
  await capture(event(gtinLot, '2026-03-05T09:00:00+07:00', { bizStep: 'shipping', disposition: 'in_transit' }));
  await capture(event(gtinLot, '2026-03-01T08:30:00+07:00', {
    action: 'ADD', bizStep: 'commissioning', disposition: 'active',
    ilmd: { 'cbvmda:bestBeforeDate': '2028-02-29', 'cbvmda:harvestStartDate': '2026-02-20', 'cbvmda:harvestEndDate': '2026-02-24' },
  }));
  await capture(event(gtinLot, '2026-03-02T14:00:00+07:00', { bizStep: 'inspecting', disposition: 'conformant' }));
  // The platform lot, named by its URL under the base URL.
  await capture(event(`${BASE}/p/${CASHEW.code}/l/${PLOT}`, '2026-04-10T07:00:00+07:00', {
    action: 'ADD', bizStep: 'commissioning', ilmd: { 'cbvmda:itemExpirationDate': '2027-04-09' },
  }));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

test('a GTIN lot\'s page: product, producer, stars, live certificate, story, dates and history', async () => {
  const r = await page(`/01/${HONEY.gtin}/10/${enc(LOT)}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.headers.get('link'), new RegExp(`<${BASE}/01/${HONEY.gtin}/10/E2E-LOT%2F7\\?linkType=all>; rel="linkset"`));
  assert.equal(text(r.text, 'product'), HONEY.name);
  assert.equal(text(r.text, 'gtin'), HONEY.gtin);
  assert.equal(text(r.text, 'lot'), LOT);
  assert.equal(text(r.text, 'stars-text'), '4 sao');
  assert.match(r.text, /id="certificate" data-status="valid"/);
  assert.match(r.text, /Được phép in biểu trưng OCOP 4 sao/);
  assert.match(r.text, /href="\/v\/OCOP-52-\d{4}-\d{5}" id="certificate-link"/);
  assert.match(text(r.text, 'story'), /ong nội/);
  assert.match(r.text, /data-kind="best_before">29\/02\/2028</);
  assert.match(r.text, /data-kind="harvest">20\/02\/2026 – 24\/02\/2026</);
  const steps = [...r.text.matchAll(/<li class="event" data-step="([a-z_]+)"><strong>([^<]+)<\/strong> · ([^<·]+)/g)]
    .map((m) => [m[1], m[2], m[3].trim()]);
  assert.deepEqual(steps, [
    ['commissioning', '01/03/2026 08:30', 'Sản xuất, gắn mã'],
    ['inspecting', '02/03/2026 14:00', 'Kiểm tra'],
    ['shipping', '05/03/2026 09:00', 'Xuất hàng'],
  ]);
  assert.ok(!/<script/.test(r.text), 'no script on the scan page');
  assert.ok(r.text.length < 8000, `one small response (${r.text.length} bytes)`);

  const en = await page(`/01/${HONEY.gtin}/10/${enc(LOT)}`, 'en');
  assert.match(en.text, /<html lang="en">/);
  assert.equal(text(en.text, 'stars-text'), '4 stars');
  assert.match(en.text, /May carry the OCOP mark with 4 stars/);
  assert.match(en.text, /data-kind="best_before">29\/02\/2028</);
  assert.match(en.text, /data-step="shipping"><strong>05\/03\/2026 09:00<\/strong> · Shipped · in transit/);
  // ?lang= wins over Accept-Language.
  assert.match((await page(`/01/${HONEY.gtin}/10/${enc(LOT)}?lang=en`, 'vi')).text, /<html lang="en">/);
});

test('the label\'s data attributes add dates; a lot nobody recorded still shows its product', async () => {
  const r = await page(`/01/${HONEY.gtin}/10/NEW-LOT?17=271231&7007=260110260115`, 'en');
  assert.equal(r.status, 200);
  assert.match(r.text, /data-kind="expiry">31\/12\/2027</);
  assert.match(r.text, /data-kind="harvest">10\/01\/2026 – 15\/01\/2026</);
  assert.match(r.text, /id="no-events">No events have been recorded for this lot yet./);
  // A product-level link has no lot and no history section.
  const product = await page(`/01/${HONEY.gtin}`);
  assert.equal(product.status, 200);
  assert.ok(!/id="history"/.test(product.text));
});

test('the /p/ form serves the same page as the GTIN form, and lots of products without a GTIN', async () => {
  const byGtin = await page(`/01/${HONEY.gtin}`, 'en');
  const byCode = await page(`/p/${HONEY.code}`, 'en');
  assert.equal(byCode.status, 200);
  const strip = (html) => mainOf(html).replace(/<link[^>]*>/g, '');
  assert.equal(strip(byCode.text), strip(byGtin.text));
  // A 13-digit GTIN is the same product (padded to 14 in a Digital Link).
  const p = await page(`/p/${CASHEW.code}/l/${PLOT}`, 'en');
  assert.equal(p.status, 200);
  assert.equal(text(p.text, 'product'), CASHEW.name);
  assert.equal(text(p.text, 'lot'), PLOT);
  assert.equal(text(p.text, 'product-code'), CASHEW.code);
  assert.ok(!/id="gtin"/.test(p.text));
  assert.match(p.text, /id="certificate-none">This product has no OCOP certificate/);
  assert.match(p.text, /data-kind="expiry">09\/04\/2027</);
  assert.match(p.text, /data-step="commissioning"><strong>10\/04\/2026 07:00/);
});

test('the linkset (RFC 9264) and the linkType redirects', async () => {
  const path = `/01/${HONEY.gtin}/10/${enc(LOT)}`;
  const r = await call(server.url, path, { headers: { accept: 'application/linkset+json' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/linkset+json');
  assert.equal(r.json.linkset.length, 1);
  const set = r.json.linkset[0];
  const anchor = `${BASE}/01/${HONEY.gtin}/10/E2E-LOT%2F7`;
  assert.equal(set.anchor, anchor);
  const voc = (t) => `https://gs1.org/voc/${t}`;
  assert.deepEqual(Object.keys(set).sort(),
    ['anchor', voc('certificationInfo'), voc('defaultLink'), voc('pip'), voc('traceability')].sort());
  assert.deepEqual(set[voc('pip')], [{ href: anchor, title: HONEY.name, type: 'text/html', hreflang: ['vi', 'en'] }]);
  assert.match(set[voc('certificationInfo')][0].href, new RegExp(`^${BASE}/v/OCOP-52-\\d{4}-\\d{5}$`));
  assert.equal(set[voc('traceability')][0].href, `${anchor}#history`);
  assert.equal(set[voc('traceability')][1].href,
    `${BASE}/epcis/epcs/${enc(`https://id.gs1.org/01/${HONEY.gtin}/10/E2E-LOT%2F7`)}/events`);
  assert.equal(set[voc('defaultLink')][0].href, anchor);
  for (const links of Object.values(set).filter(Array.isArray)) {
    for (const l of links) assert.ok(l.href && l.title && l.type, JSON.stringify(l));
  }
  // ?linkType=all is the same linkset, whatever the Accept header says.
  const all = await call(server.url, `${path}?linkType=all`);
  assert.equal(all.headers.get('content-type'), 'application/linkset+json');
  assert.deepEqual(all.json, r.json);
  // One link type: a 307 to it, the short or the full name.
  const to = async (type) => {
    const x = await call(server.url, `${path}?linkType=${enc(type)}`);
    assert.equal(x.status, 307, type);
    return x.headers.get('location');
  };
  assert.equal(await to('gs1:pip'), anchor);
  assert.equal(await to('gs1:certificationInfo'), set[voc('certificationInfo')][0].href);
  assert.equal(await to(voc('traceability')), `${anchor}#history`);
  assert.equal(await to('gs1:recipeInfo'), anchor, 'a type not offered: the default link');
  // The certificate link leads to the live verification.
  const v = await call(server.url, local(await to('gs1:certificationInfo')), { headers: { accept: 'application/json' } });
  assert.equal(v.json.status, 'valid');
  // A product without a certificate or lot offers neither link.
  const plain = await call(server.url, `/p/${CASHEW.code}`, { headers: { accept: 'application/linkset+json' } });
  assert.deepEqual(Object.keys(plain.json.linkset[0]).sort(), ['anchor', voc('defaultLink'), voc('pip')].sort());
  // Errors in the API's shape, with the reason.
  const unknown = await call(server.url, '/01/09506000134352', { headers: { accept: 'application/linkset+json' } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'NOT_FOUND');
  const bad = await call(server.url, '/01/08939777100107?linkType=all');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'INVALID_ARGUMENT');
  assert.match(bad.json.error.message, /check digit/i);
});

test('unknown products get a 404 page and invalid addresses a 400 page saying why, in both languages', async () => {
  const cases = [
    ['/01/09506000134352', 404, /Sản phẩm này không có trên nền tảng OCOP/, /This product is not on the OCOP platform/, /09506000134352/],
    [`/p/99-99999-9-2026/l/${PLOT}`, 404, /không có trên nền tảng OCOP/, /not on the OCOP platform/, /99-99999-9-2026/],
    ['/01/08939777100107', 400, /Mã QR này không hợp lệ/, /This QR code is not valid/, /08939777100107/],
    [`/01/${HONEY.gtin}/10/ABCDEFGHIJKLMNOPQRSTU`, 400, /không hợp lệ/, /not valid/, /ABCDEFGHIJKLMNOPQRSTU/],
    [`/01/${HONEY.gtin}/21/S1/10/L1`, 400, /không hợp lệ/, /not valid/, /\(10\)/],
    [`/01/${HONEY.gtin}?17=261301`, 400, /không hợp lệ/, /not valid/, /17/],
    [`/p/${CASHEW.code}/l/ABCDEFGHIJKLMNOPQRSTUVW`, 400, /không hợp lệ/, /not valid/, /ABCDEFGHIJKLMNOPQRSTUVW/],
  ];
  const seen = new Set();
  for (const [path, status, vi, en, detail] of cases) {
    const a = await page(path, 'vi');
    const b = await page(path, 'en');
    assert.equal(a.status, status, path);
    assert.equal(b.status, status, path);
    assert.match(a.text, vi, path);
    assert.match(b.text, en, path);
    const why = text(b.text, 'problem-detail');
    assert.match(why, detail, `${path}: ${why}`);
    assert.notEqual(text(a.text, 'problem-detail'), why, 'the reason is translated');
    seen.add(why);
  }
  assert.equal(seen.size, cases.length, 'each problem has its own reason');
  // Specific reasons for the length, the order and the month.
  assert.match(text((await page(`/01/${HONEY.gtin}/10/ABCDEFGHIJKLMNOPQRSTU`, 'en')).text, 'problem-detail'), /20/);
  assert.match(text((await page(`/01/${HONEY.gtin}/21/S1/10/L1`, 'en')).text, 'problem-detail'), /order/i);
  // A label of an unknown product or an unknown label file: 404.
  assert.equal((await page('/01/09506000134352/label.svg')).status, 404);
  assert.equal((await page(`/01/${HONEY.gtin}/label.gif`)).status, 404);
});

// Decodes the QR codes of a grey PGM file with ZXing.
function decodePgm(file) {
  const r = spawnSync(qrDecode, [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `qr_decode ${file}: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

// Draws an image (SVG or PNG bytes) in Chromium, `scale` times its size, and
// writes its pixels as a grey PGM file.
async function rasterise(bytes, mime, file, scale) {
  const tab = await browser.newPage();
  try {
    const { width, height, grey } = await tab.evaluate(async ({ b64, type, k }) => {
      const img = new Image();
      img.src = `data:${type};base64,${b64}`;
      await img.decode();
      const w = Math.round(img.naturalWidth * k);
      const h = Math.round(img.naturalHeight * k);
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, w, h);
      g.drawImage(img, 0, 0, w, h);
      const rgba = g.getImageData(0, 0, w, h).data;
      // Grey bytes as a binary string: a large array would cross to Node slowly.
      let out = '';
      for (let i = 0; i < w * h; i++) {
        out += String.fromCharCode(Math.round((rgba[4 * i] + rgba[4 * i + 1] + rgba[4 * i + 2]) / 3));
      }
      return { width: w, height: h, grey: btoa(out) };
    }, { b64: Buffer.from(bytes).toString('base64'), type: mime, k: scale });
    writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), Buffer.from(grey, 'base64')]));
  } finally {
    await tab.close();
  }
}

async function fetchLabel(path) {
  const res = await fetch(server.url + path, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

test('every label format of both address forms scans back to the same product and lot', async () => {
  const forms = [
    { path: `/01/${HONEY.gtin}/10/${enc(LOT)}`, product: HONEY.name, lot: LOT, line: `GTIN ${HONEY.gtin}` },
    { path: `/p/${CASHEW.code}/l/${PLOT}`, product: CASHEW.name, lot: PLOT, line: `Mã SP: ${CASHEW.code}` },
  ];
  for (const form of forms) {
    const expected = `${BASE}${form.path}`;
    const decoded = {};

    const svg = await fetchLabel(`${form.path}/label.svg`);
    assert.equal(svg.status, 200);
    assert.equal(svg.type, 'image/svg+xml');
    const svgText = svg.bytes.toString('utf8');
    assert.ok(svgText.includes(form.line), svgText.slice(-600));
    assert.ok(svgText.includes(`Lô: ${form.lot}`));
    await rasterise(svg.bytes, 'image/svg+xml', join(work, 'svg.pgm'), 4);
    decoded.svg = decodePgm(join(work, 'svg.pgm'));

    const png = await fetchLabel(`${form.path}/label.png`);
    assert.equal(png.status, 200);
    assert.equal(png.type, 'image/png');
    assert.equal(png.bytes.subarray(1, 4).toString(), 'PNG');
    await rasterise(png.bytes, 'image/png', join(work, 'png.pgm'), 1);
    decoded.png = decodePgm(join(work, 'png.pgm'));

    const pdf = await fetchLabel(`${form.path}/label.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, 'application/pdf');
    writeFileSync(join(work, 'labels.pdf'), pdf.bytes);
    const raster = spawnSync('pdftoppm', ['-r', '150', '-gray', '-singlefile', join(work, 'labels.pdf'), join(work, 'sheet')]);
    assert.equal(raster.status, 0, String(raster.stderr));
    decoded.pdf = decodePgm(join(work, 'sheet.pgm'));
    assert.equal(decoded.pdf.length, 15, 'an A4 sheet of 15 labels');
    const pdfText = spawnSync('pdftotext', [join(work, 'labels.pdf'), '-'], { encoding: 'utf8' }).stdout;
    assert.ok(pdfText.includes(form.line) && pdfText.includes(`Lô: ${form.lot}`), pdfText.slice(0, 300));

    for (const [format, urls] of Object.entries(decoded)) {
      for (const url of urls) assert.equal(url, expected, `${form.path} ${format}`);
      // Followed like a phone would: the same product and lot.
      const r = await page(local(urls[0]));
      assert.equal(r.status, 200, `${format}: ${urls[0]}`);
      assert.equal(text(r.text, 'product'), form.product);
      assert.equal(text(r.text, 'lot'), form.lot);
    }
  }
  // A label in English on request; products without a lot get one too.
  const en = await fetchLabel(`/p/${CASHEW.code}/label.svg?lang=en`);
  assert.equal(en.status, 200);
  assert.ok(en.bytes.toString().includes(`Product: ${CASHEW.code}`));
});

// The server keeps the pages it made (src/domain/catalog/page_cache.h) and
// checks them against the store on every scan: this runs last, as it revokes
// the honey's certificate.
test('a page scanned again follows the store at once: a new event, a revocation', async () => {
  const path = `/p/${CASHEW.code}/l/${PLOT}`;
  const first = await page(path);
  assert.equal((await page(path)).text, first.text, 'the same page while nothing changed');
  await capture(event(`${BASE}${path}`, '2026-04-12T10:00:00+07:00', { bizStep: 'shipping', disposition: 'in_transit' }));
  const shipped = await page(path);
  assert.match(shipped.text, /data-step="shipping"><strong>12\/04\/2026 10:00<\/strong>/);

  const lot = `/01/${HONEY.gtin}/10/${enc(LOT)}`;
  assert.match((await page(lot)).text, /id="certificate" data-status="valid"/);
  assert.match((await page(lot)).text, /id="certificate" data-status="valid"/);
  const number = (await page(lot)).text.match(/href="\/v\/(OCOP-52-\d{4}-\d{5})"/)[1];
  const admin = (await login(server.url, 'admin')).token;
  const revoked = await call(server.url, `/api/v1/certificates/${number}/revocation`, {
    method: 'POST', token: admin,
    body: { ground: 'mark_misuse', note: 'e2e', evidence: 'Biên bản 1/BB', decision_number: '1/QĐ-UBND' },
  });
  assert.equal(revoked.status, 200, revoked.text);
  const after = await page(lot);
  assert.match(after.text, /id="certificate" data-status="revoked"/);
  assert.ok(!/id="stars-text"/.test(after.text), 'no stars once revoked');
});
