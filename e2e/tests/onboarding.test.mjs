// Onboarding a program's partners (issue 19 part 1, R31) from the file to the first sign-in,
// through the real interfaces: `lpc partners import` registers two partners while `lpc serve`
// runs; the server's half-minute mail turn queues their contacts' invitations and delivers
// them by SMTP (to a sink this test runs), each in its partner's language; each contact opens
// the link from the mail in a browser, chooses a password and lands signed in on the partner's
// overview, as its MPN partner admin. A link works once.

import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';

import { openBrowser, shot, startServer, writeFile } from '../harness.mjs';

const TODAY = '2026-11-22';
const SAKURA = { mpn: '4810001', name: 'Sakura Learning Lab', contact: 'desk@sakura-lab.example' };
const AURORA = { mpn: '4810002', name: 'Aurora Formazione Due', contact: 'info@aurora-due.example' };
const PASSWORD = 'onboarded-2026-11';

/**
 * A minimal SMTP server (the few commands of RFC 5321 a client sends) keeping each message's
 * raw text; stopped when `t` ends.
 */
async function smtpSink(t) {
  const messages = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let data = null;
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            messages.push(data.join('\r\n'));
            data = null;
            socket.write('250 queued\r\n');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const command = line.toUpperCase();
        if (command.startsWith('DATA')) {
          data = [];
          socket.write('354 end with .\r\n');
        } else if (command.startsWith('QUIT')) {
          socket.end('221 bye\r\n');
        } else {
          socket.write(command.startsWith('EHLO') || command.startsWith('HELO') ? '250 sink\r\n' : '250 ok\r\n');
        }
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return { url: `smtp://127.0.0.1:${server.address().port}`, messages };
}

/** A header's value, its RFC 2047 encoded words decoded, continuation lines joined. */
function header(raw, name) {
  const head = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return null;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind, text) =>
      kind.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : quotedPrintable(text.replace(/_/g, ' ')),
    );
}

function quotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r\n/g, '');
  for (let i = 0; i < soft.length; i += 1) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A message's text body, decoded from its transfer encoding. */
function body(raw) {
  const text = raw.split('\r\n\r\n').slice(1).join('\r\n\r\n');
  const encoding = (header(raw, 'Content-Transfer-Encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return quotedPrintable(text);
  return text;
}

/** The mail to `address`, once the sink has one: the server mails every half minute. */
async function mailTo(sink, address, timeout = 90_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const found = sink.messages.filter((m) => (header(m, 'To') ?? '').includes(address));
    if (found.length > 0) return found;
    if (Date.now() > until) throw new Error(`no mail to ${address} within ${timeout} ms (${sink.messages.length} mails)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function invitationLink(text) {
  const match = /(http:\/\/\S+\/invitation\/[A-Za-z0-9]+)/.exec(text);
  assert.ok(match, `an invitation link in:\n${text}`);
  return match[1];
}

test('a partner file imported while the server runs: each contact is mailed in its language and becomes the partner admin', { timeout: 300_000 }, async (t) => {
  const sink = await smtpSink(t);
  const server = await startServer(t, { today: TODAY, env: { LPC_SMTP_URL: sink.url } });
  const file = await writeFile(
    server,
    'partners.csv',
    'mpn_id,name,country,contact_email\n' +
      `${SAKURA.mpn},${SAKURA.name},JP,${SAKURA.contact}\n` +
      `${AURORA.mpn},${AURORA.name},IT,${AURORA.contact}\n`,
  );
  const imported = await server.lpcJson(['partners', 'import', file]);
  assert.equal(imported.partners, 2);
  assert.equal(imported.invited, 2);

  const browser = await openBrowser(t);

  await t.test('the Japanese partner\'s contact, on a phone, in Japanese (R31, R32)', async () => {
    const [mail, ...more] = await mailTo(sink, SAKURA.contact);
    assert.equal(more.length, 0, 'mailed once');
    assert.match(header(mail, 'Subject'), /ご招待/);
    assert.match(header(mail, 'Subject'), new RegExp(SAKURA.name));
    const text = body(mail);
    const link = invitationLink(text);
    assert.ok(link.startsWith(server.base.replace(/\/$/, '')), `${link} points at this server`);

    const page = await browser.page({ locale: 'ja-JP', viewport: { width: 390, height: 844 } });
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'ご招待' }).waitFor();
    await page.getByText(SAKURA.contact).first().waitFor();
    await shot(page, 'invitation-ja-phone');
    // Too short a password is refused on the page, naming the field.
    await page.getByLabel('パスワード').fill('short');
    await page.getByRole('button', { name: 'アカウントを作成' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    assert.match(page.url(), /\/invitation\//, 'still on the invitation');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await Promise.all([
      page.waitForURL(new RegExp(`/partner/${SAKURA.mpn}$`)),
      page.getByRole('button', { name: 'アカウントを作成' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: new RegExp(SAKURA.name) }).waitFor();
    await shot(page, 'invitation-ja-phone-overview');

    // The link worked once.
    const again = await page.goto(link);
    assert.equal(again.status(), 410);
    await page.getByRole('heading', { level: 1, name: 'この招待は無効です' }).waitFor();
  });

  await t.test('the Italian partner\'s contact, in Italian, and the account signs in again', async () => {
    const [mail] = await mailTo(sink, AURORA.contact);
    assert.match(header(mail, 'Subject'), new RegExp(AURORA.name));
    const link = invitationLink(body(mail));
    const page = await browser.page({ locale: 'it-IT' });
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Il tuo invito' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await Promise.all([
      page.waitForURL(new RegExp(`/partner/${AURORA.mpn}$`)),
      page.getByRole('button', { name: 'Crea il mio account' }).click(),
    ]);
    await page.getByRole('heading', { level: 1, name: new RegExp(AURORA.name) }).waitFor();

    // A fresh browser: the contact signs in with the password chosen, as the partner's admin.
    const fresh = await browser.page({ locale: 'en-US' });
    await fresh.goto(server.url('/login'));
    await fresh.getByLabel('E-mail').fill(AURORA.contact);
    await fresh.getByLabel('Password').fill(PASSWORD);
    await Promise.all([fresh.waitForNavigation(), fresh.getByRole('button', { name: 'Sign in' }).click()]);
    await fresh.goto(server.url(`/partner/${AURORA.mpn}/users`));
    const row = fresh.locator('tr', { has: fresh.getByRole('rowheader', { name: AURORA.contact }) });
    await row.waitFor();
    assert.match(await row.innerText(), /MPN partner admin/i);
  });
});
