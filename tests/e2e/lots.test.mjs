// Lots through the JSON API and through EPCIS capture: a lot recorded on the API and the same event
// captured directly make the same lot rows; a transformation; every refusal names its field and
// stores nothing (no lot, no event); who sees which lots; the demo's lots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login } from './server.mjs';

let server;
const tokens = {};
before(async () => {
  server = await demoServer();
  for (const [role, user] of [['admin', 'admin'], ['producer', 'chuthe'], ['province', 'tinh.52'],
    ['inspector', 'thanhtra'], ['lab', 'phongthinghiem']]) {
    tokens[role] = (await login(server.url, user)).token;
  }
});
after(async () => server && server.close());

const api = (path, options = {}, who = 'producer') => call(server.url, path, { token: tokens[who], ...options });
const iso = (d) => d.toISOString().slice(0, 10);
const daysFromNow = (n) => iso(new Date(Date.now() + n * 86400_000 + 7 * 3600_000));

let products;
async function ownProducts() {
  if (!products) {
    const me = await api('/api/v1/session');
    const all = (await api('/api/v1/products?per_page=100')).json.items;
    products = all.filter((p) => p.producer_id === me.json.user.producer_id);
  }
  return products;
}
const gtinProduct = async () => (await ownProducts()).find((p) => p.gtin);
const plainProduct = async () => (await ownProducts()).find((p) => !p.gtin);

async function lotCount() {
  return (await api('/api/v1/lots', {}, 'admin')).json.items.length;
}
async function eventCount() {
  let n = 0;
  let path = '/epcis/events?perPage=1000';
  while (path) {
    const r = await api(path, {}, 'inspector');
    assert.equal(r.status, 200, r.text);
    n += r.json.epcisBody.queryResults.resultsBody.eventList.length;
    const link = r.headers.get('link');
    path = link ? /<([^>]+)>; rel="next"/.exec(link)[1] : null;
  }
  return n;
}

function capture(doc) {
  return call(server.url, '/epcis/capture', {
    method: 'POST', token: tokens.producer, body: doc,
    headers: { 'content-type': 'application/ld+json', 'gs1-capture-error-behaviour': 'rollback' },
  });
}

// What a lot row says, without what differs between two lots (ids, code, class id, event).
const facts = (lot) => ({
  product_id: lot.product_id, harvest_from: lot.harvest_from, harvest_to: lot.harvest_to,
  quantity: lot.quantity, unit: lot.unit, growing_area_ids: lot.growing_area_ids,
  packing_house_id: lot.packing_house_id, status: lot.status,
});

test('a lot recorded on the API and the same event captured directly make the same rows', async () => {
  const product = await gtinProduct();
  const body = {
    product_id: product.id, code: 'E2E-API-1', harvest_from: daysFromNow(-6), harvest_to: daysFromNow(-4),
    quantity: 250.5, unit: 'KGM', growing_areas: ['VN-52-GA-0001'], packing_house: 'VN-52-PH-0001',
  };
  const recorded = await api('/api/v1/lots', { method: 'POST', body });
  assert.equal(recorded.status, 201, recorded.text);
  const lot = recorded.json;
  assert.equal(recorded.headers.get('location'), `/api/v1/lots/${lot.id}`);
  assert.equal(lot.epc_id, `https://id.gs1.org/01/${product.gtin.padStart(14, '0')}/10/E2E-API-1`);
  assert.equal(lot.quantity, 250.5);
  assert.deepEqual(lot.growing_areas.map((s) => s.code), ['VN-52-GA-0001']);
  assert.equal(lot.packing_house.code, 'VN-52-PH-0001');
  assert.equal(lot.events.length, 1);
  assert.equal(lot.events[0].bizStep, 'commissioning');
  assert.match(lot.scan_url, /\/01\/\d{14}\/10\/E2E-API-1$/);

  // The stored event, as EPCIS gives it back, with the lot code changed, captured as a partner would.
  const ev = await api(`/epcis/events/${encodeURIComponent(lot.event_id)}`, {}, 'inspector');
  assert.equal(ev.status, 200, ev.text);
  const event = ev.json.epcisBody ? ev.json.epcisBody.queryResults.resultsBody.eventList[0] : ev.json;
  assert.equal(event.type, 'ObjectEvent');
  assert.equal(event.action, 'ADD');
  assert.equal(event.ilmd['cbvmda:harvestStartDate'], body.harvest_from);
  assert.deepEqual(event.ilmd['cbvmda:farmList'].map((f) => f['cbvmda:farmID']), ['urn:ocop:site:VN-52-GA-0001']);
  delete event.eventID;
  delete event['@context'];
  delete event.recordTime;
  event.quantityList[0].epcClass = event.quantityList[0].epcClass.replace('E2E-API-1', 'E2E-EPCIS-1');
  const doc = {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument', schemaVersion: '2.0', creationDate: new Date().toISOString(),
    epcisBody: { eventList: [event] },
  };
  const captured = await capture(doc);
  assert.equal(captured.status, 202, captured.text);
  const list = (await api('/api/v1/lots')).json.items;
  const direct = list.find((l) => l.code === 'E2E-EPCIS-1');
  assert.ok(direct, JSON.stringify(list.map((l) => l.code)));
  assert.deepEqual(facts(direct), facts(lot));
  assert.notEqual(direct.event_id, lot.event_id);
});

test('a lot of a product without GTIN is named under the platform address', async () => {
  const product = await plainProduct();
  const r = await api('/api/v1/lots', {
    method: 'POST', body: { product_id: product.id, code: 'E2E-P-1', quantity: '12', unit: 'LTR' },
  });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.epc_id, new RegExp(`/p/${product.code}/l/E2E-P-1$`));
  assert.equal(r.json.harvest_from, null);
  assert.match(r.json.scan_url, new RegExp(`/p/${product.code}/l/E2E-P-1$`));
  const scan = await call(server.url, new URL(r.json.scan_url).pathname);
  assert.equal(scan.status, 200);
});

test('a transformation blends two lots into a new one', async () => {
  const product = await gtinProduct();
  const make = async (code, from, to, quantity) => {
    const r = await api('/api/v1/lots', {
      method: 'POST', body: { product_id: product.id, code, harvest_from: from, harvest_to: to, quantity, unit: 'KGM', growing_areas: ['VN-52-GA-0001'] },
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const a = await make('E2E-BA', daysFromNow(-20), daysFromNow(-18), 40);
  const b = await make('E2E-BB', daysFromNow(-10), daysFromNow(-9), 60);
  const r = await api('/api/v1/lots/transform', {
    method: 'POST',
    body: {
      inputs: [{ lot_id: a.id, quantity: 40 }, { lot_id: b.id, quantity: 60 }],
      outputs: [{ product_id: product.id, code: 'E2E-BLEND', quantity: 100, unit: 'KGM' }],
      packing_house: 'VN-52-PH-0001',
    },
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.items.length, 1);
  const blend = r.json.items[0];
  assert.equal(blend.harvest_from, a.harvest_from);
  assert.equal(blend.harvest_to, b.harvest_to);
  assert.equal(blend.quantity, 100);
  const view = await api(`/api/v1/lots/${blend.id}`);
  assert.equal(view.json.events[0].type, 'TransformationEvent');
  assert.equal(view.json.packing_house.code, 'VN-52-PH-0001');
});

test('every refusal names its field and stores nothing', async () => {
  const product = await gtinProduct();
  const good = {
    product_id: product.id, code: 'E2E-TAKEN', harvest_from: daysFromNow(-3), quantity: 5, unit: 'KGM',
    growing_areas: ['VN-52-GA-0001'],
  };
  assert.equal((await api('/api/v1/lots', { method: 'POST', body: good })).status, 201);
  // A growing area of the demo producer, suspended by the province ten days ago.
  const sites = (await api('/api/v1/sites?per_page=100')).json.items;
  const cashew = sites.find((s) => s.code === 'VN-DTOR-0017');
  const suspended = await api(`/api/v1/sites/${cashew.id}/status`, {
    method: 'POST', body: { status: 'suspended', on: daysFromNow(-10), reason: 'Kiểm tra dư lượng', version: cashew.version },
  }, 'province');
  assert.equal(suspended.status, 200, suspended.text);
  const other = (await api('/api/v1/products?per_page=100')).json.items.find((p) => p.producer_id !== product.producer_id);
  const lots = await lotCount();
  const events = await eventCount();
  const cases = [
    [{ product_id: other.id }, 'product_id', /not one of your own/],
    [{ product_id: 999999 }, 'product_id', /from the registry/],
    [{ code: 'LÔ 1' }, 'code', /./],
    [{ code: '123456789012345678901' }, 'code', /too long/],
    [{ code: 'E2E-TAKEN' }, 'code', /already recorded/, 409],
    [{ harvest_from: daysFromNow(2) }, 'harvest_from', /future/],
    [{ harvest_from: daysFromNow(-3), harvest_to: daysFromNow(-5) }, 'harvest_to', /before its start/],
    [{ harvest_from: '31/02/2026' }, 'harvest_from', /dd\/mm\/yyyy/],
    [{ harvest_from: '' }, 'harvest_from', /harvest date/],
    [{ quantity: 0 }, 'quantity', /greater than 0/],
    [{ quantity: -1 }, 'quantity', /greater than 0/],
    [{ unit: 'kg' }, 'unit', /Rec 20/],
    [{ growing_areas: ['VN-NONE-1'] }, 'growing_areas', /no growing area/],
    [{ growing_areas: ['VN-52-PH-0001'] }, 'growing_areas', /no growing area/],
    [{ growing_areas: ['VN-DTOR-0017'], harvest_from: daysFromNow(-5) }, 'growing_areas', /suspended/],
    [{ packing_house: 'VN-52-GA-0001' }, 'packing_house', /no packing house/],
    [{ growing_areas: 'VN-52-GA-0001' }, 'growing_areas', /list/],
    [{ colour: 'red' }, 'colour', /./],
  ];
  for (const [change, field, message, status = 400] of cases) {
    const r = await api('/api/v1/lots', { method: 'POST', body: { ...good, code: 'E2E-NEW', ...change } });
    assert.equal(r.status, status, `${JSON.stringify(change)}: ${r.text}`);
    const f = r.json.error.fields.find((x) => x.field === field);
    assert.ok(f, `${JSON.stringify(change)}: ${r.text}`);
    assert.match(f.message, message, JSON.stringify(change));
  }
  // In Vietnamese too.
  const vi = await api('/api/v1/lots', { method: 'POST', body: { ...good, code: 'E2E-NEW', quantity: 0 }, headers: { 'accept-language': 'vi' } });
  assert.match(vi.json.error.fields[0].message, /Số lượng phải là một số lớn hơn 0/);
  // Transformations.
  const taken = (await api('/api/v1/lots')).json.items.find((l) => l.code === 'E2E-TAKEN');
  const tcases = [
    [{ inputs: [], outputs: [] }, 'inputs'],
    [{ inputs: [{ lot_id: taken.id, quantity: 6 }], outputs: [{ product_id: product.id, code: 'E2E-T', quantity: 6, unit: 'KGM' }] }, 'inputs[0].quantity'],
    [{ inputs: [{ lot_id: 999999, quantity: 1 }], outputs: [{ product_id: product.id, code: 'E2E-T', quantity: 1, unit: 'KGM' }] }, 'inputs[0].lot_id'],
    [{ inputs: [{ lot_id: taken.id, quantity: 1 }], outputs: [{ product_id: product.id, code: 'E2E-TAKEN', quantity: 1, unit: 'KGM' }] }, 'outputs[0].code'],
    [{ inputs: [{ lot_id: taken.id, quantity: 1 }], outputs: [{ product_id: other.id, code: 'E2E-T', quantity: 1, unit: 'KGM' }] }, 'outputs[0].product_id'],
    [{ inputs: 'x', outputs: [] }, 'inputs'],
  ];
  for (const [body, field] of tcases) {
    const r = await api('/api/v1/lots/transform', { method: 'POST', body });
    assert.ok([400, 409].includes(r.status), `${JSON.stringify(body)}: ${r.text}`);
    assert.ok(r.json.error.fields.some((x) => x.field === field), `${field}: ${r.text}`);
  }
  // Not JSON, and roles that do not record lots.
  assert.equal((await api('/api/v1/lots', { method: 'POST', raw: 'x', headers: { 'content-type': 'text/plain' } })).status, 400);
  assert.equal((await api('/api/v1/lots', { method: 'POST', body: good }, 'province')).status, 403);
  assert.equal((await api('/api/v1/lots', { method: 'POST', body: good }, 'admin')).status, 403);
  assert.equal(await lotCount(), lots);
  assert.equal(await eventCount(), events);
});

test('each sees their own or their area\'s lots', async () => {
  const mine = (await api('/api/v1/lots')).json.items;
  assert.ok(mine.length >= 3);
  const province = (await api('/api/v1/lots', {}, 'province')).json.items;
  assert.ok(province.length >= mine.length);
  assert.equal((await api(`/api/v1/lots/${mine[0].id}`, {}, 'inspector')).status, 200);
  assert.equal((await api(`/api/v1/lots/${mine[0].id}`, {}, 'lab')).status, 200);
  assert.equal((await api('/api/v1/lots/999999')).status, 404);
  assert.equal((await api('/api/v1/lots/abc')).status, 404);
  assert.equal((await call(server.url, '/api/v1/lots')).status, 401);
  const xa = await login(server.url, 'xa.23764');
  const commune = (await call(server.url, '/api/v1/lots', { token: xa.token })).json.items;
  assert.ok(commune.every((l) => mine.some((m) => m.id === l.id) || l.product_code.includes('-23764-')));
});

test('the demo has lots of its honey, one from a growing area, and a blend', async () => {
  const demo = (await api('/api/v1/lots', {}, 'admin')).json.items.filter((l) => l.code.startsWith('MO-') || l.code.startsWith('MD-') || l.code.startsWith('MT-'));
  assert.ok(demo.length >= 4, JSON.stringify(demo.map((l) => l.code)));
  const fromArea = demo.find((l) => l.growing_area_ids.length > 0);
  assert.ok(fromArea);
  const blends = [];
  for (const l of demo) {
    const v = (await api(`/api/v1/lots/${l.id}`, {}, 'admin')).json;
    if (v.events.some((e) => e.type === 'TransformationEvent' && e.eventID === v.event_id)) blends.push(v);
  }
  assert.equal(blends.length, 1);
});
