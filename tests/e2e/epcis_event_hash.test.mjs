// Differential test of the CBV 2.0 event hash: `ocop epcis hash` against the
// event hash generator of epcis2.js (npm), over every official EPCIS 2.0
// example of GS1. Where the two differ, the event must show one of the named
// causes below, each a place where epcis2.js departs from the algorithm's
// text (GS1's epcis-event-hash-generator README, rules 1–24, and its CBV 2.0
// property order); our side of those rules is pinned by the reference
// implementation's vectors in src/gs1/epcis/event_hash_test.cc.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { eventToHashedId } = require('epcis2.js');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const examples = path.resolve(repo, '../shared/reference/gs1/epcis/JSON');
const bin = process.env.OCOP_BIN ? path.resolve(repo, process.env.OCOP_BIN) : path.join(repo, 'build/ocop');

function documents(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...documents(p));
    else if (p.endsWith('.jsonld')) out.push(p);
  }
  return out.sort();
}

// Every string anywhere in `value`, with the member name it sits under.
function* strings(value, key = '') {
  if (typeof value === 'string') yield [key, value];
  else if (Array.isArray(value)) for (const v of value) yield* strings(v, key);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* strings(v, k);
  }
}

const extensionPoints = ['readPoint', 'bizLocation', 'sensorMetadata', 'sensorReport'];
const isExtension = (key) => key.includes(':') && !key.startsWith('@');

// The causes, each tested on the event itself.
const causes = {
  // epcis2.js keeps the SSCC's extension digit in the serial reference and
  // writes 19 digits (urn:epc:id:sscc:0614141.1234567890 → /00/1061414112345678901);
  // an SSCC has 18 (rule 17).
  sscc: (event) => [...strings(event)].some(([, v]) => v.startsWith('urn:epc:id:sscc:')),
  // epcis2.js hashes certificationInfo; it is not in the CBV 2.0 canonical
  // property order, and GS1's reference implementation leaves it out.
  certificationInfo: (event) => 'certificationInfo' in event,
  // Rule 21: extensions inside readPoint, bizLocation, sensorElement,
  // sensorMetadata and sensorReport close their parent's fields; epcis2.js
  // moves them to the end of the event.
  nestedExtension: (event) => {
    const inside = (obj) => obj && typeof obj === 'object' && Object.keys(obj).some(isExtension);
    if (inside(event.readPoint) || inside(event.bizLocation)) return true;
    return (event.sensorElementList ?? []).some((element) =>
      inside(element) || inside(element.sensorMetadata) || (element.sensorReport ?? []).some(inside));
  },
  // Rule 15: compact URIs (CURIEs) in values are expanded ("ex:ambiance");
  // epcis2.js expands them only in member names.
  curieValue: (event, context) => {
    const prefixes = new Set(['gs1', 'cbv', 'epcis', 'cbvmda', 'rdfs', 'owl', 'xsd', 'dcterms']);
    for (const c of [context, event['@context']].flat()) {
      if (c && typeof c === 'object') for (const k of Object.keys(c)) prefixes.add(k);
    }
    return [...strings(event)].some(([k, v]) => !k.startsWith('@') &&
      /^[A-Za-z][\w.-]*:/.test(v) && prefixes.has(v.slice(0, v.indexOf(':'))) &&
      !v.slice(v.indexOf(':') + 1).startsWith('//'));
  },
  // epcis2.js throws a TypeError ("undefined is not iterable") on these
  // sensor events; it yields no hash to compare.
  epcis2Throws: (event, context, theirs) => theirs.startsWith('THROW'),
};

test('ocop epcis hash agrees with epcis2.js over GS1\'s examples, or the difference is named', () => {
  let compared = 0;
  let agreed = 0;
  const explained = {};
  for (const file of documents(examples)) {
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (doc.type !== 'EPCISDocument') continue;  // EPCISQueryDocument is not captured
    const ours = execFileSync(bin, ['epcis', 'hash'], { input: fs.readFileSync(file) })
      .toString().trim().split('\n');
    assert.equal(ours.length, doc.epcisBody.eventList.length, file);
    doc.epcisBody.eventList.forEach((event, i) => {
      const where = `${path.relative(examples, file)} event ${i}`;
      assert.match(ours[i], /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/, where);
      let theirs;
      try {
        theirs = eventToHashedId(structuredClone(event), doc['@context']);
      } catch (e) {
        theirs = `THROW ${e.message}`;
      }
      compared += 1;
      if (theirs === ours[i]) {
        agreed += 1;
        return;
      }
      const named = Object.entries(causes)
        .filter(([, applies]) => applies(event, doc['@context'], theirs)).map(([name]) => name);
      assert.ok(named.length > 0, `${where}: ours ${ours[i]}, epcis2.js ${theirs}, no named cause`);
      explained[where] = named.join(', ');
    });
  }
  console.log(`event hashes: ${agreed} of ${compared} equal to epcis2.js; the others:`);
  for (const [where, why] of Object.entries(explained)) console.log(`  ${where}: ${why}`);
  assert.ok(compared >= 50, `only ${compared} events compared`);
  // Most events use none of the rules above: they must agree.
  assert.ok(agreed >= compared * 0.6, `${agreed} of ${compared} agree`);
});

test('the hash does not depend on how the same event is written', () => {
  const file = path.join(examples, 'Example_9.6.1-ObjectEvent.jsonld');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const event = doc.epcisBody.eventList[0];
  const rewritten = {
    ...Object.fromEntries(Object.entries(event).reverse()),
    eventTime: '2005-04-04T02:33:31.116Z',  // the same instant in UTC
    bizStep: 'https://ref.gs1.org/cbv/BizStep-shipping',
    epcList: [...event.epcList].reverse(),
  };
  const both = { ...doc, epcisBody: { eventList: [event, rewritten] } };
  const [a, b] = execFileSync(bin, ['epcis', 'hash'], { input: JSON.stringify(both) })
    .toString().trim().split('\n');
  assert.equal(a, b);
  assert.equal(a, eventToHashedId(structuredClone(event), doc['@context']));
});
