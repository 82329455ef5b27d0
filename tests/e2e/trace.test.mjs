// The trace graph end to end: a honey chain captured through POST
// /epcis/capture (harvests → blend → pallet → shipment to a supermarket),
// traced both ways through GET /api/v1/trace and the /trace page; the
// capture rules refuse contradictions with nothing stored; who may trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login } from './server.mjs';

let server;
let admin;
before(async () => {
  server = await demoServer();
  admin = (await login(server.url, 'admin')).token;
});
after(async () => server && server.close());

const gtin = '08934567000017';
const lot = (code) => `https://id.gs1.org/01/${gtin}/10/${code}`;
const pallet = 'urn:epc:id:sscc:8934567.0000000042';
const palletKey = 'https://id.gs1.org/00/089345670000000420';
const shop = 'urn:ocop:party:sieu-thi-bach-hoa';

function doc(events) {
  return {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-11-22T00:00:00Z',
    epcisBody: { eventList: events },
  };
}
const q = (code, quantity, uom = 'KGM') => ({ epcClass: lot(code), quantity, uom });
const harvest = (code, time, site) => ({
  type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', eventTime: time, eventTimeZoneOffset: '+07:00',
  quantityList: [q(code, 100)], bizLocation: { id: `urn:ocop:site:${site}` },
});
const blend = (inputs, output, time, outKg, inKg = 100) => ({
  type: 'TransformationEvent', bizStep: 'commissioning', eventTime: time, eventTimeZoneOffset: '+07:00',
  inputQuantityList: inputs.map((i) => q(i, inKg)), outputQuantityList: [q(output, outKg)],
  bizLocation: { id: 'urn:ocop:site:VN-DL-PH-0001' },
});
const packOnPallet = (code, time) => ({
  type: 'AggregationEvent', action: 'ADD', bizStep: 'packing', eventTime: time, eventTimeZoneOffset: '+07:00',
  parentID: pallet, childQuantityList: [q(code, 150)],
});
const ship = (what, time) => ({
  type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', eventTime: time, eventTimeZoneOffset: '+07:00',
  epcList: [what], destinationList: [{ type: 'location', destination: shop }],
});

async function capture(events, token = admin) {
  return call(server.url, '/epcis/capture', {
    method: 'POST', token, body: JSON.stringify(doc(events)), headers: { 'content-type': 'application/ld+json' },
  });
}
async function eventCount() {
  const r = await call(server.url, '/epcis/events?perPage=1000', { token: admin });
  assert.equal(r.status, 200);
  return r.json.epcisBody.queryResults.resultsBody.eventList.length;
}
async function trace(id, direction, token = admin) {
  return call(server.url, `/api/v1/trace?id=${encodeURIComponent(id)}&direction=${direction}`, { token });
}
const depthOf = (graph, key) => graph.nodes.find((n) => n.key === key)?.depth;

test('a honey chain is traced backward to its growing areas and forward to the supermarket', async () => {
  const r = await capture([
    harvest('E2E-H1', '2026-10-01T08:00:00+07:00', 'VN-DL-GA-0001'),
    harvest('E2E-H2', '2026-10-02T08:00:00+07:00', 'VN-DL-GA-0002'),
    blend(['E2E-H1', 'E2E-H2'], 'E2E-B1', '2026-10-05T08:00:00+07:00', 150),
    packOnPallet('E2E-B1', '2026-10-06T08:00:00+07:00'),
    ship(pallet, '2026-10-07T08:00:00+07:00'),
  ]);
  assert.equal(r.status, 202, r.text);

  const back = await trace(pallet, 'backward');
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.id, palletKey);
  assert.equal(depthOf(back.json, palletKey), 0);
  assert.equal(depthOf(back.json, lot('E2E-B1')), -1);
  assert.equal(depthOf(back.json, lot('E2E-H2')), -2);
  assert.equal(depthOf(back.json, 'urn:ocop:site:VN-DL-PH-0001'), -2);
  assert.equal(depthOf(back.json, 'urn:ocop:site:VN-DL-GA-0001'), -3);
  assert.equal(depthOf(back.json, shop), undefined);
  assert.equal(back.json.truncated, false);
  const blendEdge = back.json.edges.find((e) => e.kind === 'transformation' && e.to === lot('E2E-B1'));
  assert.ok(blendEdge);
  assert.equal(blendEdge.eventTime, '2026-10-05T01:00:00.000Z');
  assert.match(blendEdge.eventID, /^ni:\/\/\/sha-256;/);

  // Forward from a harvest lot given as an EPC class URN.
  const fwd = await trace('urn:epc:class:lgtin:8934567.000001.E2E-H1', 'forward');
  assert.equal(fwd.status, 200, fwd.text);
  assert.equal(depthOf(fwd.json, lot('E2E-B1')), 1);
  assert.equal(depthOf(fwd.json, palletKey), 2);
  assert.equal(depthOf(fwd.json, shop), 3);
  assert.equal(fwd.json.nodes.find((n) => n.key === shop).kind, 'location');
  assert.equal(depthOf(fwd.json, lot('E2E-H2')), undefined);
  assert.ok(fwd.json.edges.some((e) => e.kind === 'shipment' && e.from === palletKey && e.to === shop));

  const both = await trace(lot('E2E-B1'), 'both');
  assert.equal(both.status, 200);
  assert.ok(both.json.nodes.length >= 8, JSON.stringify(both.json.nodes));
  const capped = await call(server.url, `/api/v1/trace?id=${encodeURIComponent(lot('E2E-B1'))}&maxNodes=3`, { token: admin });
  assert.equal(capped.json.nodes.length, 3);
  assert.equal(capped.json.truncated, true);

  // The page draws the same graph.
  const page = await call(server.url, `/trace?id=${encodeURIComponent(pallet)}&direction=backward`, { token: admin });
  assert.equal(page.status, 200);
  assert.match(page.text, /<svg id="trace-svg"/);
  assert.equal((page.text.match(/class="trace-node"/g) || []).length, back.json.nodes.length);
  assert.match(page.text, new RegExp(`href="/01/${gtin}/10/E2E-B1"`));
});

test('contradictions are refused with their reason and nothing is stored', async () => {
  const before = await eventCount();
  const cases = [
    ['a cycle', [blend(['E2E-B1'], 'E2E-H1', '2026-10-08T08:00:00+07:00', 50)], /upstream/],
    ['shipped before the harvest', [ship(lot('E2E-H1'), '2026-09-30T08:00:00+07:00')], /before it was harvested or made/],
    ['outputs above inputs', [blend(['E2E-H1', 'E2E-H2'], 'E2E-B9', '2026-10-05T09:00:00+07:00', 250)], /exceed the inputs/],
    ['a cycle inside one document', [
      blend(['E2E-X'], 'E2E-Y', '2026-10-08T08:00:00+07:00', 50),
      blend(['E2E-Y'], 'E2E-X', '2026-10-09T08:00:00+07:00', 50)], /upstream/],
  ];
  for (const [name, events, reason] of cases) {
    const r = await capture(events);
    assert.equal(r.status, 400, `${name}: ${r.text}`);
    assert.match(JSON.stringify(r.json.error.fields), reason, name);
    assert.equal(await eventCount(), before, `${name}: stored`);
  }
  // In Vietnamese too.
  const vi = await call(server.url, '/epcis/capture', {
    method: 'POST', token: admin, body: JSON.stringify(doc(cases[1][1])),
    headers: { 'content-type': 'application/ld+json', 'accept-language': 'vi' },
  });
  assert.match(JSON.stringify(vi.json.error.fields), /trước khi được thu hoạch/);
});

test('who may trace', async () => {
  const id = lot('E2E-B1');
  for (const username of ['tinh.52', 'thanhtra', 'phongthinghiem', 'xa.23764']) {
    const r = await trace(id, 'both', (await login(server.url, username)).token);
    assert.equal(r.status, 200, `${username}: ${r.text}`);
  }
  const council = await trace(id, 'both', (await login(server.url, 'hoidong')).token);
  assert.equal(council.status, 403);
  assert.equal((await call(server.url, `/api/v1/trace?id=${encodeURIComponent(id)}`)).status, 401);
  // A producer traces its own products' lots, and not a stranger's.
  const producer = (await login(server.url, 'chuthe')).token;
  assert.equal((await trace(id, 'both', producer)).status, 404);
  const harvests = await call(server.url, '/epcis/events?EQ_bizStep=commissioning&EQ_action=ADD&perPage=50', { token: admin });
  const own = harvests.json.epcisBody.queryResults.resultsBody.eventList
    .map((e) => e.quantityList?.[0]?.epcClass).find((c) => c && !c.includes(gtin));
  assert.ok(own, 'the demo has a harvest of the producer\'s honey');
  const mine = await trace(own, 'both', producer);
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.nodes[0].depth, 0);
  // The hub links each role only to the parts it may open, and each opens.
  const parts = { 'tinh.52': ['trace', 'recalls', 'sites', 'lots', 'lab-reports'],
    thanhtra: ['trace', 'recalls', 'sites', 'lots', 'lab-reports'],
    phongthinghiem: ['trace', 'lots', 'lab-reports'], 'xa.23764': ['trace', 'sites', 'lots', 'lab-reports'],
    chuthe: ['trace', 'recalls', 'sites', 'lots', 'lab-reports'], hoidong: [] };
  for (const [username, expected] of Object.entries(parts)) {
    const token = (await login(server.url, username)).token;
    const hub = await call(server.url, '/traceability', { token });
    assert.equal(hub.status, 200, username);
    const shown = [...hub.text.matchAll(/id="part-([a-z-]+)"/g)].map((m) => m[1]);
    assert.deepEqual(shown, expected, username);
    for (const part of shown) {
      assert.equal((await call(server.url, `/${part}`, { token })).status, 200, `${username} /${part}`);
    }
  }
  // Bad input.
  assert.equal((await call(server.url, '/api/v1/trace', { token: admin })).status, 400);
  assert.equal((await call(server.url, '/trace?id=', { token: admin })).status, 400);
  assert.equal((await trace(id, 'sideways')).status, 400);
  assert.equal((await trace(lot('NO-SUCH-LOT'), 'both')).status, 404);
});
