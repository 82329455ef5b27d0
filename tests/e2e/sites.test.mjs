// Growing areas and packing houses through the JSON API: the demo's sites and
// flags, a producer's journey (register with a boundary, edit, certificate,
// diary), an officer's suspension and the capture it then refuses, scopes,
// and each bad input refused with nothing changed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoServer, login } from './server.mjs';

let server;
const tokens = {};
before(async () => {
  server = await demoServer();
  for (const [role, user] of [['admin', 'admin'], ['producer', 'chuthe'], ['province', 'tinh.52'],
    ['commune', 'xa.23764'], ['inspector', 'thanhtra'], ['lab', 'phongthinghiem']]) {
    tokens[role] = (await login(server.url, user)).token;
  }
});
after(async () => server && server.close());

const api = (path, options = {}, who = 'producer') => call(server.url, path, { token: tokens[who], ...options });
const iso = (d) => d.toISOString().slice(0, 10);
const daysFromNow = (n) => iso(new Date(Date.now() + n * 86400_000 + 7 * 3600_000));

// A 200 m × 100 m field near Ia Grai: 2 ha.
function field(lon = 107.86, lat = 13.99, east = 200, north = 100) {
  const mLat = 6371008.8 * Math.PI / 180;
  const mLon = mLat * Math.cos(lat * Math.PI / 180);
  const dx = east / mLon;
  const dy = north / mLat;
  return { type: 'Polygon', coordinates: [[[lon, lat], [lon + dx, lat], [lon + dx, lat + dy], [lon, lat + dy], [lon, lat]]] };
}

const newArea = (code, extra = {}) => ({
  kind: 'growing_area', code, name: 'Vùng cà phê thôn 7', target_markets: ['VN', 'CN'], crop: 'Cà phê',
  variety: 'TR9', declared_area_ha: 2, commune_code: '23764', representative: 'Nguyễn Văn An',
  households: [{ name: 'Hộ A', area_ha: '1,2' }, { name: 'Hộ B', area_ha: 0.8 }], boundary: field(),
  granted_on: daysFromNow(-100), ...extra,
});

function assertFieldError(r, field, status = 400) {
  assert.equal(r.status, status, r.text);
  assert.ok(r.json.error.fields.some((f) => f.field === field), `${field}: ${r.text}`);
}

test('the demo producer sees its two growing areas and packing house, with their flags', async () => {
  const r = await api('/api/v1/sites');
  assert.equal(r.status, 200, r.text);
  const byCode = Object.fromEntries(r.json.items.map((s) => [s.code, s]));
  assert.deepEqual(Object.keys(byCode).sort(), ['VN-52-GA-0001', 'VN-52-PH-0001', 'VN-DTOR-0017']);
  const coffee = byCode['VN-52-GA-0001'];
  assert.equal(coffee.location_id, 'urn:ocop:site:VN-52-GA-0001');
  assert.ok(Math.abs(coffee.boundary_area_ha - 12.5) < 0.1, String(coffee.boundary_area_ha));
  assert.equal(coffee.certificates[0].kind, 'vietgap');
  assert.ok(coffee.diary.length >= 2);
  assert.deepEqual(coffee.flags, []);
  const cashew = byCode['VN-DTOR-0017'];
  assert.deepEqual(cashew.flags.map((f) => f.kind).sort(), ['area_mismatch', 'certificate_expiring']);
  assert.match(cashew.flags.find((f) => f.kind === 'area_mismatch').message, /differs by more than 10 %/);
  assert.equal(byCode['VN-52-PH-0001'].kind, 'packing_house');
  assert.equal(byCode['VN-52-PH-0001'].capacity_tonnes_per_day, 2);
  // Filters: by kind; an officer's province; others' provinces are refused.
  const houses = await api('/api/v1/sites?kind=packing_house');
  assert.deepEqual(houses.json.items.map((s) => s.code), ['VN-52-PH-0001']);
  assert.equal((await api('/api/v1/sites?province=52', {}, 'province')).json.total, 3);
  assert.equal((await api('/api/v1/sites?province=01', {}, 'province')).status, 403);
  assert.equal((await api('/api/v1/sites', {}, 'commune')).json.total, 3);
  assert.equal((await api('/api/v1/sites', {}, 'inspector')).json.total, 3);
  assert.equal((await api('/api/v1/sites', {}, 'lab')).status, 403);
});

test('a producer registers an area, edits it, adds a certificate and diary; an officer suspends it and capture then refuses its harvest', async () => {
  const created = await api('/api/v1/sites', { method: 'POST', body: newArea('VN-52-GA-0042') });
  assert.equal(created.status, 201, created.text);
  const site = created.json;
  assert.equal(created.headers.get('location'), `/api/v1/sites/${site.id}`);
  assert.ok(Math.abs(site.boundary_area_ha - 2) < 0.01, String(site.boundary_area_ha));
  assert.deepEqual(site.households.map((h) => h.area_ha), [1.2, 0.8]);
  assert.equal(site.status, 'active');
  assert.equal(site.version, 1);

  // Edit: the area declared now disagrees with the boundary by 25 %.
  const { version, ...rest } = newArea('VN-52-GA-0042', { declared_area_ha: '1,6' });
  const updated = await api(`/api/v1/sites/${site.id}`, { method: 'PUT', body: { ...rest, version: 1 } });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.json.version, 2);
  assert.deepEqual(updated.json.flags.map((f) => f.kind), ['area_mismatch']);

  const cert = await api(`/api/v1/sites/${site.id}/certificates`, {
    method: 'POST',
    body: { kind: 'globalgap', number: 'GGN-4063061234567', issuer: 'Control Union', issued_on: daysFromNow(-200), expires_on: daysFromNow(20), version: 2 },
  });
  assert.equal(cert.status, 201, cert.text);
  assert.ok(cert.json.flags.some((f) => f.kind === 'certificate_expiring'));

  const diary = await api(`/api/v1/sites/${site.id}/diary`, {
    method: 'POST',
    body: { on: daysFromNow(-3), kind: 'spraying', product: 'Abamectin 3.6EC', dose: '20 ml/16 l', pre_harvest_interval_days: 14, planned_harvest: daysFromNow(5), version: 3 },
  });
  assert.equal(diary.status, 201, diary.text);
  assert.ok(diary.json.flags.some((f) => f.kind === 'spraying_before_harvest'), diary.text);
  assert.equal(diary.json.version, 4);

  // A producer may not change its own status; the province's officer may.
  const own = await api(`/api/v1/sites/${site.id}/status`, { method: 'POST', body: { status: 'suspended', on: daysFromNow(-10), reason: 'x', version: 4 } });
  assert.equal(own.status, 403);
  const suspended = await api(`/api/v1/sites/${site.id}/status`, {
    method: 'POST', body: { status: 'suspended', on: daysFromNow(-10), reason: 'Dư lượng Abamectin vượt MRL', version: 4 },
  }, 'province');
  assert.equal(suspended.status, 200, suspended.text);
  assert.equal(suspended.json.status, 'suspended');
  assert.deepEqual(suspended.json.status_history.map((h) => h.status), ['active', 'suspended']);

  const harvest = (day) => ({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument', schemaVersion: '2.0', creationDate: new Date().toISOString(),
    epcisBody: { eventList: [{
      type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', eventTime: `${day}T08:00:00+07:00`, eventTimeZoneOffset: '+07:00',
      quantityList: [{ epcClass: `https://id.gs1.org/01/08934567000011/10/CF-${day}`, quantity: 500, uom: 'KGM' }],
      bizLocation: { id: 'urn:ocop:site:VN-52-GA-0042' },
    }] },
  });
  const capture = (doc) => call(server.url, '/epcis/capture', {
    method: 'POST', token: tokens.producer, body: doc,
    headers: { 'content-type': 'application/ld+json', 'gs1-capture-error-behaviour': 'rollback' },
  });
  const refused = await capture(harvest(daysFromNow(-5)));
  assert.equal(refused.status, 400, refused.text);
  assert.match(refused.text, /VN-52-GA-0042 was suspended on/);
  const stored = await capture(harvest(daysFromNow(-20)));
  assert.equal(stored.status, 202, stored.text);
});

test('each bad input is refused with the field named and nothing changed', async () => {
  const created = await api('/api/v1/sites', { method: 'POST', body: newArea('VN-52-GA-0077') });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const before = (await api('/api/v1/sites?per_page=100', {}, 'admin')).json.total;
  const bad = [
    [{ code: 'vn-52-ga' }, 'code'],
    [{ code: 'VN-52-GA-0001' }, 'code', 409],
    [{ target_markets: ['Vietnam'] }, 'target_markets'],
    [{ target_markets: 'VN' }, 'target_markets'],
    [{ declared_area_ha: -1 }, 'declared_area_ha'],
    [{ declared_area_ha: true }, 'declared_area_ha'],
    [{ commune_code: '99999' }, 'commune_code'],
    [{ kind: 'orchard' }, 'kind'],
    [{ boundary: { type: 'Polygon', coordinates: [[[107.86, 13.99], [107.87, 13.99], [107.87, 14.0], [107.86, 14.0]]] } }, 'boundary'],
    [{ boundary: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] } }, 'boundary'],
    [{ boundary: { type: 'Polygon', coordinates: [[[0, 0], [200, 0], [1, 1], [0, 0]]] } }, 'boundary'],
    [{ boundary: { type: 'Point', coordinates: [107.86, 13.99] } }, 'boundary'],
    [{ boundary: '{not json' }, 'boundary'],
    [{ households: [{ name: '', area_ha: 1 }] }, 'households.1.name'],
    [{ granted_on: daysFromNow(10) }, 'granted_on'],
    [{ unknown: 1 }, 'unknown'],
  ];
  for (const [change, field, status] of bad) {
    const r = await api('/api/v1/sites', { method: 'POST', body: newArea('VN-52-GA-0078', change) });
    assertFieldError(r, field, status ?? 400);
  }
  assertFieldError(await api('/api/v1/sites', { method: 'POST', body: newArea('VN-52-GA-0078') }, 'admin'), 'producer_id');
  assert.equal((await api('/api/v1/sites?per_page=100', {}, 'admin')).json.total, before);

  // Updates, certificates, diary and status on the site just made.
  const { granted_on, ...update } = newArea('VN-52-GA-0077');
  assertFieldError(await api(`/api/v1/sites/${id}`, { method: 'PUT', body: update }), 'version');
  assertFieldError(await api(`/api/v1/sites/${id}`, { method: 'PUT', body: { ...update, code: 'VN-52-GA-0079', version: 1 } }), 'code');
  const stale = await api(`/api/v1/sites/${id}`, { method: 'PUT', body: { ...update, version: 7 } });
  assert.equal(stale.status, 409, stale.text);
  assertFieldError(await api(`/api/v1/sites/${id}/certificates`, { method: 'POST', body: { kind: 'vietgap', number: 'V1', issuer: 'X', issued_on: daysFromNow(0), expires_on: daysFromNow(-1), version: 1 } }), 'expires_on');
  assertFieldError(await api(`/api/v1/sites/${id}/certificates`, { method: 'POST', body: { kind: 'fairtrade', number: 'V1', issuer: 'X', issued_on: daysFromNow(-9), expires_on: daysFromNow(9), version: 1 } }), 'kind');
  assertFieldError(await api(`/api/v1/sites/${id}/diary`, { method: 'POST', body: { on: daysFromNow(3), kind: 'fertilising', product: 'NPK', dose: '1', version: 1 } }), 'on');
  assertFieldError(await api(`/api/v1/sites/${id}/diary`, { method: 'POST', body: { on: daysFromNow(-1), kind: 'spraying', product: 'X', dose: '1', version: 1 } }), 'pre_harvest_interval_days');
  assertFieldError(await api(`/api/v1/sites/${id}/diary`, { method: 'POST', body: { on: daysFromNow(-1), kind: 'spraying', product: 'X', dose: '1', pre_harvest_interval_days: 400, version: 1 } }), 'pre_harvest_interval_days');
  assertFieldError(await api(`/api/v1/sites/${id}/status`, { method: 'POST', body: { status: 'suspended', on: daysFromNow(0), reason: '', version: 1 } }, 'province'), 'reason');
  assertFieldError(await api(`/api/v1/sites/${id}/status`, { method: 'POST', body: { status: 'active', on: daysFromNow(0), reason: 'x', version: 1 } }, 'province'), 'status');
  assertFieldError(await api(`/api/v1/sites/${id}/status`, { method: 'POST', body: { status: 'closed', on: '31/02/2026', reason: 'x', version: 1 } }, 'province'), 'on');
  const after = await api(`/api/v1/sites/${id}`);
  assert.equal(after.json.version, 1);
  assert.equal(after.json.certificates.length, 0);
  assert.equal(after.json.diary.length, 0);
  assert.equal(after.json.status_history.length, 1);
  assert.equal((await api('/api/v1/sites/999999')).status, 404);
  assert.equal((await api('/api/v1/sites/abc')).status, 404);
});

test('a revoked code is final', async () => {
  const created = await api('/api/v1/sites', { method: 'POST', body: { ...newArea('VN-52-PH-0050'), kind: 'packing_house', capacity_tonnes_per_day: 5, boundary: null } });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const diary = await api(`/api/v1/sites/${id}/diary`, { method: 'POST', body: { on: daysFromNow(-1), kind: 'other', note: 'vệ sinh', version: 1 } });
  assert.equal(diary.status, 409, diary.text);
  const revoked = await api(`/api/v1/sites/${id}/status`, { method: 'POST', body: { status: 'revoked', on: daysFromNow(0), reason: 'Không đạt điều kiện', version: 1 } }, 'admin');
  assert.equal(revoked.status, 200, revoked.text);
  const again = await api(`/api/v1/sites/${id}/status`, { method: 'POST', body: { status: 'active', on: daysFromNow(1), reason: 'Cấp lại', version: 2 } }, 'admin');
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'FAILED_PRECONDITION');
});
