// Issue 16 item 6: every page a partner admin, an operator, a support agent and the public reach
// in the demo, read in English, Japanese and Italian. A line of text that reads the same in
// Japanese (or Italian) as in English is a message that fell back to English, unless it is data
// (names, e-mail addresses, invoice numbers, what a user wrote) or a name kept in English on
// purpose: both are listed below, each with its reason. The test fails naming the page, the
// language and the line.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoLogins, demoPassword, openBrowser, startServer } from '../harness.mjs';

const TODAY = '2026-11-22';
const AURORA = '3900001';
const FUJI = '4100002';

/** Names kept in English in every language, on purpose. */
const PRODUCT_NAMES = [
  'Learning Partner Center',
  'Learning Action Pack',
  'Action Pack',
  'Courseware Marketplace',
  'Microsoft Partner Network',
  'Labs Online',
  'Microsoft Learn',
  'Partner Center',
  'BIC (SWIFT)', // the banks' own name for the code, in every language
  'Learning Program Performance Guidelines', // the program document's own name (R8, R32)
];

/** Lines that are data of the demo, the same in every language: who, what, where. */
const DATA = [
  /@/, // e-mail addresses, and "user@example" in sentences
  /^(INV|CN|ADJ|LPC)-/, // document numbers and payment references
  /S\.r\.l\.|Learning|Academy|Lab\b|Training|Skills|Tailspin|Fabrikam|Northwind|Contoso|Sakura|Fuji|Aurora|Nagoya|Himeji|Milano|Formazione/,
  /^https?:\/\//,
  /^[A-Z]{2}\d{2}[A-Z0-9 ]+$/, // an IBAN
  /^[\d\s.,:/$€¥%()+\-–—#×·✓✗]+$/, // numbers, amounts and dates in digits
  /^(AZ|MS|MB|PL|DP|SC|AI|DA)-\d+/, // exam codes
  /^[a-z_]+(\.[a-z0-9_-]+)+$/, // audit actions (order.create) and rule file keys, shown as codes
  /^\{/, // audit details (JSON)
  /^(moc|dmoc|labs_online|exam_voucher|custom_moc|moc_on_demand|mta_courseware)$/, // codes beside names
  /^(cloud_platform|data_analytics|application_development|security|modern_workplace|[a-z]+(_[a-z]+)+)$/, // competency ids
  /please set up|profile|invoice shows|units|The invoice/i, // comments the demo's users wrote in English
  /^lpc-verification-/, // the landing page's verification token
  /^[\w.-]+:\d+:[0-9a-f]+$/, // a server's name in the scheduled jobs' runs (host:pid:start)
  /Bank$/, // the demo beneficiary's bank
  /^[A-Z]{6}[A-Z0-9]{2,5}$/, // a BIC
  /^One-year competency extension/, // a waiver's description, as the rule file's author wrote it
  /community call$|asset collection$|^Enrollment guide, with/, // titles of the demo's documents, published in English only (R32 marks them)
];

/** A line that would read differently in a translation: two English words of three letters. */
function isWords(line) {
  const words = line.match(/[A-Za-z]{3,}/g) ?? [];
  return words.length >= 2;
}

function kept(line) {
  let rest = line;
  for (const name of PRODUCT_NAMES) rest = rest.split(name).join(' ');
  if (!isWords(rest)) return true;
  return DATA.some((pattern) => pattern.test(line));
}

const SWITCH = {
  en: { label: 'Language', submit: 'Change' },
  ja: { label: '言語', submit: '変更' },
  it: { label: 'Lingua', submit: 'Cambia' },
};

/** The visible lines of the page's main content and navigation. */
async function lines(page) {
  const text = await page.evaluate(() => document.body.innerText);
  // Table cells come tab-separated: each is read on its own.
  return text
    .split(/[\n\t]/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

async function switchTo(page, from, to) {
  const { label, submit } = SWITCH[from];
  await page.getByRole('combobox', { name: label }).selectOption(to);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: submit, exact: true }).click()]);
}

/** Every page of `paths` in the three languages; the English fallbacks found. */
async function crawl(page, server, paths) {
  const found = [];
  const english = new Map();
  let current = 'en';
  for (const lang of ['en', 'ja', 'it']) {
    await page.goto(server.url(paths[0]));
    if (lang !== current) {
      await switchTo(page, current, lang);
      current = lang;
    }
    for (const path of paths) {
      await page.goto(server.url(path));
      const seen = await lines(page);
      if (lang === 'en') {
        english.set(path, new Set(seen));
        continue;
      }
      const before = english.get(path) ?? new Set();
      for (const line of new Set(seen)) {
        if (before.has(line) && !kept(line)) found.push(`${lang} ${path}: ${JSON.stringify(line)}`);
      }
    }
  }
  // Back to English for whoever signs in next with this account.
  await page.goto(server.url(paths[0]));
  await switchTo(page, current, 'en');
  return found;
}

async function signIn(page, server, email) {
  await page.goto(server.url('/login'));
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(demoPassword(server));
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

test('every page of every role reads in Japanese and Italian with no message left in English', { timeout: 600_000 }, async (t) => {
  const server = await startServer(t, { demo: true, today: TODAY });
  const logins = demoLogins(server);
  const email = (role, partner = null) => {
    const login = logins.find((l) => l.role === role && (partner === null || l.partner === partner));
    assert.ok(login, `no demo ${role}:\n${server.stdout()}`);
    return login.email;
  };
  const browser = await openBrowser(t);
  const problems = [];

  const publicPage = await browser.page();
  problems.push(...(await crawl(publicPage, server, ['/', '/directory', `/directory/${AURORA}`, '/login', '/signup', '/password/forgot', '/no/such/page'])));

  const aurora = await browser.page();
  await signIn(aurora, server, email('mpn_partner_admin', AURORA));
  const partnerPaths = ['', '/enroll', '/enroll/silver', '/orders', '/kpi', '/trainers', '/exams', '/cases', '/directory', '/users', '/tokens', '/forecast', '/resources'].map(
    (p) => `/partner/${AURORA}${p}`,
  );
  // A case of the partner's, and the discrepancy form from a dashboard row.
  await aurora.goto(server.url(`/partner/${AURORA}/cases`));
  const caseLink = await aurora.locator(`a[href^="/partner/${AURORA}/cases/"]`).first().getAttribute('href');
  await aurora.goto(server.url(`/partner/${AURORA}/kpi`));
  const reportLink = await aurora.locator('a.kpi-report-link').first().getAttribute('href');
  problems.push(...(await crawl(aurora, server, [...partnerPaths, caseLink, reportLink])));

  const fuji = await browser.page();
  await signIn(fuji, server, email('mpn_partner_admin', FUJI));
  await fuji.goto(server.url(`/partner/${FUJI}/orders`));
  const orderLink = await fuji.locator(`a[href^="/partner/${FUJI}/orders/"]`).first().getAttribute('href');
  problems.push(...(await crawl(fuji, server, [`/partner/${FUJI}`, `/partner/${FUJI}/enroll`, orderLink])));

  const operator = await browser.page();
  await signIn(operator, server, email('operator'));
  const tabs = ['memberships', 'orders', 'trainers', 'exams', 'kpi', 'eligibility', 'cases', 'audit'].map(
    (tab) => `/ops/partners/${AURORA}?tab=${tab}`,
  );
  problems.push(
    ...(await crawl(operator, server, [
      '/ops/overview',
      '/ops/partners',
      ...tabs,
      '/ops/imports',
      '/ops/publications',
      '/ops/rules',
      '/ops/payments',
      '/ops/directory',
      '/ops/claims',
      '/ops/resources',
      '/ops/announcements',
      '/ops/announcements/new',
    ])),
  );

  const support = await browser.page();
  await signIn(support, server, email('support_agent'));
  await support.goto(server.url('/ops/cases'));
  const cases = await support.locator('a[href^="/ops/cases/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')))]);
  problems.push(...(await crawl(support, server, ['/ops/cases', ...cases.slice(0, 4)])));

  assert.deepEqual(problems, [], `messages left in English:\n${problems.join('\n')}`);
});
