import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { fill, formatDate, type Locale } from '@/modules/i18n';
import { newCitizen } from './citizen-kit';
import { loginAs, runtimeDatabaseUrl, t, withDb } from './helpers';

/**
 * A citizen account of its own for each test, on a new client of the register (the demo
 * citizen's consent is left alone, since other specs deliver letters to them in parallel).
 */
async function citizenFor(locale: Locale): Promise<{ username: string; clientId: string }> {
  return newCitizen(locale, 'e2e-settings');
}

function consentRows(clientId: string) {
  return withDb(async (db) => {
    const { rows } = await db.query<{ given: boolean; channel: string }>(
      'SELECT given, channel FROM electronic_delivery_consents WHERE client_id = $1 ORDER BY at DESC',
      [clientId],
    );
    return rows;
  });
}

function storedEmail(clientId: string) {
  return withDb(
    async (db) =>
      (
        await db.query<{ email: string | null }>('SELECT email FROM clients WHERE id = $1', [
          clientId,
        ])
      ).rows[0]!.email,
  );
}

/**
 * A decision of a new case of the client, delivered by the real delivery function with no
 * channel given, so that the client's current consent decides. (The document row stands in for
 * a generated PDF: delivery does not read the file.)
 */
async function deliverDecision(clientId: string) {
  const caseId = await withDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO cases (organisation_id, client_id, support_type, channel, received_on, application_data)
       SELECT id, $1, 'supplementary', 'eservice', '2026-11-20', '{"electronicDeliveryConsent": true}'
       FROM organisations LIMIT 1 RETURNING id`,
      [clientId],
    );
    return rows[0]!.id;
  });
  const documentId = await withDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO documents (client_id, case_id, type, title, language, source_channel)
       VALUES ($1, $2, 'decision', 'Päätös', 'fi', 'generated') RETURNING id`,
      [clientId, caseId],
    );
    return rows[0]!.id;
  });
  const pool = new pg.Pool({ connectionString: runtimeDatabaseUrl(), max: 2 });
  try {
    const { deliverLetter } = await import('@/modules/delivery/deliver-letter');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const db = drizzle(pool) as unknown as Parameters<typeof deliverLetter>[0];
    return { caseId, delivery: await deliverLetter(db, { documentId }) };
  } finally {
    await pool.end();
  }
}

async function expectNoViolationsOrOverflow(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const locale of ['fi', 'sv'] as const) {
  test(`a citizen gives and withdraws consent to electronic delivery and sets the e-mail address (${locale})`, async ({
    page,
  }) => {
    const ts = t(locale).notices.settings;
    const { username, clientId } = await citizenFor(locale);
    await loginAs(page, locale, username);
    await page.goto(`/${locale}/citizen`);
    await page.getByRole('link', { name: ts.link }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ts.title);
    await expect(page.getByTestId('consent-state')).toHaveText(ts.consentNone);
    await expect(page.getByTestId('email-state')).toHaveText(ts.emailNone);

    // Give consent.
    await page.getByRole('button', { name: ts.give }).click();
    await expect(page.getByRole('status')).toHaveText(ts.consentSaved);
    await expect(page.getByTestId('consent-state')).toContainText(ts.consentGiven.split('(')[0]!);
    await expect(page.getByTestId('consent-history').getByRole('listitem')).toHaveCount(1);
    expect(await consentRows(clientId)).toEqual([{ given: true, channel: 'eservice' }]);

    // Withdraw it.
    await page.getByRole('button', { name: ts.withdraw }).click();
    await expect(page.getByRole('status')).toHaveText(ts.withdrawnSaved);
    await expect(page.getByTestId('consent-state')).toContainText(
      ts.consentWithdrawn.split('(')[0]!,
    );
    await expect(page.getByTestId('consent-history').getByRole('listitem')).toHaveCount(2);
    await expect(page.getByTestId('consent-history').getByRole('listitem').first()).toContainText(
      ts.actions.withdrawn,
    );
    expect((await consentRows(clientId)).map((r) => r.given)).toEqual([false, true]);

    // The next decision goes by post although the application consented, and the case page
    // says so.
    const { caseId, delivery } = await deliverDecision(clientId);
    expect(delivery.channel).toBe('post');
    await page.goto(`/${locale}/citizen/cases/${caseId}`);
    await expect(page.getByTestId('decision-delivery')).toHaveText(
      fill(t(locale).notices.delivery.post, {
        date: formatDate(delivery.sentOn, locale),
        notified: formatDate(delivery.deemedNotifiedOn, locale),
      }),
    );
    await page.goto(`/${locale}/citizen/settings`);

    // An address the browser lets through but the server refuses: an error, nothing stored.
    await page.getByLabel(ts.emailLabel).fill('asiakas@localhost');
    await page.getByRole('button', { name: ts.emailSave }).click();
    // (Next's route announcer is an alert too)
    await expect(page.getByRole('alert').filter({ hasText: ts.emailInvalid })).toBeVisible();
    expect(await storedEmail(clientId)).toBeNull();

    await page.getByLabel(ts.emailLabel).fill(`Uusi.Osoite.${locale}@Example.fi`);
    await page.getByRole('button', { name: ts.emailSave }).click();
    await expect(page.getByRole('status')).toHaveText(ts.emailSaved);
    const address = `uusi.osoite.${locale}@example.fi`;
    await expect(page.getByTestId('email-state')).toContainText(address);
    await expect(page.getByLabel(ts.emailLabel)).toHaveValue(address);
    expect(await storedEmail(clientId)).toBe(address);

    await expectNoViolationsOrOverflow(page);
  });
}
