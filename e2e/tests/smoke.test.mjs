// The server starts on a fresh database with the demo data, answers its probes, and a real
// chromium reaches it. Pages not built yet are reported as skipped, never passed over silently.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoLogins, demoPassword, get, openBrowser, startServer } from '../harness.mjs';

test('lpc serve --demo: probes, API description, home page', { timeout: 240_000 }, async (t) => {
  const server = await startServer(t, { demo: true });
  assert.match(server.base, /^http:\/\/127\.0\.0\.1:\d+$/);

  await t.test('the demo prints its logins', () => {
    assert.ok(demoPassword(server).length > 0);
    const logins = demoLogins(server);
    assert.ok(
      logins.some((login) => login.role === 'mpn_partner_admin' && login.partner),
      `no partner admin among the demo logins:\n${server.stdout()}`,
    );
  });

  await t.test('/healthz answers ok', async () => {
    const response = await get(server, '/healthz');
    assert.equal(response.status, 200);
    assert.equal(response.json().status, 'ok');
  });

  await t.test('/readyz: the database answers', async () => {
    const response = await get(server, '/readyz');
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), { status: 'ready', database: 'sqlite' });
  });

  await t.test('/metrics is Prometheus text', async () => {
    const response = await get(server, '/metrics');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  });

  await t.test('/api/v1/openapi.json describes the API', async (st) => {
    const response = await get(server, '/api/v1/openapi.json');
    if (response.status === 404) {
      st.skip('/api/v1/openapi.json is not served yet (issue 6, item 7)');
      return;
    }
    assert.equal(response.status, 200);
    const spec = response.json();
    assert.match(String(spec.openapi), /^3\./);
    assert.ok(Object.keys(spec.paths ?? {}).some((p) => p.startsWith('/api/v1/')));
  });

  await t.test('an unknown API path is a 404', async () => {
    const response = await get(server, '/api/v1/no-such-thing');
    assert.equal(response.status, 404);
  });

  const browser = await openBrowser(t);

  await t.test('chromium reaches the server', async () => {
    const page = await browser.page();
    const response = await page.goto(server.url('/healthz'));
    assert.equal(response.status(), 200);
    assert.match(await page.locator('body').innerText(), /"status"\s*:\s*"ok"/);
  });

  await t.test('the home page', async (st) => {
    const probe = await get(server, '/');
    if (probe.status === 404) {
      st.skip('/ is not served yet (issue 6)');
      return;
    }
    const page = await browser.page();
    const response = await page.goto(server.url('/'));
    assert.ok(response.ok(), `GET / answered ${response.status()}`);
    assert.match(response.headers()['content-type'] ?? '', /^text\/html/);
    assert.notEqual((await page.title()).trim(), '', 'the home page has no <title>');
    await assert.doesNotReject(page.getByRole('main').first().waitFor(), 'the home page has no <main>');
  });
});
