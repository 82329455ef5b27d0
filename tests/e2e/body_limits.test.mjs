// Bodies are held in memory, so each request has a limit: 1 MiB by default,
// the evidence size plus the form around it for file uploads.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login } from './server.mjs';

let server;
let producer;
let draft;
before(async () => {
  server = await demoServer();
  producer = (await login(server.url, 'chuthe')).token;
  const mine = await call(server.url, '/api/v1/dossiers?state=draft', { token: producer });
  draft = mine.json.items[0].token;  // the demo's cashew-honey draft
});
after(async () => server && server.close());

// A PDF of `size` bytes: a header, padding in a comment, the end marker.
function pdf(size) {
  const head = '%PDF-1.4\n%';
  const tail = '\n%%EOF\n';
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size - head.length - tail.length, 'a'), Buffer.from(tail)]);
}

async function upload(bytes) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'bao-cao.pdf');
  form.append('criteria', '1.1');
  const r = await fetch(`${server.url}/api/v1/dossiers/${draft}/evidence`, {
    method: 'POST', headers: { authorization: `Bearer ${producer}` }, body: form,
  });
  return r.status;
}

test('an evidence file of several MiB is accepted where a JSON body of that size is not', async () => {
  assert.equal(await upload(pdf(3 * 1024 * 1024)), 201);
  const json = await call(server.url, '/api/v1/producers', {
    method: 'POST', token: producer, headers: { 'content-type': 'application/json' },
    raw: `{"name":"${'a'.repeat(3 * 1024 * 1024)}"}`,
  });
  assert.equal(json.status, 413);
});

test('an evidence file over the evidence limit gets 413 and is not stored', async () => {
  const before = await call(server.url, `/api/v1/dossiers/${draft}`, { token: producer });
  assert.equal(await upload(pdf(9 * 1024 * 1024)), 413);
  const after = await call(server.url, `/api/v1/dossiers/${draft}`, { token: producer });
  assert.deepEqual(after.json.evidence, before.json.evidence);
});
