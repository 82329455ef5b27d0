// The EPCIS REST binding's edges: who may capture, bad input refused with
// nothing stored, duplicates (409), body and event limits (413), rollback and
// proceed, single-event capture, paging with Link headers, query parameters,
// URL-encoded event ids and capture jobs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login } from './server.mjs';

let server;
let tokens = {};
before(async () => {
  server = await demoServer();
  for (const [role, user] of [['admin', 'admin'], ['producer', 'chuthe'], ['lab', 'phongthinghiem'],
    ['inspector', 'thanhtra']]) {
    tokens[role] = (await login(server.url, user)).token;
  }
});
after(async () => server && server.close());

const context = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ex: 'https://ex.vn/ns/' }];
let serial = 0;
// An ObjectEvent of a fresh serial of the demo GTIN, unless told otherwise.
function event(fields = {}) {
  serial++;
  return {
    type: 'ObjectEvent', action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit',
    eventTime: `2026-03-01T08:${String(Math.floor(serial / 60) % 60).padStart(2, '0')}:${String(serial % 60).padStart(2, '0')}.000+07:00`,
    eventTimeZoneOffset: '+07:00',
    epcList: [`urn:epc:id:sgtin:8934567.012345.${serial}`],
    readPoint: { id: 'urn:epc:id:sgln:8934567.00001.0' },
    ...fields,
  };
}
const documentOf = (events) => ({
  '@context': context, type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-01T08:00:00Z',
  epcisBody: { eventList: events },
});

function capture(body, { token = tokens.producer, behaviour, headers = {} } = {}) {
  const h = { 'content-type': 'application/ld+json', ...headers };
  if (behaviour) h['gs1-capture-error-behaviour'] = behaviour;
  return call(server.url, '/epcis/capture', { method: 'POST', token, body, headers: h });
}

async function allEvents(query = '') {
  const out = [];
  let path = `/epcis/events?perPage=1000${query}`;
  while (path) {
    const r = await call(server.url, path, { token: tokens.inspector });
    assert.equal(r.status, 200, r.text);
    out.push(...r.json.epcisBody.queryResults.resultsBody.eventList);
    const link = r.headers.get('link');
    path = link ? /<([^>]+)>; rel="next"/.exec(link)[1] : null;
  }
  return out;
}
const count = async () => (await allEvents()).length;

function assertErrorShape(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json?.error?.code, code, r.text);
  assert.equal(typeof r.json.error.message, 'string');
}

test('capture needs a signed-in user with the capture right; reading needs a sign-in', async () => {
  const doc = documentOf([event()]);
  assertErrorShape(await capture(doc, { token: null }), 401, 'UNAUTHENTICATED');
  assertErrorShape(await capture(doc, { token: tokens.inspector }), 403, 'PERMISSION_DENIED');
  assertErrorShape(await call(server.url, '/epcis/events'), 401, 'UNAUTHENTICATED');
  const before = await count();
  for (const role of ['producer', 'lab', 'admin']) {
    const r = await capture(documentOf([event()]), { token: tokens[role] });
    assert.equal(r.status, 202, `${role}: ${r.text}`);
  }
  assert.equal(await count(), before + 3);
});

test('a capture answers 202 with the job, which records its capturer and outcome', async () => {
  const r = await capture(documentOf([event(), event()]), { headers: { 'gs1-epcis-version': '2.0.0' } });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.headers.get('gs1-epcis-version'), '2.0.0');
  const location = r.headers.get('location');
  assert.match(location, /^\/epcis\/capture\/[\w-]+$/);
  const job = await call(server.url, location, { token: tokens.producer });
  assert.equal(job.status, 200);
  assert.equal(job.json.captureID, location.split('/').pop());
  assert.deepEqual([job.json.running, job.json.success, job.json.captureErrorBehaviour], [false, true, 'rollback']);
  assert.deepEqual([job.json.eventCount, job.json.capturedCount, job.json.capturedBy], [2, 2, 'chuthe']);
  assert.deepEqual(job.json.errors, []);
  // Another capturer does not see it; the national office does.
  assertErrorShape(await call(server.url, location, { token: tokens.lab }), 404, 'NOT_FOUND');
  assert.equal((await call(server.url, location, { token: tokens.admin })).status, 200);
  const list = await call(server.url, '/epcis/capture?perPage=1', { token: tokens.producer });
  assert.equal(list.status, 200);
  assert.equal(list.json[0].captureID, job.json.captureID);
  assert.match(list.headers.get('link'), /rel="next"/);
  assertErrorShape(await call(server.url, '/epcis/capture?perPage=0', { token: tokens.producer }), 400, 'INVALID_ARGUMENT');
});

test('bad input is a 400 in the error shape and stores nothing', async () => {
  const before = await count();
  let deep = 'x';
  for (let i = 0; i < 200; i++) deep = [deep];
  const cases = {
    'malformed JSON': '{"type":"EPCISDocument",',
    'not JSON at all': 'hello',
    'not a document': { type: 'ObjectEvent' },
    'unknown event type': documentOf([event(), { ...event(), type: 'TeleportEvent' }]),
    'wrong type': documentOf([event({ epcList: 'urn:epc:id:sgtin:8934567.012345.1' })]),
    'bad action': documentOf([event({ action: 'MOVE' })]),
    'ilmd without ADD': documentOf([event({ ilmd: { 'ex:lot': 'L1' } })]),
    'deep nesting': documentOf([event({ 'ex:deep': deep })]),
    'bad behaviour header': documentOf([event()]),
    'unsupported version': documentOf([event()]),
  };
  for (const [name, body] of Object.entries(cases)) {
    const headers = name === 'bad behaviour header' ? { 'gs1-capture-error-behaviour': 'sometimes' }
      : name === 'unsupported version' ? { 'gs1-epcis-version': '1.2' } : {};
    const r = await capture(typeof body === 'string' ? body : JSON.stringify(body), { headers });
    assertErrorShape(r, 400, 'INVALID_ARGUMENT');
  }
  // The refusal of a version names it, in the message as in the field.
  const v = await capture(JSON.stringify(documentOf([event()])), { headers: { 'gs1-epcis-version': '1.2' } });
  assert.match(v.json.error.message, /\b1\.2\b/, v.text);
  assert.doesNotMatch(v.text, /\{version\}/, v.text);
  // Under rollback, the refusal names the event and the field.
  const r = await capture(documentOf([event(), event({ action: 'MOVE' })]));
  assert.ok(r.json.error.fields.some((f) => f.field.startsWith('eventList[1]')), r.text);
  assert.equal(await count(), before);
});

test('proceed stores the valid events and lists the others by index and field', async () => {
  const before = await count();
  const r = await capture(documentOf([event(), event({ action: 'MOVE' }), event()]), { behaviour: 'proceed' });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.json.success, false);
  assert.equal(r.json.captureErrorBehaviour, 'proceed');
  assert.deepEqual([r.json.eventCount, r.json.capturedCount], [3, 2]);
  assert.equal(r.json.errors.length, 1);
  assert.equal(r.json.errors[0].eventIndex, 1);
  assert.match(r.json.errors[0].field, /action/);
  assert.equal(r.json.errors[0].type, 'epcisException:ValidationException');
  assert.equal(await count(), before + 2);
});

test('an event id stored already is a 409 that changes nothing', async () => {
  const first = event({ eventID: 'urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427' });
  assert.equal((await capture(documentOf([first]))).status, 202);
  const before = await count();
  // Under rollback the whole document is refused, its new event too.
  assertErrorShape(await capture(documentOf([event(), first])), 409, 'ALREADY_EXISTS');
  // The same event without an id has the same computed hash.
  const hashed = event();
  assert.equal((await capture(documentOf([hashed]))).status, 202);
  assertErrorShape(await capture(documentOf([hashed])), 409, 'ALREADY_EXISTS');
  // Twice in one document is a duplicate too.
  const twice = event();
  assertErrorShape(await capture(documentOf([twice, twice])), 409, 'ALREADY_EXISTS');
  assert.equal(await count(), before + 1);
  // Under proceed the duplicate is reported and the rest stored.
  const r = await capture(documentOf([event(), first]), { behaviour: 'proceed' });
  assert.equal(r.status, 202);
  assert.deepEqual([r.json.capturedCount, r.json.errors[0].eventIndex, r.json.errors[0].field], [1, 1, 'eventID']);
  assert.equal(await count(), before + 2);
});

test('bodies over 32 MiB and documents over 10,000 events are 413, nothing stored', async () => {
  const before = await count();
  const huge = JSON.stringify(documentOf([event({ 'ex:pad': 'x'.repeat(33 * 1024 * 1024) })]));
  assertErrorShape(await capture(huge), 413, 'RESOURCE_EXHAUSTED');
  const many = [];
  for (let i = 0; i < 10001; i++) many.push(event());
  assertErrorShape(await capture(documentOf(many)), 413, 'RESOURCE_EXHAUSTED');
  // A document just under the limit in bytes is taken.
  assert.equal((await capture(documentOf([event({ 'ex:pad': 'y'.repeat(2 * 1024 * 1024) })]))).status, 202);
  assert.equal(await count(), before + 1);
});

test('POST /epcis/events captures one event: 201 and a Location that finds it', async () => {
  const one = { '@context': context, ...event({ bizStep: 'receiving', 'ex:note': 'Chè Tân Cương' }) };
  const r = await call(server.url, '/epcis/events', { method: 'POST', token: tokens.lab, body: one });
  assert.equal(r.status, 201, r.text);
  const location = r.headers.get('location');
  assert.match(location, /^\/epcis\/events\/ni%3A%2F%2F%2Fsha-256%3B[0-9a-f]{64}%3Fver%3DCBV2.0$/);
  const got = await call(server.url, location, { token: tokens.inspector });
  assert.equal(got.status, 200, got.text);
  const [stored] = got.json.epcisBody.queryResults.resultsBody.eventList;
  assert.equal(stored['ex:note'], 'Chè Tân Cương');
  // recordTime is the repository's, and GE_/LT_recordTime select on it.
  assert.match(stored.recordTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const near = async (q) => (await allEvents(`&${q}&EQ_bizStep=receiving`)).some((e) => e.eventID === stored.eventID);
  assert.equal(await near(`GE_recordTime=${encodeURIComponent(stored.recordTime)}`), true);
  assert.equal(await near(`LT_recordTime=${encodeURIComponent(stored.recordTime)}`), false);
  assert.equal(await near('LT_recordTime=2999-01-01T00:00:00Z'), true);
  assert.equal(stored.eventID, decodeURIComponent(location.split('/').pop()));
  assert.deepEqual(got.json['@context'], context);
  assertErrorShape(await call(server.url, '/epcis/events', { method: 'POST', token: tokens.lab, body: one }), 409, 'ALREADY_EXISTS');
  assertErrorShape(await call(server.url, '/epcis/events', { method: 'POST', token: tokens.lab, body: { type: 'ObjectEvent' } }), 400, 'INVALID_ARGUMENT');
  assertErrorShape(await call(server.url, `/epcis/events/${encodeURIComponent('urn:uuid:no-such')}`, { token: tokens.inspector }), 404, 'NOT_FOUND');
});

test('pages follow the Link header without repeats or gaps, while captures continue', async () => {
  const events = [];
  for (let i = 0; i < 25; i++) events.push(event({ bizStep: 'https://ex.vn/bizstep/paging' }));
  assert.equal((await capture(documentOf(events))).status, 202);
  const seen = [];
  let path = `/epcis/events?EQ_bizStep=${encodeURIComponent('https://ex.vn/bizstep/paging')}&perPage=10`;
  let pages = 0;
  while (path) {
    const r = await call(server.url, path, { token: tokens.inspector });
    assert.equal(r.status, 200, r.text);
    seen.push(...r.json.epcisBody.queryResults.resultsBody.eventList.map((e) => e.eventID));
    const link = r.headers.get('link');
    path = link ? /<([^>]+)>; rel="next"/.exec(link)[1] : null;
    if (path) assert.match(path, /EQ_bizStep=https%3A%2F%2Fex\.vn%2Fbizstep%2Fpaging/);
    // A capture between pages lands after them, in the last page.
    if (pages++ === 0) assert.equal((await capture(documentOf([event({ bizStep: 'https://ex.vn/bizstep/paging' })]))).status, 202);
  }
  assert.equal(pages, 3);
  assert.equal(seen.length, 26);
  assert.equal(new Set(seen).size, 26);
});

test('query parameters: CBV forms, times, identifiers, and refusals', async () => {
  const mark = event({ bizStep: 'inspecting', disposition: 'conformant', eventTime: '2030-01-02T03:04:05.000+07:00',
    epcList: ['urn:epc:id:sgtin:8934567.012345.Q1'],
    bizLocation: { id: 'urn:epc:id:sgln:8934567.00002.0' },
    bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:8934567000017:PO,7' }] });
  assert.equal((await capture(documentOf([mark]))).status, 202);
  const q1 = 'urn:epc:id:sgtin:8934567.012345.Q1';
  // 1 when the query finds the marked event, 0 when it leaves it out.
  const hits = async (q) => (await allEvents(`&${q}`)).filter((e) => e.epcList?.includes(q1)).length;
  for (const step of ['inspecting', 'urn:epcglobal:cbv:bizstep:inspecting', 'https://ref.gs1.org/cbv/BizStep-inspecting']) {
    assert.equal(await hits(`EQ_bizStep=${encodeURIComponent(step)}`), 1, step);
  }
  assert.equal(await hits('EQ_bizStep=shipping'), 0);
  assert.equal(await hits('EQ_disposition=https%3A%2F%2Fref.gs1.org%2Fcbv%2FDisp-conformant'), 1);
  assert.equal(await hits('EQ_disposition=in_transit'), 0);
  assert.equal(await hits(`GE_eventTime=${encodeURIComponent('2030-01-01T20:04:05Z')}`), 1);
  assert.equal(await hits('GE_eventTime=2030-01-01T20:04:05.000%2B00:00&LT_eventTime=2030-01-01T20:04:05.001Z'), 1);
  assert.equal(await hits('LT_eventTime=2030-01-01T20:04:05Z'), 0);
  assert.equal(await hits('GE_eventTime=2030-01-01T20:04:05.001Z'), 0);
  assert.equal(await hits('MATCH_epc=https%3A%2F%2Fid.gs1.org%2F01%2F08934567123457%2F21%2FQ1'), 1);
  assert.equal(await hits('MATCH_epc=urn:epc:idpat:sgtin:8934567.012345.*'), 1);
  assert.equal(await hits('MATCH_parentID=urn:epc:id:sgtin:8934567.012345.Q1'), 0);
  assert.equal(await hits('MATCH_anyEPC=urn:epc:id:sgtin:8934567.012345.nope|urn:epc:id:sgtin:8934567.012345.Q1'), 1);
  assert.equal(await hits('EQ_bizLocation=https%3A%2F%2Fid.gs1.org%2F414%2F8934567000024'), 1);
  assert.equal(await hits('EQ_bizLocation=urn:epc:id:sgln:8934567.00001.0'), 0);
  assert.equal(await hits(`EQ_bizTransaction_po=${encodeURIComponent('urn:epcglobal:cbv:bt:8934567000017:PO,7')}`), 1);
  assert.equal(await hits('EQ_bizTransaction_inv=x'), 0);
  assert.equal(await hits('eventType=AggregationEvent,ObjectEvent&EQ_action=OBSERVE'), 1);
  assert.equal(await hits('eventType=AggregationEvent'), 0);
  assert.equal(await hits('EQ_action=ADD'), 0);
  for (const bad of ['perPage=0', 'perPage=1001', 'perPage=ten', 'nextPageToken=garbage', 'GE_eventTime=yesterday',
    'eventType=TeleportEvent', 'EQ_action=MOVE', 'orderBy=eventTime', 'MATCH_epc=', 'EQ_quantity=3']) {
    const r = await call(server.url, `/epcis/events?${bad}`, { token: tokens.inspector });
    assertErrorShape(r, 400, 'INVALID_ARGUMENT');
    assert.ok(r.json.error.fields?.length >= 1, bad);
  }
  const epcs = await call(server.url, `/epcis/epcs/${encodeURIComponent('urn:epc:id:sgtin:8934567.012345.Q1')}/events`, { token: tokens.inspector });
  assert.equal(epcs.status, 200);
  assert.equal(epcs.json.epcisBody.queryResults.resultsBody.eventList.length, 1);
});
