// Bad input gets 400 (or 413) naming the fields, in the error shape, and
// writes nothing; none of it may crash the server.
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

const goodProducer = {
  legal_type: 'cooperative', name: 'Hợp tác xã Chè Shan Tuyết', registration_no: '0314409058',
  representative_name: 'Hoàng Văn Páo', representative_gender: 'male',
  representative_ethnicity: 'Dao', commune_code: '00715',
};

async function counts() {
  const producers = await call(server.url, '/api/v1/producers', { token: admin });
  const products = await call(server.url, '/api/v1/products');
  return [producers.json.total, products.json.total];
}

function assertErrorShape(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.match(r.headers.get('content-type'), /application\/json/);
  assert.equal(r.json.error.code, code);
  assert.equal(typeof r.json.error.message, 'string');
  assert.ok(r.json.error.message.length > 0);
}

const fieldsOf = (r) => (r.json.error.fields || []).map((f) => f.field).sort();

test('every kind of bad producer input is refused and nothing is written', async () => {
  const before = await counts();
  const cases = [
    { name: 'malformed JSON', raw: '{"name": "x",', fields: [] },
    { name: 'not an object', raw: '[1,2]', fields: [] },
    { name: 'invalid UTF-8', rawBytes: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), fields: [] },
    { name: 'wrong types', body: { ...goodProducer, name: 42, representative_gender: ['female'] }, fields: ['name', 'representative_gender'] },
    { name: 'missing fields', body: { legal_type: 'cooperative' }, fields: ['commune_code', 'name', 'registration_no', 'representative_ethnicity', 'representative_gender', 'representative_name'] },
    { name: 'over-long name', body: { ...goodProducer, name: 'ư'.repeat(201) }, fields: ['name'] },
    { name: 'unknown commune', body: { ...goodProducer, commune_code: '99999' }, fields: ['commune_code'] },
    { name: 'bad tax code', body: { ...goodProducer, registration_no: '0314409059' }, fields: ['registration_no'] },
    { name: 'unknown field', body: { ...goodProducer, stars: 5 }, fields: ['stars'] },
    { name: 'future founding date', body: { ...goodProducer, founded_on: '2999-01-01' }, fields: ['founded_on'] },
    { name: 'unknown legal type', body: { ...goodProducer, legal_type: 'bank' }, fields: ['legal_type'] },
  ];
  for (const c of cases) {
    const r = await call(server.url, '/api/v1/producers', {
      method: 'POST', token: admin,
      headers: { 'content-type': 'application/json' },
      ...(c.body ? { body: c.body } : { raw: c.rawBytes || c.raw }),
    });
    assertErrorShape(r, 400, 'INVALID_ARGUMENT');
    assert.deepEqual(fieldsOf(r), [...c.fields].sort(), c.name);
  }
  const form = await call(server.url, '/api/v1/producers', {
    method: 'POST', token: admin, headers: { 'content-type': 'text/plain' }, raw: JSON.stringify(goodProducer),
  });
  assertErrorShape(form, 400, 'INVALID_ARGUMENT');
  assert.deepEqual(await counts(), before);
  assert.equal((await call(server.url, '/healthz')).status, 200);
});

test('field messages follow the language of the request', async () => {
  const body = { ...goodProducer, registration_no: '123' };
  const en = await call(server.url, '/api/v1/producers', { method: 'POST', token: admin, body });
  assert.match(en.json.error.fields[0].message, /tax code/);
  const vi = await call(server.url, '/api/v1/producers', {
    method: 'POST', token: admin, body, headers: { 'accept-language': 'vi-VN,vi;q=0.9' },
  });
  assert.match(vi.json.error.fields[0].message, /Mã số thuế không hợp lệ/);
});

test('bad product input: GTIN check digit, unknown set, unknown producer', async () => {
  const before = await counts();
  const cases = [
    [{ name: 'Trà', product_set: 11, producer_id: 1, gtin: '8939777100107' }, ['gtin']],
    [{ name: 'Trà', product_set: 27, producer_id: 1 }, ['product_set']],
    [{ name: 'Trà', product_set: '11', producer_id: 1 }, ['product_set']],
    [{ name: 'Trà', product_set: 11, producer_id: 999999 }, ['producer_id']],
    [{ name: '', product_set: 0, producer_id: -1, gtin: '12' }, ['gtin', 'name', 'producer_id', 'product_set']],
  ];
  for (const [body, fields] of cases) {
    const r = await call(server.url, '/api/v1/products', { method: 'POST', token: admin, body });
    assertErrorShape(r, 400, 'INVALID_ARGUMENT');
    assert.deepEqual(fieldsOf(r), fields, JSON.stringify(body));
  }
  assert.deepEqual(await counts(), before);
});

test('a body over the limit gets 413 and unknown routes 404, in the error shape', async () => {
  const big = await call(server.url, '/api/v1/producers', {
    method: 'POST', token: admin, headers: { 'content-type': 'application/json' },
    raw: `{"name":"${'a'.repeat(2 * 1024 * 1024)}"}`,
  });
  assertErrorShape(big, 413, 'RESOURCE_EXHAUSTED');
  const missing = await call(server.url, '/api/v1/nothing-here');
  assertErrorShape(missing, 404, 'NOT_FOUND');
  const wrongMethod = await call(server.url, '/api/v1/products/1', { method: 'DELETE', token: admin });
  assert.equal(wrongMethod.status, 405);
  const badId = await call(server.url, '/api/v1/products/abc');
  assertErrorShape(badId, 404, 'NOT_FOUND');
  const noSuch = await call(server.url, '/api/v1/products/987654');
  assertErrorShape(noSuch, 404, 'NOT_FOUND');
  assert.equal((await call(server.url, '/healthz')).status, 200);
});

test('a stale update gets 409 with the current version and changes nothing', async () => {
  const current = (await call(server.url, '/api/v1/products/2')).json;
  const body = { name: 'Tên đã sửa', product_set: current.product_set, producer_id: current.producer_id,
    description: current.description, gtin: current.gtin ?? '', version: current.version };
  const first = await call(server.url, '/api/v1/products/2', { method: 'PUT', token: admin, body });
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.version, current.version + 1);
  const stale = await call(server.url, '/api/v1/products/2', { method: 'PUT', token: admin, body: { ...body, name: 'Lần hai' } });
  assertErrorShape(stale, 409, 'ABORTED');
  assert.equal(stale.json.error.current_version, current.version + 1);
  assert.equal((await call(server.url, '/api/v1/products/2')).json.name, 'Tên đã sửa');
  const noVersion = await call(server.url, '/api/v1/products/2', { method: 'PUT', token: admin, body: { name: 'x', product_set: 1, producer_id: current.producer_id } });
  assert.deepEqual(fieldsOf(noVersion), ['version']);
});
