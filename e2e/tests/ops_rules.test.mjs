// Rule sets in the operator console, in a real browser (issue 7, items 4 and 9; R14): an
// operator uploads a draft with an error (refused with its line and field), then a draft that
// asks two active MCTs for the Learning Action Pack, runs the what-if and sees the partner with
// one MCT lose the Action Pack because of `mct_count` (1 required now, 2 with the draft). The
// result is shot in English, Japanese and Italian when SCREENSHOTS=1.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import { ROOT, openBrowser, shot, startServer, writeFile } from '../harness.mjs';

const TODAY = '2026-11-22';
const PASSWORD = 'torino-rules-2026';
const OPERATOR = 'ops@program.example';
const MPN = '4400001';

const SWITCH = {
  en: { label: 'Language', submit: 'Change' },
  ja: { label: '言語', submit: '変更' },
  it: { label: 'Lingua', submit: 'Cambia' },
};

const TITLE = { en: 'What-if', ja: '影響の試算', it: 'Simulazione' };

/** The shipped FY26 rule set as FY28 from 2027-07-01, the Action Pack needing `mcts` MCTs (R4). */
async function fy28(mcts) {
  const fy26 = await readFile(path.join(ROOT, 'rules', '2025-07-01.toml'), 'utf8');
  const text = fy26
    .replace('name = "FY26"', 'name = "FY28"')
    .replace('effective_from = 2025-07-01', 'effective_from = 2027-07-01');
  const at = text.indexOf('[tiers.action_pack]');
  return text.slice(0, at) + text.slice(at).replace('mct_count = 1', `mct_count = ${mcts}`);
}

test('an operator uploads a draft rule set, runs the what-if and sees who would lose which tier and why', { timeout: 300_000 }, async (t) => {
  const server = await startServer(t, { demo: true, today: TODAY });
  await server.lpc(['partner', 'add', '--id', MPN, '--name', 'Torino Training Lab', '--country', 'IT']);
  const trainers = await writeFile(
    server,
    'trainers.csv',
    `mct_id,partner_id,name,email,valid_from,valid_until\nMCT-44,${MPN},Giulia Rossi,giulia@torino.example,2026-01-01,2027-12-31\n`,
  );
  await server.lpc(['trainers', 'import', trainers]);
  await server.lpc(['user', 'add', '--email', OPERATOR, '--role', 'operator'], { input: `${PASSWORD}\n` });

  const browser = await openBrowser(t);
  const page = await browser.page();
  await page.goto(server.url('/ops/rules'));
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.getByLabel('E-mail').fill(OPERATOR);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL('**/ops/rules'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.getByRole('heading', { level: 1, name: 'Rule sets' }).waitFor();
  await page.getByRole('heading', { name: 'Program years side by side' }).waitFor();

  await t.test('a draft with an error is refused with its line and field', async () => {
    const broken = (await fy28(2)).replace('silver_to_gold_discount_percent = 25', 'silver_to_gold_discount_percent = "many"');
    const line = broken.split('\n').findIndex((l) => l.startsWith('silver_to_gold_discount_percent')) + 1;
    await page.getByLabel('Rule set text (TOML)').fill(broken);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Check and store the draft' }).click()]);
    const errors = page.getByRole('alert');
    await errors.getByText('The rule set was not stored').waitFor();
    const text = await errors.innerText();
    assert.match(text, new RegExp(`line ${line}, column \\d+`));
    assert.match(text, /silver_to_gold_discount_percent/);
  });

  await t.test('a valid draft is uploaded from a file', async () => {
    await page.getByLabel('Rule set file (.toml)').setInputFiles({
      name: 'FY28.toml',
      mimeType: 'text/plain',
      buffer: Buffer.from(await fy28(2)),
    });
    await page.waitForFunction(() => document.getElementById('rules-toml').value.includes('name = "FY28"'));
    await Promise.all([
      page.waitForURL('**/ops/rules/drafts/*'),
      page.getByRole('button', { name: 'Check and store the draft' }).click(),
    ]);
    await page.getByText('The draft passed every check and is stored.').waitFor();
  });

  await t.test('the what-if lists the partner losing the Action Pack and why', async () => {
    await Promise.all([
      page.waitForURL('**/what-if?*'),
      page.getByRole('button', { name: 'Run the what-if' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: 'What-if' }).waitFor();
    const row = page.locator(`tr[data-mpn="${MPN}"]`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Torino Training Lab/);
    assert.match(text, /Learning Action Pack/);
    assert.match(text, /Loses/);
    assert.match(text, /mct_count/);
    assert.match(text, /Has 1; the rules in force require 1 and the draft requires 2\./);
    const csv = page.getByRole('button', { name: 'Download as CSV' });
    assert.match(await csv.getAttribute('href'), /what-if\.csv\?on=2027-07-01$/);
  });

  await t.test('the result in three languages', async () => {
    const reasons = {};
    let current = 'en';
    for (const lang of ['en', 'ja', 'it']) {
      if (lang !== current) {
        await page.getByRole('combobox', { name: SWITCH[current].label }).selectOption(lang);
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('button', { name: SWITCH[current].submit, exact: true }).click(),
        ]);
        current = lang;
      }
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      await page.getByRole('heading', { level: 1, name: TITLE[lang] }).waitFor();
      await page.locator(`tr[data-mpn="${MPN}"]`).waitFor();
      // Why the partner changes, as a sentence in the page's language (issue 16 items 6, 10).
      const why = await page.locator(`tr[data-mpn="${MPN}"] ul.why li`).first().innerText();
      reasons[lang] = why;
      if (lang === 'en') assert.match(why, /^Active MCTs \(mct_count\): (Has|Meets|Does)/, why);
      else assert.notEqual(why, reasons.en, `the ${lang} reason is not the English one`);
      await shot(page, `ops-what-if-${lang}`);
    }
  });
});
