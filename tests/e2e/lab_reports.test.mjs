// Lab test reports end to end: the demo's reports, the JSON API and a
// laboratory's own EPCIS capture giving the same report, a failed report
// holding its lot and proposing a recall, bad input refused with nothing
// stored, the PDF, who reads what, and the pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login } from './server.mjs';

let server;
let lab;
let producer;
let officer;
let admin;
let inspector;
let commune;
let gtin;
const year = new Date().getFullYear();

const ago = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const context = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];
const lotId = (code) => `https://id.gs1.org/01/${gtin}/10/${code}`;

// A lot of the demo honey, recorded by its producer through EPCIS.
async function newLot(code) {
  const event = {
    '@context': context, type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning',
    disposition: 'active', eventTime: `${ago(3)}T08:00:00+07:00`, eventTimeZoneOffset: '+07:00',
    quantityList: [{ epcClass: lotId(code), quantity: 120, uom: 'KGM' }],
    ilmd: { 'cbvmda:harvestStartDate': ago(5) },
  };
  const r = await call(server.url, '/epcis/events', { method: 'POST', token: producer, body: event });
  assert.equal(r.status, 201, r.text);
}

const hmf = (value, extra = {}) => ({
  name: 'HMF', chemical_substance: 'https://identifiers.org/inchikey:NOEGNKMFWQHSLB-UHFFFAOYSA-N',
  value, unit: 'NA', limit_max: 40, ...extra,
});

function report(lot, number, parameters) {
  return {
    lot, number, tested_on: ago(1), sample_id: `M-${number}`, method: 'TCVN 5270:2008 (HPLC)',
    parameters,
  };
}

async function post(body, token = lab) {
  return call(server.url, '/api/v1/lab-reports', { method: 'POST', token, body });
}

async function counts() {
  const reports = await call(server.url, '/api/v1/lab-reports', { token: admin });
  const events = await call(server.url, '/epcis/events?EQ_bizStep=inspecting&perPage=1000', { token: admin });
  assert.equal(reports.status, 200);
  assert.equal(events.status, 200, events.text);
  return { reports: reports.json.items.length, events: events.json.epcisBody.queryResults.resultsBody.eventList.length };
}

// What a report says, without what tells two reports apart.
function substance(r) {
  const { id, number, lot_id, lot_key, lot_code, lot_status, event_id, created_at, sample_id, pdf, ...rest } = r;
  return rest;
}

before(async () => {
  server = await demoServer();
  lab = (await login(server.url, 'phongthinghiem')).token;
  producer = (await login(server.url, 'chuthe')).token;
  officer = (await login(server.url, 'tinh.52')).token;
  admin = (await login(server.url, 'admin')).token;
  inspector = (await login(server.url, 'thanhtra')).token;
  commune = (await login(server.url, 'xa.23764')).token;
  const list = await call(server.url, '/api/v1/lab-reports', { token: admin });
  const passing = list.json.items.find((r) => r.number === `KN-${year}-0001`);
  gtin = passing.lot_key.match(/\/01\/(\d{14})\//)[1];
});
after(async () => server && server.close());

test('the demo has a passing report and a failing one that stops its lot', async () => {
  const list = await call(server.url, '/api/v1/lab-reports', { token: officer });
  assert.equal(list.status, 200);
  const byNumber = Object.fromEntries(list.json.items.map((r) => [r.number, r]));
  const pass = byNumber[`KN-${year}-0001`];
  const fail = byNumber[`KN-${year}-0002`];
  assert.equal(pass.verdict, 'pass');
  assert.equal(pass.lot_status, 'active');
  assert.equal(fail.verdict, 'fail');
  // On hold, then recalled once the demo's officer opens the recall it proposed.
  assert.ok(['on_hold', 'recalled'].includes(fail.lot_status), fail.lot_status);
  assert.deepEqual(fail.parameters.map((p) => [p.name, p.verdict]), [['HMF', 'fail'], ['Chlorpyrifos', 'pass']]);
  assert.ok(fail.pdf && fail.pdf.size > 0);
  const pdf = await call(server.url, fail.pdf.url, { token: producer });
  assert.equal(pdf.status, 200);
  assert.match(pdf.headers.get('content-type'), /application\/pdf/);
  assert.ok(pdf.text.startsWith('%PDF-'));
});

test('the JSON API and a laboratory\'s own EPCIS capture give the same report', async () => {
  await newLot('E2E-API');
  await newLot('E2E-EPCIS');
  const viaApi = await post(report(lotId('E2E-API'), 'E2E-1', [hmf(12.5), {
    name: 'Salmonella', type: 'Count', microorganism: 'https://www.ncbi.nlm.nih.gov/taxonomy/28901',
    value: 0, unit: 'H87', limit_max: 0, verdict: 'pass',
  }]));
  assert.equal(viaApi.status, 201, viaApi.text);
  assert.equal(viaApi.headers.get('location'), `/api/v1/lab-reports/${viaApi.json.id}`);
  assert.equal(viaApi.json.verdict, 'pass');
  assert.equal(viaApi.json.lot_code, 'E2E-API');

  // The event the API captured, as any EPCIS client reads it.
  const stored = await call(server.url, `/epcis/events/${encodeURIComponent(viaApi.json.event_id)}`, { token: admin });
  assert.equal(stored.status, 200, stored.text);
  const event = stored.json.epcisBody.queryResults.resultsBody.eventList[0];
  assert.equal(event.bizStep, 'inspecting');
  assert.equal(event.sensorElementList[0].sensorReport[0].value, 12.5);

  // A partner laboratory captures the same observation on the other lot.
  const { eventID, recordTime, ...copy } = event;
  delete copy['@context'];
  copy.quantityList = [{ epcClass: `urn:epc:class:lgtin:${gtin.slice(1, 8)}.${gtin[0]}${gtin.slice(8, 13)}.E2E-EPCIS` }];
  copy.sensorElementList[0].sensorMetadata['ocop:reportNumber'] = 'E2E-2';
  copy.sensorElementList[0].sensorMetadata['ocop:sampleID'] = 'S-partner';
  const doc = {
    '@context': [...context, { ocop: 'https://ocop.gov.vn/epcis/' }], type: 'EPCISDocument',
    schemaVersion: '2.0', creationDate: new Date().toISOString(), epcisBody: { eventList: [copy] },
  };
  const captured = await call(server.url, '/epcis/capture', { method: 'POST', token: lab, body: doc });
  assert.equal(captured.status, 202, captured.text);
  const list = await call(server.url, `/api/v1/lab-reports?lot=${encodeURIComponent(lotId('E2E-EPCIS'))}`, { token: lab });
  assert.equal(list.status, 200);
  assert.equal(list.json.items.length, 1);
  const viaEpcis = list.json.items[0];
  assert.equal(viaEpcis.number, 'E2E-2');
  assert.equal(viaEpcis.lot_code, 'E2E-EPCIS');
  assert.equal(viaEpcis.sample_id, 'S-partner');
  assert.deepEqual(substance(viaEpcis), substance(viaApi.json));

  // The same event shape captured by the producer is no lab report.
  copy.sensorElementList[0].sensorMetadata['ocop:reportNumber'] = 'E2E-3';
  const byProducer = await call(server.url, '/epcis/capture', { method: 'POST', token: producer, body: doc });
  assert.equal(byProducer.status, 202, byProducer.text);
  const after = await call(server.url, `/api/v1/lab-reports?lot=${encodeURIComponent(lotId('E2E-EPCIS'))}`, { token: admin });
  assert.deepEqual(after.json.items.map((r) => r.number), ['E2E-2']);
});

// The recall it proposes is checked by the unit test (lab_report_test.cc).
test('a failed parameter puts the lot on hold', async () => {
  await newLot('E2E-FAIL');
  const before = await call(server.url, `/api/v1/lab-reports?lot=${encodeURIComponent(lotId('E2E-FAIL'))}`, { token: admin });
  assert.deepEqual(before.json.items, []);
  const failed = await post(report(lotId('E2E-FAIL'), 'E2E-F', [hmf(41.2), hmf(3, { name: 'Chlorpyrifos', limit_max: 0.01, value: 0.004 })]));
  assert.equal(failed.status, 201, failed.text);
  assert.equal(failed.json.verdict, 'fail');
  assert.equal(failed.json.lot_status, 'on_hold');
  assert.deepEqual(failed.json.parameters.map((p) => p.verdict), ['fail', 'pass']);
  const stored = await call(server.url, `/epcis/events/${encodeURIComponent(failed.json.event_id)}`, { token: admin });
  const event = stored.json.epcisBody.queryResults.resultsBody.eventList[0];
  assert.equal(event.disposition, 'non_conformant');
});

test('bad input is refused with the field named and nothing stored', async () => {
  await newLot('E2E-BAD');
  const lot = lotId('E2E-BAD');
  const before = await counts();
  const cases = [
    [report(lot, 'B-1', [hmf(52.8, { verdict: 'pass' })]), 400, 'parameters[0].verdict'],
    [report(lot, 'B-2', [hmf(5, { limit_max: null })]), 400, 'parameters[0].limit_max'],
    [report(lot, 'B-3', [hmf(5, { limit_min: 10, limit_max: 1 })]), 400, 'parameters[0].limit_min'],
    [report(lot, 'B-4', [hmf('5')]), 400, 'parameters[0].value'],
    [report(lot, 'B-5', [hmf(5, { unit: 'mg/kg' })]), 400, 'parameters[0].unit'],
    [report(lot, 'B-6', []), 400, 'parameters'],
    [report(lotId('NO-SUCH'), 'B-7', [hmf(5)]), 400, 'lot'],
    [{ ...report(lot, 'B-8', [hmf(5)]), tested_on: '2999-01-01' }, 400, 'tested_on'],
    [{ ...report(lot, 'B-9', [hmf(5)]), number: '' }, 400, 'number'],
    [report(lot, `KN-${year}-0001`, [hmf(5)]), 400, 'number'],
  ];
  for (const [body, status, field] of cases) {
    const r = await post(body);
    assert.equal(r.status, status, `${field}: ${r.text}`);
    assert.ok(r.json.error.fields.some((f) => f.field === field), `${field}: ${r.text}`);
  }
  const notJson = await call(server.url, '/api/v1/lab-reports', { method: 'POST', token: lab, body: 'not json' });
  assert.equal(notJson.status, 400);
  assert.equal((await post(report(lot, 'B-10', [hmf(5)]), producer)).status, 403);

  // The contradiction captured as EPCIS by the laboratory: refused under rollback.
  const event = {
    '@context': [...context, { ocop: 'https://ocop.gov.vn/epcis/' }], type: 'ObjectEvent', action: 'OBSERVE',
    bizStep: 'inspecting', disposition: 'conformant', eventTime: `${ago(1)}T09:00:00+07:00`, eventTimeZoneOffset: '+07:00',
    quantityList: [{ epcClass: lot }],
    sensorElementList: [{
      sensorMetadata: { 'ocop:reportNumber': 'B-11', 'ocop:sampleID': 'S', 'ocop:method': 'M' },
      sensorReport: [{ type: 'Dimensionless', value: 52.8, uom: 'NA', 'ocop:parameter': 'HMF', 'ocop:maxLimit': 40 }],
    }],
  };
  const refused = await call(server.url, '/epcis/events', { method: 'POST', token: lab, body: event });
  assert.equal(refused.status, 400, refused.text);
  assert.match(refused.text, /disposition/);
  event.quantityList = [{ epcClass: lotId('NO-SUCH') }];
  event.disposition = 'non_conformant';
  const nowhere = await call(server.url, '/epcis/events', { method: 'POST', token: lab, body: event });
  assert.equal(nowhere.status, 400, nowhere.text);
  assert.match(nowhere.text, /quantityList/);

  assert.deepEqual(await counts(), before);
  const list = await call(server.url, `/api/v1/lab-reports?lot=${encodeURIComponent(lot)}`, { token: admin });
  assert.deepEqual(list.json.items, []);
});

test('the PDF is checked by its content, stored, and served to readers only', async () => {
  await newLot('E2E-PDF');
  const created = await post(report(lotId('E2E-PDF'), 'E2E-P', [hmf(10)]));
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const url = `/api/v1/lab-reports/${id}/pdf`;
  assert.equal((await call(server.url, url, { token: producer })).status, 404);

  const html = await call(server.url, url, { method: 'POST', token: lab, raw: '<html>%PDF-1.4</html>', headers: { 'content-type': 'application/pdf' } });
  assert.equal(html.status, 400);
  assert.ok(html.json.error.fields.some((f) => f.field === 'pdf'));
  const pdf = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
  assert.equal((await call(server.url, url, { method: 'POST', token: producer, raw: pdf, headers: { 'content-type': 'application/pdf' } })).status, 403);

  const form = new FormData();
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'phieu-E2E-P.pdf');
  const res = await fetch(server.url + url, { method: 'POST', headers: { authorization: `Bearer ${lab}` }, body: form });
  assert.equal(res.status, 200, await res.clone().text());
  const attached = await res.json();
  assert.equal(attached.pdf.name, 'phieu-E2E-P.pdf');
  assert.equal(attached.pdf.size, pdf.length);

  for (const token of [producer, officer, admin, inspector, commune, lab]) {
    const got = await call(server.url, url, { token });
    assert.equal(got.status, 200);
    assert.equal(got.text, pdf);
    assert.match(got.headers.get('content-disposition'), /attachment/);
  }
  assert.equal((await call(server.url, url)).status, 401);
  assert.equal((await call(server.url, `/lab-reports/${id}/pdf`)).status, 303);
});

test('the pages list, show and take a report', async () => {
  await newLot('E2E-PAGE');
  const list = await call(server.url, '/lab-reports', { token: lab, headers: { 'accept-language': 'vi' } });
  assert.equal(list.status, 200);
  assert.match(list.text, /Kết quả thử nghiệm/);
  assert.match(list.text, new RegExp(`KN-${year}-0002`));

  const form = new FormData();
  for (const [k, v] of Object.entries({
    lot: lotId('E2E-PAGE'), number: 'E2E-W', tested_on: '01/01/2026', sample_id: 'W-1', method: 'TCVN 8319:2010',
    p0_name: 'Chlorpyrifos', p0_value: '0,02', p0_unit: 'NA', p0_limit_max: '0,01', p0_verdict: '',
  })) form.append(k, v);
  const res = await fetch(`${server.url}/lab-reports`, {
    method: 'POST', headers: { authorization: `Bearer ${lab}`, 'accept-language': 'en' }, body: form, redirect: 'manual',
  });
  assert.equal(res.status, 303, await res.text());
  const location = res.headers.get('location');
  assert.match(location, /^\/lab-reports\/\d+\?created=1$/);
  const page = await call(server.url, location, { token: producer });
  assert.equal(page.status, 200);
  assert.match(page.text, /id="tested-on">01\/01\/2026</);
  assert.match(page.text, /data-verdict="fail"/);
  assert.match(page.text, /id="lot-status" data-status="on_hold"/);
  assert.match(page.text, /≤ 0.01 mg\/kg/);

  const before = await counts();
  const bad = new FormData();
  for (const [k, v] of Object.entries({ lot: lotId('E2E-PAGE'), number: 'E2E-X', tested_on: '01/01/2026', sample_id: 'X', method: 'M', p0_name: 'HMF', p0_value: 'abc', p0_unit: 'NA', p0_limit_max: '40' })) bad.append(k, v);
  bad.append('pdf', new Blob(['not a pdf']), 'x.pdf');
  const refused = await fetch(`${server.url}/lab-reports`, { method: 'POST', headers: { authorization: `Bearer ${lab}`, 'accept-language': 'en' }, body: bad, redirect: 'manual' });
  assert.equal(refused.status, 400);
  const text = await refused.text();
  assert.match(text, /id="p0_value-error">Must be a number/);
  assert.match(text, /id="pdf-error">Only PDF files/);
  assert.deepEqual(await counts(), before);
});
