// The public Learning Partner directory in a real browser (issue 8, items 4 and 6): a partner
// with an active membership asks to be listed (R24), its landing page passes the checks (R25,
// served here by a tiny http server on loopback, allowed by LPC_DIRECTORY_CHECKS=test), the
// monthly cycle approves it during the processing week (R26); a server whose day is before the
// visible-by date does not list it, one on that date does (search by name, the partner's page);
// after its membership lapses (R28) the next cycle removes it and the directory no longer shows it.
//
// Every `lpc` command runs on the same database with its own --today; each server is started on
// the day it must show (the clock of a running server does not move).

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';

import { get, lpcBin, openBrowser, runLpc, shot, startServer, writeFile } from '../harness.mjs';

const ENV = { LPC_DIRECTORY_CHECKS: 'test' };
const MPN = '4700001';
const NAME = 'Sakura Learning Lab';
const REQUEST_DAY = '2026-03-10'; // R26: processed 15-21 March, visible by 7 April
const CYCLE_DAY = '2026-03-16';
const VISIBLE_BY = '2026-04-07';
const LAPSE_RUN_DAY = '2027-04-12'; // anniversary 2027-03-10, not renewed 30 days after: lapsed (R28)
const NEXT_CYCLE_DAY = '2027-04-15';

/** A partner's landing page and its verification file, on 127.0.0.1; stopped when `t` ends. */
async function landingServer(t, token) {
  const server = createServer((request, response) => {
    if (request.url === '/.well-known/lpc-verification.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(`${token()}\n`);
      return;
    }
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        `<!doctype html><html><head><title>${NAME}</title></head><body>` +
          `<h1>${NAME}</h1><p>${NAME} teaches Microsoft technologies in Nagoya.</p></body></html>`,
      );
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${server.address().port}/`;
}

/** Searches the directory by name through its form; resolves when the results are shown. */
async function searchByName(page, server, name) {
  await page.goto(server.url('/directory'));
  await page.getByRole('heading', { level: 1, name: 'Learning Partner directory' }).waitFor();
  await page.getByRole('searchbox', { name: /^Name/ }).fill(name);
  await Promise.all([
    page.waitForURL(/\/directory\?/),
    page.getByRole('button', { name: 'Search', exact: true }).click(),
  ]);
}

test('a listing request goes through the cycle, shows from its visible-by date, and leaves after a lapse', { timeout: 300_000 }, async (t) => {
  const first = await startServer(t, { today: REQUEST_DAY, env: ENV });
  const lpc = async (today, args) => {
    const result = await runLpc(lpcBin(), ['--db', first.db, '--today', today, ...args], { cwd: first.dir, env: ENV });
    if (result.code !== 0) {
      throw new Error(`lpc --today ${today} ${args.join(' ')} exited ${result.code}:\n${result.stderr}${result.stdout}`);
    }
    return result.stdout;
  };

  // A partner with an active membership: an MCT (R4), then the Action Pack paid by card (R29).
  // The MCT leaves before the anniversary, so the membership is not renewed and lapses (R28).
  await lpc(REQUEST_DAY, ['partner', 'add', '--id', MPN, '--name', NAME, '--country', 'JP']);
  const trainers = await writeFile(
    first,
    'trainers.csv',
    `mct_id,partner_id,name,email,valid_from,valid_until\nMCT-47001,${MPN},Aiko Sato,aiko@sakura.example,2026-01-01,2027-01-31\n`,
  );
  await lpc(REQUEST_DAY, ['trainers', 'import', trainers]);
  const enrolled = JSON.parse(await lpc(REQUEST_DAY, ['enroll', MPN, '--option', 'action-pack', '--pay', 'card', '--json']));
  assert.equal(enrolled.status, 'active', JSON.stringify(enrolled));

  // The landing page serves the partner's ownership token (R25).
  const token = (await lpc(REQUEST_DAY, ['directory', 'token', MPN])).trim();
  const landing = await landingServer(t, () => token);

  await t.test('the request states its processing week and visible-by date (R26)', async () => {
    const answer = JSON.parse(
      await lpc(REQUEST_DAY, ['directory', 'request', MPN, '--name', NAME, '--country', 'JP', '--url', landing, '--json']),
    );
    assert.deepEqual(answer.processing_window, { from: '2026-03-15', to: '2026-03-21' });
    assert.equal(answer.visible_by, VISIBLE_BY);
    assert.equal(answer.status, 'received');
  });

  await t.test('the cycle approves it during the processing week', async () => {
    const run = JSON.parse(await lpc(CYCLE_DAY, ['directory', 'cycle', '--json']));
    assert.equal(run.in_processing_window, true, JSON.stringify(run));
    // Idempotent: a second run the same day changes nothing visible.
    await lpc(CYCLE_DAY, ['directory', 'cycle', '--json']);
  });

  const browser = await openBrowser(t);

  await t.test('not listed the day before its visible-by date', async () => {
    const server = await startServer(t, { today: '2026-04-06', env: ENV, args: ['--db', first.db] });
    const page = await browser.page();
    await searchByName(page, server, 'sakura');
    await page.getByText('0 learning partners', { exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: NAME }).count(), 0);
    const api = await get(server, '/api/v1/directory?q=sakura');
    assert.equal(api.json().total, 0);
    const own = await get(server, `/directory/${MPN}`);
    assert.equal(own.status, 404);
  });

  await t.test('listed from its visible-by date: found by name, with its page', async () => {
    const server = await startServer(t, { today: VISIBLE_BY, env: ENV, args: ['--db', first.db] });
    const page = await browser.page();
    await searchByName(page, server, 'SAKURA');
    await page.getByText('One learning partner').waitFor();
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await row.waitFor();
    assert.match(await row.innerText(), /Japan/);
    assert.match(await row.innerText(), /Learning Action Pack/);
    await shot(page, 'directory-search');
    await Promise.all([
      page.waitForURL(`**/directory/${MPN}`),
      page.getByRole('link', { name: NAME }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
    const website = page.getByRole('link', { name: landing });
    assert.equal(await website.getAttribute('rel'), 'noopener nofollow ugc');
    assert.equal(await website.getAttribute('href'), landing);
    await shot(page, 'directory-partner');

    // The same page in Japanese, by the page's own language link.
    await Promise.all([page.waitForURL(/lang=ja/), page.getByRole('link', { name: '日本語' }).click()]);
    await page.getByText('日本', { exact: true }).waitFor();
  });

  await t.test('after a lapse, the next cycle removes it (R28)', async () => {
    const renewals = JSON.parse(await lpc(LAPSE_RUN_DAY, ['renewals', 'run', '--json']));
    const mine = renewals.evaluated.filter((e) => e.partner_id === MPN);
    assert.ok(mine.some((e) => e.outcome === 'lapsed'), JSON.stringify(renewals));
    await lpc(NEXT_CYCLE_DAY, ['directory', 'cycle', '--json']);

    const server = await startServer(t, { today: NEXT_CYCLE_DAY, env: ENV, args: ['--db', first.db] });
    const page = await browser.page();
    await searchByName(page, server, 'sakura');
    await page.getByText('0 learning partners', { exact: true }).waitFor();
    const own = await get(server, `/api/v1/directory/${MPN}`);
    assert.equal(own.status, 404);
  });
});
