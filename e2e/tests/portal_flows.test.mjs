// The partner portal's main flows in a real browser (issue 6, item 8): a training company signs
// up, adds an MCT on its trainers page, enrolls in the Learning Action Pack by card, sees its KPI dashboard after an
// invoice import and a publication, reports a discrepancy from a dashboard row, reads the
// dashboard in Japanese and Italian, and cannot open another partner's dashboard.
//
// Elements are found the way a person finds them: by role, label and text, in the language the
// page is in. Data a partner cannot enter itself (invoices, the monthly publication) goes in
// through the `lpc` command on the same database, with the same --today.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { get, lpcBin, openBrowser, runLpc, shot, startServer, writeFile } from '../harness.mjs';

// The server starts before the 15th of March: its scheduler publishes the report of 2026-02-15
// at once (empty: nothing is imported yet). The invoices of January and February 2026 are
// imported, then `lpc publish --today 2026-03-16` publishes the report of 2026-03-15, whose
// period ends with February 2026; a server started on the same database with --today
// 2026-03-16 (the clock of a running server does not move) shows it.
const TODAY = '2026-03-10';
const PUBLISH_DAY = '2026-03-16';
const PASSWORD = 'nagoya-learning-2026';
const MPN = '4300001';
const OTHER = '3900888';

const INVOICES_HEADER =
  'document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n';

/** Chooses `code` in the header's language switch, whose label and button are in the page's language. */
async function switchLanguage(page, code, { label, submit }) {
  await page.getByRole('combobox', { name: label }).selectOption(code);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: submit, exact: true }).click(),
  ]);
}

/** Waits until the page's main heading is `name`; fails naming the heading found instead. */
async function expectHeading(page, name) {
  try {
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor({ timeout: 10_000 });
  } catch {
    const found = await page.getByRole('heading', { level: 1 }).allInnerTexts().catch(() => []);
    assert.fail(`expected the heading ${JSON.stringify(name)} on ${page.url()}, found ${JSON.stringify(found)}`);
  }
}

/** The texts of the column headers of the dashboard's table. */
async function columnHeaders(page) {
  const texts = await page.getByRole('table').getByRole('columnheader').allInnerTexts();
  return texts.map((text) => text.replace(/[▲▼]/g, '').trim());
}

test('sign up, add an MCT, enroll in the Action Pack, read the KPI dashboard, report a discrepancy, in three languages', { timeout: 300_000 }, async (t) => {
  const first = await startServer(t, { today: TODAY });
  let server = first;
  // Another partner with a published line of its own: its dashboard must stay out of reach.
  await server.lpc(['partner', 'add', '--id', OTHER, '--name', 'Milano Digitale', '--country', 'IT']);
  const browser = await openBrowser(t);
  const page = await browser.page();

  await t.test('sign up', async () => {
    await page.goto(server.url('/signup'));
    await page.getByLabel('MPN ID').fill(MPN);
    await page.getByLabel('Organization name').fill('Nagoya Learning Lab');
    await page.getByLabel('Country').fill('JP');
    await page.getByLabel('E-mail').fill('admin@nagoya-learning.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL('**/signup/sent'),
      page.getByRole('button', { name: 'Create the account' }).click(),
    ]);
    // R31: the program confirms the address and verifies the claim (the mailed link is
    // tested in crates/web/tests/claims.rs).
    await server.lpc(['user', 'confirm', 'admin@nagoya-learning.example']);
    await server.lpc(['partner', 'verify', MPN]);
    await page.goto(server.url(`/login?next=/partner/${MPN}`));
    await page.getByLabel('E-mail').fill('admin@nagoya-learning.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL(`**/partner/${MPN}`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await expectHeading(page, 'Nagoya Learning Lab: overview');
  });

  await t.test('add an MCT on the trainers page', async () => {
    await page.goto(server.url(`/partner/${MPN}/trainers`));
    await expectHeading(page, 'Trainers');
    await page.getByText('No trainer is affiliated with the organization yet.').waitFor();
    const add = page.getByRole('region', { name: 'Add a trainer' });
    // A bad date stays on the form, the error next to the field and what was typed kept.
    await add.getByLabel('MCT ID').fill('MCT-43-1');
    await add.getByLabel('Name').fill('Haruto Sato');
    await add.getByLabel('E-mail').fill('haruto@nagoya-learning.example');
    await add.getByLabel('Valid from').fill('2025-01-01');
    await add.getByLabel('Valid until').fill('2024-12-31');
    await add.getByRole('button', { name: 'Add a trainer' }).click();
    await add.locator('[aria-invalid="true"]').first().waitFor();
    assert.equal(await add.getByLabel('MCT ID').inputValue(), 'MCT-43-1');
    await add.getByLabel('Valid until').fill('2027-12-31');
    await add.getByRole('button', { name: 'Add a trainer' }).click();
    await page.getByText('Active MCTs today: 1').waitFor();
    await page.getByRole('cell', { name: 'Haruto Sato' }).waitFor();
    // The enroll page counts it: the Action Pack's requirement is met.
    await page.goto(server.url(`/partner/${MPN}/enroll`));
    await expectHeading(page, 'Enroll in the Learning Partner program');
    const lap = page.getByRole('region', { name: 'Learning Action Pack' });
    await lap.getByText('1 active MCT, 1 required').waitFor();
  });

  await t.test('enroll in the Learning Action Pack by card', async () => {
    const lap = page.getByRole('region', { name: 'Learning Action Pack' });
    await Promise.all([
      page.waitForURL(`**/partner/${MPN}/enroll/**`),
      lap.getByRole('button', { name: 'Enroll', exact: true }).click(),
    ]);
    await expectHeading(page, 'Enroll: Learning Action Pack');
    // Submitting without a payment method keeps the user on the form with the error.
    await page.getByRole('button', { name: 'Enroll and pay' }).click();
    await page.getByText('Choose how you pay.').waitFor();
    await page.getByRole('radio', { name: 'Card' }).check();
    await page.getByRole('button', { name: 'Enroll and pay' }).click();
    await expectHeading(page, 'Enrolled: Learning Action Pack');
    await page.getByText('Paid by card').waitFor();
    // The activation steps of R5, as a checklist.
    await page.getByText('Activating the Learning Action Pack').first().waitFor();

    await page.goto(server.url(`/partner/${MPN}`));
    const memberships = page.getByRole('table');
    await memberships.getByRole('cell', { name: 'Learning Action Pack' }).first().waitFor();
  });

  await t.test('the KPI dashboard shows the rows after `lpc invoices import` and `lpc publish`', async () => {
    // The scheduler's publication of 2026-02-15, made when the server started: nothing in it.
    await page.goto(server.url(`/partner/${MPN}/kpi`));
    await expectHeading(page, 'Nagoya Learning Lab: KPI dashboard');

    await page.getByText(/^As published on .+, next update on .+\.$/).waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: 'INV-4301' }).count(), 0);

    const invoices = await writeFile(
      server,
      'invoices.csv',
      INVOICES_HEADER +
        `invoice,INV-4301,,${MPN},2026-02-03,1,moc,20764-C,10,1250.00,USD\n` +
        `invoice,INV-4302,,${MPN},2026-02-10,1,labs_online,LAB-1,3,90.00,USD\n` +
        `invoice,INV-3901,,${OTHER},2026-02-11,1,moc,20764-C,4,500.00,USD\n`,
    );
    await server.lpc(['invoices', 'import', invoices]);
    const published = await runLpc(lpcBin(), ['--db', server.db, '--today', PUBLISH_DAY, 'publish'], { cwd: server.dir });
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stdout, /report of 2026-03-15 published/);

    // The same database, served on the publication's day; the session cookie is the same.
    server = await startServer(t, { today: PUBLISH_DAY, args: ['--db', first.db] });
    const report = await runLpc(lpcBin(), ['--db', first.db, '--today', PUBLISH_DAY, 'kpi', 'report', MPN, '--json'], { cwd: first.dir });
    assert.equal(JSON.parse(report.stdout).published_on, '2026-03-15');
    assert.match(report.stdout, /INV-4301/, 'the publication covers the import');

    await page.goto(server.url(`/partner/${MPN}/kpi`));
    await expectHeading(page, 'Nagoya Learning Lab: KPI dashboard');
    await page.getByText(/^As published on .+, next update on .+\.$/).waitFor();
    const table = page.getByRole('table');
    assert.deepEqual(await columnHeaders(page), [
      'Month',
      'Year',
      'OMLP type',
      'Purchase unit',
      'Invoice #',
      'KPI value',
      'Revenue value',
      'Actions',
    ]);
    await table.getByRole('cell', { name: 'INV-4301', exact: true }).waitFor();
    await table.getByRole('cell', { name: 'INV-4302', exact: true }).waitFor();
    assert.equal(await table.getByRole('row').filter({ hasText: 'INV-4301' }).count(), 1);
    assert.equal(await table.getByRole('row').filter({ hasText: 'INV-3901' }).count(), 0, "another partner's line");
    await table.getByRole('rowheader', { name: 'Total', exact: true }).or(table.getByRole('cell', { name: 'Total', exact: true })).first().waitFor();
    // The chart: an image with its description, and the running total the thresholds compare with.
    const chart = page.getByRole('img', { name: /KPI points per month/ });
    await chart.waitFor();
    assert.match(await chart.getAttribute('aria-labelledby'), /kpi-chart-desc/);
    await chart.getByText('Running total (compare with the tier lines)', { exact: true }).waitFor();
    // Two panels, each on its own scale: the months' points, then the running total.
    await chart.getByText('Points per month', { exact: true }).waitFor();
    await chart.getByText('Running total against the tier thresholds', { exact: true }).waitFor();

    // On a phone: the narrow drawing, and every row a card with its seven fields named.
    await page.setViewportSize({ width: 390, height: 844 });
    const narrow = page.locator('svg.kpi-chart[data-layout="narrow"]');
    assert.ok(await narrow.isVisible(), 'the narrow chart on a phone');
    assert.ok(!(await page.locator('svg.kpi-chart[data-layout="wide"]').isVisible()));
    const box = await narrow.boundingBox();
    assert.ok(box.width <= 390, `the chart fits the phone: ${box.width}`);
    const card = page.locator('tr.kpi-row', { hasText: 'INV-4301' });
    for (const label of ['Month', 'Year', 'OMLP type', 'Purchase unit', 'Invoice #', 'KPI value', 'Revenue value']) {
      assert.ok(await card.locator(`td[data-label="${label}"]`).isVisible(), label);
    }
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 390, `nothing wider than the phone: ${scroll}`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The filters drive the chart: one type alone, its month marked.
    await page.locator('#kpi-type').selectOption({ label: 'Microsoft Official Course' });
    await page.locator('#kpi-month').selectOption({ index: 1 });
    await Promise.all([page.waitForURL('**/kpi?**'), page.getByRole('button', { name: 'Apply' }).click()]);
    await chart.getByText('Points per month: Microsoft Official Course', { exact: true }).waitFor();
    assert.equal(await page.locator('svg.kpi-chart[data-layout="wide"] g.kpi-month[data-selected="true"]').count(), 1);
    await page.goto(server.url(`/partner/${MPN}/kpi`));
  });

  await t.test('"report a discrepancy" from a dashboard row opens a case with the row, the claim and the invoice attached', async () => {
    await Promise.all([
      page.waitForURL(`**/partner/${MPN}/cases/new?**`),
      page.getByRole('link', { name: /Report a discrepancy about invoice INV-4301/ }).click(),
    ]);
    await expectHeading(page, 'Report a KPI discrepancy');
    // The line as the dashboard shows it, read-only; what the invoice says, prefilled.
    const shown = async (field) => (await page.locator(`[data-field="${field}"]`).innerText()).trim();
    assert.equal(await shown('month'), 'February');
    assert.equal(await shown('year'), '2026');
    assert.equal(await shown('omlp_type'), 'Microsoft Official Course');
    assert.equal(await shown('invoice_number'), 'INV-4301');
    assert.equal(await shown('revenue_value'), '$1,250.00');
    assert.equal(await page.getByRole('textbox', { name: 'Invoice #' }).count(), 0, 'the invoice number is not editable');
    assert.equal(await page.getByLabel('Purchase unit').inputValue(), '10');
    assert.equal(await page.getByLabel('Revenue value').inputValue(), '1250.00');
    // R13 is said before the partner attaches anything.
    await page.getByText('Only an actual invoice counts as evidence', { exact: false }).waitFor();
    await page.getByLabel('Purchase unit').fill('12');
    await page.getByLabel('The invoice (PDF, PNG or JPEG)').setInputFiles({
      name: 'INV-4301.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.7\nINV-4301: 12 units'),
    });
    await page.getByLabel('What is wrong with this line?').fill('We sold 12 units on this invoice, not 10.');
    await Promise.all([
      page.waitForURL(new RegExp(`/partner/${MPN}/cases/\\d+(\\?.*)?$`)),
      page.getByRole('button', { name: 'Send to Partner Frontline Support' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: /^Case #\d+$/ }).waitFor();
    await page.getByText('KPI discrepancy').first().waitFor();
    await page.getByText('INV-4301').first().waitFor();
    await page.getByText('We sold 12 units on this invoice, not 10.').waitFor();
    await page.getByRole('link', { name: 'INV-4301.pdf' }).waitFor();
  });

  await t.test('the dashboard in Japanese and in Italian', async () => {
    await page.goto(server.url(`/partner/${MPN}/kpi`));
    await switchLanguage(page, 'ja', { label: 'Language', submit: 'Change' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await expectHeading(page, 'Nagoya Learning Lab: KPI ダッシュボード');
    const ja = await columnHeaders(page);
    assert.ok(ja.includes('請求書番号'), JSON.stringify(ja));
    assert.ok(ja.includes('KPI 値'), JSON.stringify(ja));

    await switchLanguage(page, 'it', { label: '言語', submit: '変更' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'it');
    await expectHeading(page, 'Nagoya Learning Lab: dashboard KPI');
    const it = await columnHeaders(page);
    assert.ok(it.includes('N. fattura'), JSON.stringify(it));
    assert.ok(it.includes("Valore dell'indicatore KPI"), JSON.stringify(it));
    await page.getByRole('table').getByText('Totale', { exact: true }).first().waitFor();
  });

  await t.test("another partner's dashboard is 404", async () => {
    for (const path of [`/partner/${OTHER}/kpi`, `/partner/${OTHER}/kpi.csv`, `/partner/${OTHER}/enroll`]) {
      const response = await page.goto(server.url(path));
      assert.equal(response.status(), 404, path);
      const content = await page.content();
      assert.doesNotMatch(content, /Milano Digitale|INV-3901/, path);
    }
  });
});
