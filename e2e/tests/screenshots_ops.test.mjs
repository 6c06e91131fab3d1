// The program overview of the operator console (issue 7 item 1) in English, Japanese and
// Italian: docs/screenshots/ops-overview-{en,ja,it}.png when SCREENSHOTS=1, over
// `lpc serve --demo --today 2026-11-22` with an operator added by `lpc user add`. Without
// SCREENSHOTS=1 this is a browser test of the page: its heading in each language, the charts
// as accessible images, the anniversaries with their predicted outcome.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { openBrowser, shot, startServer } from '../harness.mjs';

const TODAY = '2026-11-22';
const OPERATOR = 'overview@program.example';
const PASSWORD = 'program-team-2026';

const HEADING = { en: 'Program overview', ja: 'プログラムの概要', it: 'Panoramica del programma' };
const SWITCH = {
  en: { label: 'Language', submit: 'Change' },
  ja: { label: '言語', submit: '変更' },
  it: { label: 'Lingua', submit: 'Cambia' },
};

test('the program overview of an operator in three languages', { timeout: 300_000 }, async (t) => {
  const server = await startServer(t, { demo: true, today: TODAY });
  await server.lpc(['user', 'add', '--email', OPERATOR, '--role', 'operator'], { input: `${PASSWORD}\n` });
  const browser = await openBrowser(t);
  const page = await browser.page();

  await page.goto(server.url('/login'));
  await page.getByLabel('E-mail').fill(OPERATOR);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([
    page.waitForURL('**/ops/overview'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);

  let current = 'en';
  for (const lang of ['en', 'ja', 'it']) {
    if (current !== lang) {
      await page.getByRole('combobox', { name: SWITCH[current].label }).selectOption(lang);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: SWITCH[current].submit, exact: true }).click(),
      ]);
      current = lang;
    }
    assert.equal(new URL(page.url()).pathname, '/ops/overview');
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    await page.getByRole('heading', { level: 1, name: HEADING[lang], exact: true }).waitFor();
    assert.ok((await page.getByRole('img').count()) >= 3, 'the tier, competency and country charts');
    assert.ok((await page.locator('[data-outcome]').count()) > 0, 'an anniversary with its predicted outcome');
    await shot(page, `ops-overview-${lang}`);
  }
});
