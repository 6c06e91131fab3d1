// The partner portal in a real browser (issue 6, item 8): sign up, sign out and in, the
// overview, Japanese and Italian, and another partner's pages refused.
//
// Elements are found the way a person finds them: by role, label and text, in the language the
// page is in.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoLogins, demoPassword, openBrowser, startServer } from '../harness.mjs';

const TODAY = '2026-03-16';
const PASSWORD = 'kyoto-skills-2026';

/** Chooses `language` (its code) in the header's language switch, in the page's language. */
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

test('a training company signs up, signs out, signs in again and reads its overview in three languages', { timeout: 240_000 }, async (t) => {
  const server = await startServer(t, { today: TODAY });
  // Another partner, registered by an operator: its pages must stay out of reach.
  await server.lpc(['partner', 'add', '--id', '3900777', '--name', 'Roma Corsi', '--country', 'IT']);
  const browser = await openBrowser(t);
  const page = await browser.page();

  await t.test('sign up from the home page', async () => {
    await page.goto(server.url('/'));
    // Pico's buttons are links with role="button": found by that role, as a screen reader does.
    await page.getByRole('button', { name: 'Sign up your organization' }).click();
    await expectHeading(page, 'Sign up your organization');

    // A mistake first: the errors stand next to their fields, and what was typed is kept.
    await page.getByLabel('MPN ID').fill('42x');
    await page.getByLabel('Organization name').fill('Kyoto Skills Academy');
    await page.getByLabel('Country').fill('JP');
    await page.getByLabel('E-mail').fill('admin@kyoto-skills.example');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByText('Enter the MPN ID: digits only.').waitFor();
    await page.getByText('Use at least 10 characters.').waitFor();
    assert.equal(await page.getByLabel('Organization name').inputValue(), 'Kyoto Skills Academy');
    assert.equal(await page.getByLabel('MPN ID').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('MPN ID').fill('4200001');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL('**/signup/sent'),
      page.getByRole('button', { name: 'Create the account' }).click(),
    ]);
    // R31: the address is confirmed by a mailed link (the link itself is tested in
    // crates/web/tests/claims.rs; here the program confirms it), and the program verifies
    // the claim before the organization's KPIs show.
    await expectHeading(page, 'Check your mail');
    await server.lpc(['user', 'confirm', 'admin@kyoto-skills.example']);
    await page.goto(server.url('/login?next=/partner/4200001'));
    await page.getByLabel('E-mail').fill('admin@kyoto-skills.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL('**/partner/4200001'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await expectHeading(page, 'Kyoto Skills Academy: overview');
    await page.getByRole('status').filter({ hasText: 'has not verified yet' }).waitFor();
    await server.lpc(['partner', 'verify', '4200001']);
    await page.reload();
    await page.getByText('No membership yet.').waitFor();
    assert.equal(await page.getByText('has not verified yet').count(), 0);
  });

  await t.test('a second sign-up for the same MPN ID gets the same answer, and nothing is stored', async () => {
    const other = await browser.page();
    await other.goto(server.url('/signup'));
    await other.getByLabel('MPN ID').fill('4200001');
    await other.getByLabel('Organization name').fill('Kyoto Skills Copy');
    await other.getByLabel('Country').fill('JP');
    await other.getByLabel('E-mail').fill('someone@else.example');
    await other.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      other.waitForURL('**/signup/sent'),
      other.getByRole('button', { name: 'Create the account' }).click(),
    ]);
    await expectHeading(other, 'Check your mail');
    await other.context().close();
  });

  await t.test('sign out, then sign in with a wrong and the right password', async () => {
    await Promise.all([
      page.waitForURL(server.url('/')),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    await page.getByRole('link', { name: 'Sign in', exact: true }).or(page.getByRole('button', { name: 'Sign in', exact: true })).first().click();
    await expectHeading(page, 'Sign in');

    await page.getByLabel('E-mail').fill('admin@kyoto-skills.example');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The e-mail or the password is not right.' }).waitFor();

    await page.getByLabel('Password').fill(PASSWORD);
    // One organization: signing in leads straight to its overview (issue 16).
    await Promise.all([
      page.waitForURL('**/partner/4200001'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await expectHeading(page, 'Kyoto Skills Academy: overview');
  });

  await t.test('Japanese, then Italian, from the language switch', async () => {
    await switchLanguage(page, 'ja', { label: 'Language', submit: 'Change' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await expectHeading(page, 'Kyoto Skills Academy: 概要');
    await page.getByRole('heading', { name: 'メンバーシップ' }).waitFor();
    await page.getByRole('button', { name: 'サインアウト' }).waitFor();

    await switchLanguage(page, 'it', { label: '言語', submit: '変更' });
    assert.equal(await page.locator('html').getAttribute('lang'), 'it');
    await expectHeading(page, 'Kyoto Skills Academy: panoramica');
    await page.getByRole('button', { name: 'Esci' }).waitFor();
  });

  await t.test("another partner's overview, and one that does not exist, are both 404", async () => {
    for (const mpn of ['3900777', '9999999']) {
      const response = await page.goto(server.url(`/partner/${mpn}`));
      assert.equal(response.status(), 404, `/partner/${mpn}`);
      await expectHeading(page, 'Pagina non trovata');
      assert.doesNotMatch(await page.content(), /Roma Corsi/);
    }
  });

  await t.test('the language follows the user to another browser', async () => {
    const other = await browser.page({ locale: 'en-US' });
    await other.goto(server.url('/login'));
    await other.getByLabel('E-mail').fill('admin@kyoto-skills.example');
    await other.getByLabel('Password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await expectHeading(other, 'Kyoto Skills Academy: panoramica');
    await other.context().close();
  });
});

test('a page of the portal asked for while signed out comes back after signing in', { timeout: 240_000 }, async (t) => {
  const server = await startServer(t, { today: TODAY });
  await server.lpc(['partner', 'add', '--id', '4200002', '--name', 'Osaka Tech School', '--country', 'JP']);
  await server.lpc(
    ['user', 'add', '--email', 'admin@osaka-tech.example', '--role', 'mpn_partner_admin', '--partner', '4200002'],
    { input: `${PASSWORD}\n` },
  );
  const browser = await openBrowser(t);
  const page = await browser.page();

  await page.goto(server.url('/partner/4200002'));
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.getByLabel('E-mail').fill('admin@osaka-tech.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([
    page.waitForURL('**/partner/4200002'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await expectHeading(page, 'Osaka Tech School: overview');
});

test('Accept-Language picks the language of a visitor', { timeout: 120_000 }, async (t) => {
  const server = await startServer(t, { today: TODAY });
  const browser = await openBrowser(t);
  for (const [locale, title] of [
    ['ja-JP', '組織を登録する'],
    ['it-IT', 'Registra la tua organizzazione'],
    ['en-GB', 'Sign up your organization'],
  ]) {
    const page = await browser.page({ locale });
    await page.goto(server.url('/signup'));
    await expectHeading(page, title);
    await page.context().close();
  }
});

test('a demo partner admin sees its memberships, in English, Japanese and Italian', { timeout: 240_000 }, async (t) => {
  const server = await startServer(t, { demo: true });
  const logins = demoLogins(server);
  const admin = logins.find((login) => login.role === 'mpn_partner_admin' && login.partner === '3900001');
  assert.ok(admin, `no demo admin of Formazione Aurora:\n${server.stdout()}`);
  const browser = await openBrowser(t);
  const page = await browser.page();

  await page.goto(server.url('/login'));
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(demoPassword(server));
  await Promise.all([
    page.waitForURL('**/partner/3900001'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await expectHeading(page, 'Formazione Aurora S.r.l.: overview');
  const memberships = page.getByRole('table');
  await memberships.getByRole('cell', { name: 'Learning Action Pack' }).first().waitFor();
  await memberships.getByText('Active').first().waitFor();

  await switchLanguage(page, 'ja', { label: 'Language', submit: 'Change' });
  await expectHeading(page, 'Formazione Aurora S.r.l.: 概要');
  await page.getByRole('table').getByText('有効').first().waitFor();

  await switchLanguage(page, 'it', { label: '言語', submit: '変更' });
  await expectHeading(page, 'Formazione Aurora S.r.l.: panoramica');

  // Another demo partner, which exists and has data: refused all the same.
  const response = await page.goto(server.url('/partner/4100002'));
  assert.equal(response.status(), 404);
  assert.doesNotMatch(await page.content(), /Fuji Cloud Academy/);
});
