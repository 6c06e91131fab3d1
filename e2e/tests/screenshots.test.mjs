// The pictures of issue 6's "Done when": the overview, the KPI dashboard and the enroll page of
// a demo partner admin, in English, Japanese and Italian, written to docs/screenshots/ by
// scripts/screenshots (SCREENSHOTS=1). The demo on a fixed day, so that they come out the same
// every time. Without SCREENSHOTS=1 this is one more browser test of those nine pages: each
// opens with its heading in its language and a Japanese page says so in <html lang>.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoLogins, demoPassword, openBrowser, shot, startServer } from '../harness.mjs';

const TODAY = '2026-11-22';
const PARTNER = '3900001';

/** What each page's main heading says, by language. */
const PAGES = [
  {
    name: 'overview',
    path: `/partner/${PARTNER}`,
    heading: {
      en: 'Formazione Aurora S.r.l.: overview',
      ja: 'Formazione Aurora S.r.l.: 概要',
      it: 'Formazione Aurora S.r.l.: panoramica',
    },
  },
  {
    name: 'dashboard',
    path: `/partner/${PARTNER}/kpi`,
    heading: {
      en: 'Formazione Aurora S.r.l.: KPI dashboard',
      ja: 'Formazione Aurora S.r.l.: KPI ダッシュボード',
      it: 'Formazione Aurora S.r.l.: dashboard KPI',
    },
  },
  { name: 'enroll', path: `/partner/${PARTNER}/enroll`, heading: null },
  { name: 'directory', path: '/directory', heading: null },
];

/** The pages also pictured at a phone's width (issue 16). */
const PHONE = new Set(['overview', 'dashboard', 'directory']);

const SWITCH = {
  en: { label: 'Language', submit: 'Change' },
  ja: { label: '言語', submit: '変更' },
  it: { label: 'Lingua', submit: 'Cambia' },
};

test('the overview, the dashboard and the enroll page of a demo partner admin in three languages', { timeout: 300_000 }, async (t) => {
  const server = await startServer(t, { demo: true, today: TODAY });
  const admin = demoLogins(server).find((l) => l.role === 'mpn_partner_admin' && l.partner === PARTNER);
  assert.ok(admin, `no demo admin of partner ${PARTNER}:\n${server.stdout()}`);
  const browser = await openBrowser(t);
  const page = await browser.page();

  await page.goto(server.url(`/login`));
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(demoPassword(server));
  await Promise.all([
    page.waitForURL(`**/partner/${PARTNER}`),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);

  let current = 'en';
  for (const lang of ['en', 'ja', 'it']) {
    for (const { name, path, heading } of PAGES) {
      await page.goto(server.url(path));
      if (current !== lang) {
        await page.getByRole('combobox', { name: SWITCH[current].label }).selectOption(lang);
        await Promise.all([
          page.waitForNavigation(),
          page.getByRole('button', { name: SWITCH[current].submit, exact: true }).click(),
        ]);
        current = lang;
      }
      assert.equal(new URL(page.url()).pathname, path);
      assert.equal(await page.locator('html').getAttribute('lang'), lang);
      if (heading) {
        await page.getByRole('heading', { level: 1, name: heading[lang], exact: true }).waitFor();
      } else {
        await page.getByRole('heading', { level: 1 }).waitFor();
      }
      if (name === 'dashboard') {
        // The chart has its bars and its running total before the picture is taken.
        await page.getByRole('img').first().waitFor();
        assert.ok((await page.locator('svg .kpi-running-point').count()) > 0, 'the chart has a running total');
        // Every column, "Report a discrepancy" included, in sight without scrolling sideways.
        const [scroll, client] = await page.locator('table.kpi-table').locator('xpath=..').evaluate((d) => [d.scrollWidth, d.clientWidth]);
        assert.ok(scroll <= client, `the ${lang} table fits: ${scroll} > ${client}`);
      }
      await shot(page, `${name}-${lang}`);
      if (PHONE.has(name)) {
        const desktop = page.viewportSize();
        await page.setViewportSize({ width: 390, height: 844 });
        const wider = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wider <= 390, `${name} in ${lang} fits a phone: ${wider}px wide`);
        await shot(page, `${name}-${lang}-phone`, { maxHeight: 2600 });
        await page.setViewportSize(desktop);
      }
    }
  }
});
