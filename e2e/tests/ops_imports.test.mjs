// The operator console's imports and publications in a real browser (issue 7, items 2, 3 and
// 9): an operator uploads an invoices CSV with one bad row and sees it refused with the row's
// reason (R13), downloads the refused rows, uploads the corrected file and watches the progress
// bar reach the end and the summary; then runs the due publication and sees it in the history,
// and a second click says "already published" (R17: nothing is published twice).
//
// `lpc serve` publishes the due report itself when it starts (its scheduler catches up), so the
// button finds it published: the history names the scheduler, and every click says so.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openBrowser, shot, startServer } from '../harness.mjs';

const TODAY = '2026-11-22';
const DUE = '2026-11-15';
const PASSWORD = 'program-team-2026';
const OPERATOR = 'ops@program.example';
const MPN = '6300001';
const HEADER =
  'document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n';

/** An invoices file: two good rows around `middle` (line 3), then `extra` more invoices. */
function invoices(middle, extra = 0) {
  let text =
    HEADER +
    `invoice,E2E-1,,${MPN},2026-03-10,1,moc,20764-C,10,1250.00,USD\n` +
    `${middle},E2E-2,,${MPN},2026-03-11,1,moc,20765-A,4,500.00,USD\n` +
    `invoice,E2E-3,,${MPN},2026-04-02,1,dmoc,AZ-104T00,3,300.00,USD\n`;
  for (let i = 0; i < extra; i += 1) {
    text += `invoice,E2E-BULK-${i},,${MPN},2026-0${1 + (i % 9)}-1${i % 10},1,moc,20764-C,1,125.00,USD\n`;
  }
  return text;
}

async function upload(page, server, name, text) {
  await page.goto(server.url('/ops/imports'));
  await page.getByRole('heading', { level: 1, name: 'Imports' }).waitFor();
  await page.getByLabel('What the file holds').selectOption('invoices');
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await Promise.all([
    page.waitForURL(/\/ops\/imports\/[0-9a-f]+$/),
    page.getByRole('button', { name: 'Upload and import' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: `Import of ${name}` }).waitFor();
  // The page follows the job (its script polls progress.json) and reloads once it ends.
  await page.locator('#import-job:not([data-state="running"])').waitFor({ timeout: 60_000 });
  return page.url();
}

test('an import with one bad row refused then corrected, and the due publication run twice', { timeout: 300_000 }, async (t) => {
  const server = await startServer(t, { today: TODAY });
  await server.lpc(['partner', 'add', '--id', MPN, '--name', 'Sapporo Training', '--country', 'JP']);
  await server.lpc(['user', 'add', '--email', OPERATOR, '--role', 'operator'], { input: `${PASSWORD}\n` });
  const browser = await openBrowser(t);
  const page = await browser.page();

  await page.goto(server.url('/login'));
  await page.getByLabel('E-mail').fill(OPERATOR);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);

  let refusedJob;
  await t.test('a file with an order confirmation on line 3 is refused whole (R13)', async () => {
    refusedJob = await upload(page, server, 'march.csv', invoices('order_confirmation'));
    await page.getByText('Rows refused: 1. Nothing of the file was stored').waitFor();
    const row = page.locator('#refused-rows tbody tr');
    assert.equal(await row.count(), 1);
    const cells = await row.first().getByRole('cell').allInnerTexts();
    assert.equal(cells[0], '3', 'the line');
    assert.equal(cells[1], 'document_type', 'the field');
    assert.equal(cells[3], 'R13', 'the rule');
    assert.match(cells[4], /not an invoice/, 'the reason');
    await shot(page, 'ops-import-refused');

    const csv = await page.request.get(`${refusedJob}/refused.csv`);
    assert.equal(csv.status(), 200);
    const lines = (await csv.text()).trim().split('\n');
    assert.equal(lines[0], 'line,field,value,rule,reason');
    assert.match(lines[1], /^3,document_type,order_confirmation,R13,/);
    assert.equal(
      await page.getByRole('link', { name: 'Download the refused rows (CSV)' }).getAttribute('href'),
      new URL(`${refusedJob}/refused.csv`).pathname,
    );
  });

  await t.test('the corrected file is imported: the progress reaches the end, then the summary', async () => {
    await upload(page, server, 'march.csv', invoices('invoice', 20_000));
    await page.getByText('Done: the file was imported.').waitFor();
    assert.equal(await page.locator('#import-progress').getAttribute('value'), '100');
    const count = (id) => page.locator(`[data-count="${id}"]`).innerText();
    assert.equal(await count('lines'), '20,003');
    assert.equal(await count('invoices'), '20,003');
    assert.equal(await count('partners'), '1');
    assert.equal(await count('refused'), '0');
    await shot(page, 'ops-import-done');

    await page.goto(server.url('/ops/imports'));
    const states = await page.locator('#import-history tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.state));
    assert.deepEqual(states, ['done', 'failed'], 'the history, newest first');
  });

  await t.test('the due publication is in the history, and publishing again says so', async () => {
    await page.goto(server.url('/ops/publications'));
    await page.getByRole('heading', { level: 1, name: 'Publications' }).waitFor();
    const rows = page.locator(`#publication-history tr[data-published-on="${DUE}"]`);
    assert.equal(await rows.count(), 1, 'published once, by the scheduler at start');
    for (let click = 0; click < 2; click += 1) {
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Run the due publication' }).click(),
      ]);
      await page.getByText(/^The report of Nov 15, 2026 was already published on .+: nothing was published twice/).waitFor();
      assert.equal(await rows.count(), 1, `click ${click + 1}: still one publication`);
    }
    await shot(page, 'ops-publications');
  });
});
