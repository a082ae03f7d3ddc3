import { expect, test } from '@playwright/test';
import { signInAtIdp, t, withDb } from './helpers';

test('a staff member logs in through the OpenID Connect provider and is linked by e-mail', async ({
  page,
}) => {
  await signInAtIdp(page, 'fi', 'sso-paattaja');
  await expect(page).toHaveURL(/\/fi\/staff$/);
  await expect(page.getByTestId('roles')).toHaveText(t('fi').roles.decision_maker);
  const row = await withDb(
    async (db) =>
      (await db.query(`SELECT oidc_subject FROM users WHERE username = 'paattaja'`)).rows[0],
  );
  expect(row).toEqual({ oidc_subject: 'sso-paattaja' });
});

test('a citizen identified by identity code gets their own page', async ({ page }) => {
  const person = await withDb(
    async (db) =>
      (
        await db.query<{ identity_code: string; last_name: string }>(
          `SELECT identity_code, last_name FROM clients WHERE household_role = 'spouse' ORDER BY identity_code LIMIT 1`,
        )
      ).rows[0]!,
  );
  await signInAtIdp(page, 'sv', `hetu-${person.identity_code}`);
  await expect(page).toHaveURL(/\/sv\/citizen$/);
  await expect(page.getByTestId('identity-code')).toHaveText(person.identity_code);
});

test('an identity with no account is refused with a clear message', async ({ page }) => {
  await signInAtIdp(page, 'en', 'sso-stranger');
  await expect(page).toHaveURL(/\/login\?error=oidc_no_account/);
  await expect(page.getByTestId('oidc-error')).toHaveText(t('en').login.oidcNoAccount);
});

test('a person not in the register logs in for the first time and becomes a client', async ({
  page,
}) => {
  // New clients go to the unit of the routing rules' default (an administrator sets it).
  await withDb((db) =>
    db.query(
      `INSERT INTO routing_rules (organisation_id, priority, kind, unit_id)
       SELECT u.organisation_id, 1000000, 'default', u.id FROM units u
       WHERE u.code = 'AIK-ITA'
         AND NOT EXISTS (SELECT 1 FROM routing_rules WHERE kind = 'default')`,
    ),
  );
  const code = '290204A236Y';
  await signInAtIdp(page, 'sv', `hetu-${code}:Aino Maria:Äijälä`);
  await expect(page).toHaveURL(/\/sv\/citizen$/);
  await expect(page.getByTestId('current-user')).toContainText('Aino Äijälä');
  await expect(page.getByTestId('identity-code')).toHaveText(code);
  await expect(page.getByRole('cell', { name: 'Aino Maria Äijälä' })).toBeVisible();
  const client = await withDb(
    async (db) =>
      (
        await db.query(
          `SELECT c.first_names, c.last_name, c.birth_date::text, c.preferred_locale, u.code AS unit,
                  (SELECT count(*)::int FROM users WHERE client_id = c.id) AS accounts,
                  (SELECT count(*)::int FROM audit_log a
                    WHERE a.client_id = c.id AND a.action = 'client.create'
                      AND a.details->>'method' = 'oidc') AS audited
           FROM clients c JOIN units u ON u.id = c.responsible_unit_id
           WHERE c.identity_code = $1`,
          [code],
        )
      ).rows,
  );
  expect(client).toEqual([
    {
      first_names: 'Aino Maria',
      last_name: 'Äijälä',
      birth_date: '2004-02-29',
      preferred_locale: 'sv',
      unit: 'AIK-ITA',
      accounts: 1,
      audited: 1,
    },
  ]);
});

test('an invalid identity code claim is refused in the user’s language and creates nothing', async ({
  page,
}) => {
  await signInAtIdp(page, 'fi', 'hetu-290204A236X:Virhe:Koodi');
  await expect(page).toHaveURL(/\/fi\/login\?error=oidc_invalid_identity_code/);
  await expect(page.getByTestId('oidc-error')).toHaveText(
    t('fi').identity.errors.invalid_identity_code,
  );
  const rows = await withDb(
    async (db) =>
      (await db.query(`SELECT 1 FROM clients WHERE identity_code = '290204A236X'`)).rows,
  );
  expect(rows).toEqual([]);
});
