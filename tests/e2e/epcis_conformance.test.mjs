// Conformance of the EPCIS repository with GS1's own material: every
// official example document captures, each of its events comes back by
// eventID and through the MATCH_* / EQ_* queries its identifiers answer,
// equal to what was sent after JSON-LD prefix expansion, and every query
// document the repository emits is valid against GS1's JSON Schema (ajv).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { call, demoServer, login, repoRoot } from './server.mjs';

const gs1Dir = join(repoRoot, '..', 'shared', 'reference', 'gs1', 'epcis');
const examplesDir = join(gs1Dir, 'JSON');

function examples(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...examples(path));
    else if (name.endsWith('.jsonld') && name !== 'EPCISQueryDocument.jsonld') out.push(path);
  }
  return out;
}

// GS1's schema is the judge of every answer.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateSchema = ajv.compile(JSON.parse(readFileSync(join(gs1Dir, 'EPCIS-JSON-Schema.json'), 'utf8')));
let answersValidated = 0;
function assertSchemaValid(doc, label) {
  const ok = validateSchema(doc);
  assert.ok(ok, `${label}: ${JSON.stringify(validateSchema.errors?.slice(0, 5))}`);
  answersValidated++;
}

// --- A small JSON-LD prefix expander: compact IRIs ("example:myField",
// "gs1:Temperature") in keys and string values become full IRIs with the
// prefixes of the standard context and of the document's own @context.
const standardPrefixes = (() => {
  const ctx = JSON.parse(readFileSync(join(gs1Dir, 'epcis-context.jsonld'), 'utf8'))['@context'];
  const map = {};
  for (const [k, v] of Object.entries(ctx)) {
    if (typeof v === 'string' && /^[a-z][a-z0-9]*$/i.test(k) && /^(https?|urn):/.test(v)) map[k] = v;
  }
  return map;
})();

function prefixesOf(context, base = standardPrefixes) {
  const map = { ...base };
  for (const item of [].concat(context ?? [])) {
    if (item && typeof item === 'object') {
      for (const [k, v] of Object.entries(item)) {
        if (typeof v === 'string' && !k.includes(':')) map[k] = v;
        else if (v && typeof v === 'object' && typeof v['@id'] === 'string' && !k.includes(':')) map[k] = v['@id'];
      }
    }
  }
  return map;
}

function expandIri(s, map) {
  const m = /^([A-Za-z][\w.-]*):(.*)$/.exec(s);
  if (!m || m[2].startsWith('//') || !(m[1] in map)) return s;
  return map[m[1]] + m[2];
}

// An event with every compact IRI expanded; an inline "@context" applies
// to the object that carries it.
function expand(value, map) {
  if (Array.isArray(value)) return value.map((v) => expand(v, map));
  if (value && typeof value === 'object') {
    const here = value['@context'] ? prefixesOf(value['@context'], map) : map;
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === '@context') continue;
      out[expandIri(k, here)] = expand(v, here);
    }
    return out;
  }
  return typeof value === 'string' ? expandIri(value, map) : value;
}

// --- Servers: examples that reuse an eventID go to another fresh store.
const stores = [];
async function newStore() {
  const server = await demoServer();
  const { token } = await login(server.url, 'admin');
  const store = { server, token, count: 0 };
  store.count = (await allEvents(store)).length;  // the demo data's own events
  stores.push(store);
  return store;
}
before(async () => { await newStore(); });
after(async () => { for (const s of stores) await s.server.close(); });

async function allEvents(store) {
  const events = [];
  let path = '/epcis/events?perPage=1000';
  while (path) {
    const r = await call(store.server.url, path, { token: store.token });
    assert.equal(r.status, 200, r.text);
    assertSchemaValid(r.json, `GET ${path}`);
    events.push(...r.json.epcisBody.queryResults.resultsBody.eventList);
    const link = r.headers.get('link');
    path = link ? /<([^>]+)>; rel="next"/.exec(link)[1] : null;
  }
  return events;
}

async function query(store, path) {
  const r = await call(store.server.url, path, { token: store.token });
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  assert.match(r.headers.get('content-type'), /application\/ld\+json/);
  assertSchemaValid(r.json, `GET ${path}`);
  return r.json;
}

const eventsOfAnswer = (doc) => doc.epcisBody.queryResults.resultsBody.eventList;

// The identifiers an event names, as [query parameter, value].
function lookups(event) {
  const out = [];
  const ids = (list) => (list ?? []).filter((x) => typeof x === 'string');
  for (const key of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']) {
    for (const epc of ids(event[key])) out.push(['MATCH_anyEPC', epc]);
  }
  for (const epc of ids(event.epcList).concat(ids(event.childEPCs))) out.push(['MATCH_epc', epc]);
  for (const epc of ids(event.inputEPCList)) out.push(['MATCH_inputEPC', epc]);
  for (const epc of ids(event.outputEPCList)) out.push(['MATCH_outputEPC', epc]);
  if (typeof event.parentID === 'string') out.push(['MATCH_parentID', event.parentID]);
  for (const key of ['quantityList', 'childQuantityList']) {
    for (const q of event[key] ?? []) out.push(['MATCH_epcClass', q.epcClass]);
  }
  for (const q of event.inputQuantityList ?? []) out.push(['MATCH_inputEPCClass', q.epcClass]);
  for (const q of event.outputQuantityList ?? []) out.push(['MATCH_outputEPCClass', q.epcClass]);
  if (event.readPoint?.id) out.push(['EQ_readPoint', event.readPoint.id]);
  if (event.bizLocation?.id) out.push(['EQ_bizLocation', event.bizLocation.id]);
  if (event.bizStep) out.push(['EQ_bizStep', event.bizStep]);
  if (event.disposition) out.push(['EQ_disposition', event.disposition]);
  if (event.action) out.push(['EQ_action', event.action]);
  out.push(['eventType', event.type]);
  for (const t of event.bizTransactionList ?? []) {
    if (t.type) out.push([`EQ_bizTransaction_${t.type}`, t.bizTransaction]);
  }
  return out;
}

const files = examples(examplesDir);

test('the official examples are all there', () => {
  assert.ok(files.length >= 40, `${files.length} examples`);
});

test('every official example captures and every event comes back equivalent', async () => {
  const startedAt = Math.floor(Date.now() / 1000) * 1000;
  let checkedEvents = 0;
  let checkedLookups = 0;
  for (const file of files) {
    const name = relative(examplesDir, file);
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text);
    const sent = doc.epcisBody.eventList;
    // The first store that holds none of its event ids (examples reuse some).
    let store = null;
    let job;
    for (const candidate of [...stores, null]) {
      const s = candidate ?? await newStore();
      const r = await call(s.server.url, '/epcis/capture', {
        method: 'POST', token: s.token, body: text, headers: { 'content-type': 'application/ld+json' },
      });
      if (r.status === 409) continue;
      assert.equal(r.status, 202, `${name}: ${r.text}`);
      assert.match(r.headers.get('location'), /^\/epcis\/capture\/[\w-]+$/);
      job = (await call(s.server.url, r.headers.get('location'), { token: s.token })).json;
      store = s;
      break;
    }
    assert.ok(store, `${name}: no store would take it`);
    assert.equal(job.success, true, `${name}: ${JSON.stringify(job.errors)}`);
    assert.equal(job.capturedCount, sent.length, name);

    // Its events are the last ones captured, in document order.
    const stored = (await allEvents(store)).slice(store.count);
    store.count += sent.length;
    assert.equal(stored.length, sent.length, name);
    const sentPrefixes = prefixesOf(doc['@context']);
    for (let i = 0; i < sent.length; i++) {
      const label = `${name} event ${i}`;
      const mine = structuredClone(sent[i]);
      const id = stored[i].eventID;
      if (mine.eventID) {
        assert.equal(id, mine.eventID, label);
      } else {
        assert.match(id, /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/, label);
        mine.eventID = id;
      }
      // By id, alone in its answer.
      const byId = await query(store, `/epcis/events/${encodeURIComponent(id)}`);
      const answered = eventsOfAnswer(byId);
      assert.equal(answered.length, 1, label);
      // The repository sets recordTime; whatever the document said is ignored.
      delete mine.recordTime;
      const recordTime = answered[0].recordTime;
      assert.ok(Date.parse(recordTime) >= startedAt - 1000, `${label}: recordTime ${recordTime}`);
      const withoutRecordTime = (e) => { const c = { ...e }; delete c.recordTime; return c; };
      const answerPrefixes = prefixesOf(byId['@context']);
      assert.deepEqual(expand(withoutRecordTime(answered[0]), answerPrefixes), expand(mine, sentPrefixes), label);

      // Through every identifier and value it names.
      for (const [param, value] of lookups(sent[i])) {
        const path = `/epcis/events?${param}=${encodeURIComponent(value)}&perPage=1000`;
        const answer = await query(store, path);
        const found = eventsOfAnswer(answer).find((e) => e.eventID === id);
        assert.ok(found, `${label}: ${param}=${value} does not find it`);
        assert.equal(found.recordTime, recordTime, `${label} via ${param}`);
        assert.deepEqual(expand(withoutRecordTime(found), prefixesOf(answer['@context'])),
          expand(mine, sentPrefixes), `${label} via ${param}`);
        checkedLookups++;
      }
      checkedEvents++;
    }
  }
  assert.ok(checkedEvents >= 50, `${checkedEvents} events`);
  assert.ok(checkedLookups > checkedEvents * 3, `${checkedLookups} lookups`);
  assert.ok(answersValidated > checkedEvents, `${answersValidated} answers validated`);
});

test('an EPC URN and its Digital Link find the same events, on /epcis/epcs/{epc}/events too', async () => {
  const store = stores[0];
  const urn = await query(store, `/epcis/epcs/${encodeURIComponent('urn:epc:id:sgtin:0614141.107346.2018')}/events`);
  const dl = await query(store, `/epcis/epcs/${encodeURIComponent('https://id.gs1.org/01/10614141073464/21/2018')}/events`);
  const ids = (d) => eventsOfAnswer(d).map((e) => e.eventID).sort();
  assert.ok(ids(urn).length >= 1);
  assert.deepEqual(ids(dl), ids(urn));
  const pattern = await query(store, `/epcis/events?MATCH_epc=${encodeURIComponent('urn:epc:idpat:sgtin:0614141.107346.*')}`);
  for (const id of ids(urn)) assert.ok(ids(pattern).includes(id), id);
});

test('the schema judge is not a rubber stamp', () => {
  assert.equal(validateSchema({ type: 'EPCISQueryDocument', schemaVersion: '2.0' }), false);
  assert.equal(validateSchema({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISQueryDocument', schemaVersion: '2.0', creationDate: '2026-01-01T00:00:00Z',
    epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [{ type: 'ObjectEvent', action: 'WRONG' }] } } },
  }), false);
});
