// Who may do what: the whole route × role matrix, scopes, CSRF for cookie
// sessions, and log-in throttling.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { call, demoAccounts, demoServer, login, ocop } from './server.mjs';

let server;
let sessions = {};
before(async () => {
  server = await demoServer();
  for (const [role, username] of Object.entries(demoAccounts)) {
    sessions[role] = await login(server.url, username);
  }
});
after(async () => server && server.close());

// The role check of the router says this, and nothing else does.
const roleDenied = /Your role may not do this/;
// Routes that end the session go last, so the rest of the walk keeps it.
const endsSession = (r) => (r.method === 'DELETE' && r.path === '/api/v1/session') || r.path === '/logout';

function concretePath(path) {
  return path.replace('{id}', '1').replace('{code}', '52').replace('{file}', 'app.css')
    .replace('{version}', 'qd-26-2026').replace('{n}', '1')
    // The demo's certificate issued on the platform; dossier tokens are random,
    // so a made-up one (allowed roles then get 404, which the walk accepts).
    .replace('{number}', 'OCOP-52-2026-00001').replace('{token}', 'no-such-dossier')
    .replace('{sha256}', '0'.repeat(64))
    // A recall's destination (the demo recall has two).
    .replace('{destination}', '1');
}

async function request(route, token) {
  const unsafe = !['GET', 'HEAD'].includes(route.method);
  const options = { method: route.method, token };
  if (unsafe) {
    if (route.surface === 'api') options.body = {};
    else options.raw = 'name=';
    if (route.surface === 'page') options.headers = { 'content-type': 'application/x-www-form-urlencoded' };
  }
  return call(server.url, concretePath(route.path), options);
}

test('every route answers each role as it declares', async () => {
  const routes = JSON.parse(ocop(['routes', '--store', server.store]).stdout);
  assert.ok(routes.length > 25);
  routes.sort((a, b) => endsSession(a) - endsSession(b));
  let checked = 0;
  for (const route of routes) {
    const anonymous = await request(route, undefined);
    if (route.public) {
      assert.ok(![401, 403].includes(anonymous.status) || !roleDenied.test(anonymous.text),
        `${route.method} ${route.path} is public but refused an anonymous call`);
    } else if (route.surface === 'api') {
      assert.equal(anonymous.status, 401, `${route.method} ${route.path} anonymous`);
    } else {
      assert.equal(anonymous.status, 303, `${route.method} ${route.path} anonymous`);
      assert.match(anonymous.headers.get('location'), /^\/login\?next=/);
    }
    for (const [role, session] of Object.entries(sessions)) {
      const r = await request(route, session.token);
      const allowed = route.public || route.roles.includes(role);
      const label = `${route.method} ${route.path} as ${role}: ${r.status}`;
      if (allowed) {
        assert.notEqual(r.status, 401, label);
        assert.ok(!(r.status === 403 && roleDenied.test(r.text)), label);
      } else {
        assert.equal(r.status, 403, label);
        assert.match(r.text, roleDenied, label);
      }
      checked++;
    }
    if (endsSession(route)) {
      for (const [role, username] of Object.entries(demoAccounts)) sessions[role] = await login(server.url, username);
    }
  }
  assert.ok(checked >= routes.length * 8);
});

test('officers and producers only change records in their scope', async () => {
  // Producer 1 is in Gia Lai (52); find one elsewhere.
  const elsewhere = (await call(server.url, '/api/v1/producers?province=01', { token: sessions['national-admin'].token })).json.items[0];
  assert.ok(elsewhere, 'a demo producer in Hà Nội');
  const body = { ...Object.fromEntries(['legal_type', 'name', 'registration_no', 'representative_name',
    'representative_gender', 'representative_ethnicity', 'commune_code', 'street_address', 'phone', 'email']
    .map((k) => [k, elsewhere[k]])), version: elsewhere.version };
  for (const role of ['provincial-officer', 'commune-officer', 'producer']) {
    const r = await call(server.url, `/api/v1/producers/${elsewhere.id}`, { method: 'PUT', token: sessions[role].token, body });
    assert.equal(r.status, 403, `${role}: ${r.text}`);
    assert.equal(r.json.error.code, 'PERMISSION_DENIED');
  }
  const admin = await call(server.url, `/api/v1/producers/${elsewhere.id}`, { method: 'PUT', token: sessions['national-admin'].token, body });
  assert.equal(admin.status, 200, admin.text);
});

test('a cookie session needs the CSRF token on unsafe requests', async () => {
  const session = sessions['national-admin'];
  const cookie = `ocop_session=${session.token}`;
  const body = { name: 'Chè', product_set: 11, producer_id: 1 };
  const without = await call(server.url, '/api/v1/products', { method: 'POST', body, headers: { cookie } });
  assert.equal(without.status, 403);
  assert.match(without.json.error.message, /form has expired/);
  const withToken = await call(server.url, '/api/v1/products', {
    method: 'POST', body, headers: { cookie, 'x-csrf-token': session.csrf_token },
  });
  assert.equal(withToken.status, 201, withToken.text);
  const page = await call(server.url, '/producers', { headers: { cookie } });
  assert.equal(page.status, 200);
});

test('the log-in sets an HttpOnly SameSite cookie and is throttled after repeated failures', async () => {
  const created = ocop(['user', 'add', '--store', server.store, '--username', 'thu.nghiem',
    '--role', 'inspector', '--password-stdin'], { input: 'mat-khau-thu-nghiem\n' });
  assert.equal(created.status, 0, created.stderr);
  const ok = await call(server.url, '/api/v1/session', { method: 'POST', body: { username: 'thu.nghiem', password: 'mat-khau-thu-nghiem' } });
  assert.equal(ok.status, 200);
  const cookie = ok.headers.get('set-cookie');
  assert.match(cookie, /ocop_session=[^;]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly$/);
  const behindTls = await call(server.url, '/api/v1/session', {
    method: 'POST', body: { username: 'thu.nghiem', password: 'mat-khau-thu-nghiem' },
    headers: { 'x-forwarded-proto': 'https' },
  });
  assert.match(behindTls.headers.get('set-cookie'), /; HttpOnly; Secure$/);
  for (let i = 0; i < 5; i++) {
    const bad = await call(server.url, '/api/v1/session', { method: 'POST', body: { username: 'thu.nghiem', password: 'sai-mat-khau' } });
    assert.equal(bad.status, 401);
  }
  const locked = await call(server.url, '/api/v1/session', { method: 'POST', body: { username: 'thu.nghiem', password: 'mat-khau-thu-nghiem' } });
  assert.equal(locked.status, 429);
  assert.ok(Number(locked.headers.get('retry-after')) > 0);
  assert.equal(locked.json.error.code, 'RESOURCE_EXHAUSTED');
});

test('the page log-in form checks its CSRF cookie', async () => {
  const form = await call(server.url, '/login');
  const token = form.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const cookie = form.headers.get('set-cookie').split(';')[0];
  const body = `_csrf=${token}&username=admin&password=ocop-demo-2026&next=%2Fproducers`;
  const forged = await call(server.url, '/login', {
    method: 'POST', raw: body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(forged.status, 403);
  const real = await call(server.url, '/login', {
    method: 'POST', raw: body, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
  assert.equal(real.status, 303);
  assert.equal(real.headers.get('location'), '/producers');
  const offsite = await call(server.url, '/login', {
    method: 'POST', raw: body.replace('%2Fproducers', '%2F%2Fevil.example'),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
  assert.equal(offsite.headers.get('location'), '/');
});
