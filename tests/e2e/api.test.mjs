// The JSON API end to end: health, metrics, geography, the registry, the
// OpenAPI document against the router, and static files.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login, ocop } from './server.mjs';

let server;
let admin;
before(async () => {
  server = await demoServer();
  admin = (await login(server.url, 'admin')).token;
});
after(async () => server && server.close());

test('healthz checks the store and metrics count requests per route', async () => {
  const health = await call(server.url, '/healthz');
  assert.equal(health.status, 200);
  assert.deepEqual(health.json, { status: 'ok' });
  await call(server.url, '/api/v1/products/1');
  const metrics = await call(server.url, '/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type'), /text\/plain; version=0\.0\.4/);
  assert.match(metrics.text, /ocop_http_requests_total\{method="GET",route="\/api\/v1\/products\/\{id\}",status="200"\} \d+/);
  assert.match(metrics.text, /ocop_http_request_duration_seconds_bucket\{route="\/healthz",le="\+Inf"\} \d+/);
  assert.match(metrics.text, /ocop_store_errors_total 0/);
});

test('geography: 34 provinces, communes per province, search without diacritics', async () => {
  const all = await call(server.url, '/api/v1/geo/provinces');
  assert.equal(all.json.items.length, 34);
  const found = await call(server.url, '/api/v1/geo/provinces?q=dak%20lak');
  assert.deepEqual(found.json.items.map((p) => p.name), ['Tỉnh Đắk Lắk']);
  const communes = await call(server.url, '/api/v1/geo/provinces/52/communes');
  assert.equal(communes.json.items.length, 135);
  const searched = await call(server.url, '/api/v1/geo/provinces/01/communes?q=hoan%20kiem');
  assert.equal(searched.json.items[0].code, '00070');
  const unknown = await call(server.url, '/api/v1/geo/provinces/99/communes');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.code, 'NOT_FOUND');
});

test('the demo registry: products with OCOP codes, filters and paging', async () => {
  const first = await call(server.url, '/api/v1/products/1');
  assert.equal(first.status, 200);
  assert.match(first.json.code, /^\d{2}-\d{5}-\d+-\d{4}$/);
  const page = await call(server.url, '/api/v1/products?per_page=10&page=2');
  assert.equal(page.json.items.length, 10);
  assert.ok(page.json.total >= 100, `total ${page.json.total}`);
  const honey = await call(server.url, '/api/v1/products?q=mat%20ong');
  assert.ok(honey.json.total > 0);
  for (const p of honey.json.items) assert.match(p.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').toLowerCase(), /mat ong/);
  const gia_lai = await call(server.url, '/api/v1/producers?province=52', { token: admin });
  assert.ok(gia_lai.json.total >= 3);
  for (const p of gia_lai.json.items) assert.equal(p.province_code, '52');
  const noSuchSet = await call(server.url, '/api/v1/products?product_set=1026');
  assert.equal(noSuchSet.status, 400);
  assert.equal(noSuchSet.json.error.fields[0].field, 'product_set');
  const tooMany = await call(server.url, '/api/v1/products?per_page=101');
  assert.equal(tooMany.status, 400);
  assert.equal(tooMany.json.error.fields[0].field, 'per_page');
});

test('creating a producer and a product assigns the next code of the commune', async () => {
  const producer = await call(server.url, '/api/v1/producers', {
    method: 'POST', token: admin,
    body: {
      legal_type: 'household-business', name: 'Hộ kinh doanh Bánh tráng Hòa Đa',
      registration_no: '0100233488', representative_name: 'Phạm Thị Thu',
      representative_gender: 'female', representative_ethnicity: 'Kinh', commune_code: '00070',
    },
  });
  assert.equal(producer.status, 201, producer.text);
  assert.equal(producer.headers.get('location'), `/api/v1/producers/${producer.json.id}`);
  assert.equal(producer.json.province_code, '01');
  assert.equal(producer.json.version, 1);
  const year = new Date().getUTCFullYear();
  const codes = [];
  for (const name of ['Bánh tráng mè đen', 'Bánh tráng dừa']) {
    const p = await call(server.url, '/api/v1/products', {
      method: 'POST', token: admin, body: { name, product_set: 6, producer_id: producer.json.id },
    });
    assert.equal(p.status, 201, p.text);
    codes.push(p.json.code);
  }
  assert.deepEqual(codes, [`01-00070-1-${year}`, `01-00070-2-${year}`]);
});

test('the OpenAPI document and the router agree both ways', async () => {
  const doc = (await call(server.url, '/api/v1/openapi.json')).json;
  assert.equal(doc.openapi.slice(0, 2), '3.');
  const documented = new Set();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
  }
  const routes = JSON.parse(ocop(['routes', '--store', server.store]).stdout);
  const served = new Set(routes.filter((r) => r.surface === 'api').map((r) => `${r.method} ${r.path}`));
  assert.deepEqual([...served].filter((r) => !documented.has(r)), [], 'served but not documented');
  assert.deepEqual([...documented].filter((r) => !served.has(r)), [], 'documented but not served');
  assert.ok(served.size >= 15);
});

test('static files carry an ETag and revalidate with 304', async () => {
  const css = await call(server.url, '/static/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  assert.match(css.headers.get('cache-control'), /max-age=\d+/);
  const etag = css.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]+"$/);
  const again = await call(server.url, '/static/app.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal((await call(server.url, '/static/missing.css')).status, 404);
});

test('pages are served in Vietnamese by default and English on request', async () => {
  const vi = await call(server.url, '/products', { headers: { 'accept-language': 'vi' } });
  assert.match(vi.text, /Sản phẩm OCOP/);
  assert.match(vi.text, /<html lang="vi">/);
  const en = await call(server.url, '/products', { headers: { cookie: 'lang=en' } });
  assert.match(en.text, /OCOP products/);
  const product = await call(server.url, '/products/1');
  assert.match(product.text, /id="product-code">\d{2}-\d{5}-\d+-\d{4}</);
});

test('a new product picks among the producers of the officer\'s province only', async () => {
  const officer = (await login(server.url, 'tinh.52')).token;
  const form = await call(server.url, '/products/new', { token: officer });
  assert.equal(form.status, 200);
  const select = form.text.match(/<select id="producer_id"[^>]*>([\s\S]*?)<\/select>/)[1];
  const offered = [...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const gia_lai = (await call(server.url, '/api/v1/producers?province=52&per_page=100', { token: admin })).json;
  assert.deepEqual(offered, gia_lai.items.map((p) => p.id).sort((a, b) => a - b));
  assert.ok(offered.length >= 3);
});
