import { expect, test } from '@playwright/test';
import { encode } from 'next-auth/jwt';
import { runtimeAuthSecret, t, withDb } from './helpers';

const COOKIE = 'authjs.session-token';

async function sessionToken(username: string, maxAgeSeconds: number) {
  const user = await withDb(
    async (db) =>
      (
        await db.query<{ id: string; display_name: string }>(
          'SELECT id, display_name FROM users WHERE username = $1',
          [username],
        )
      ).rows[0]!,
  );
  return encode({
    token: { sub: user.id, uid: user.id, name: user.display_name, roles: ['caseworker'] },
    secret: runtimeAuthSecret(),
    salt: COOKIE,
    maxAge: maxAgeSeconds,
  });
}

test('a valid session token opens the workspace, an expired one leads to login with a message', async ({
  page,
  context,
  baseURL,
}) => {
  await context.addCookies([
    { name: COOKIE, value: await sessionToken('ohjaaja', 3600), url: baseURL! },
  ]);
  await page.goto('/fi/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fi').staff.title);

  await context.clearCookies();
  await context.addCookies([
    { name: COOKIE, value: await sessionToken('ohjaaja', -60), url: baseURL! },
  ]);
  await page.goto('/fi/staff');
  await expect(page).toHaveURL(/\/fi\/login\?callbackUrl=%2Ffi%2Fstaff&expired=1$/);
  await expect(page.getByRole('status')).toHaveText(t('fi').login.sessionExpired);
});

test('a token signed with another secret is not a session', async ({ page, context, baseURL }) => {
  const forged = await encode({
    token: { sub: 'x', uid: 'x', roles: ['admin'] },
    secret: 'not-the-secret-at-all-0123456789',
    salt: COOKIE,
  });
  await context.addCookies([{ name: COOKIE, value: forged, url: baseURL! }]);
  await page.goto('/en/admin');
  await expect(page).toHaveURL(/\/en\/login/);
});

test('a deactivated user is refused even with a live session', async ({
  page,
  context,
  baseURL,
}) => {
  const username = `poistuva${Date.now()}`;
  await withDb((db) =>
    db.query(
      `INSERT INTO users (username, display_name, roles) VALUES ($1, 'Poistuva Ohjaaja', '{caseworker}')`,
      [username],
    ),
  );
  const token = await sessionToken(username, 3600);
  await context.addCookies([{ name: COOKIE, value: token, url: baseURL! }]);
  await page.goto('/fi/staff');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('fi').staff.title);

  await withDb((db) => db.query(`UPDATE users SET active = false WHERE username = $1`, [username]));
  await page.goto('/fi/staff');
  await expect(page).toHaveURL(/\/fi\/login/);
});
