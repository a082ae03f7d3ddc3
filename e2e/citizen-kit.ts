// Shared set-up for the citizen specs: a login through the local OpenID Connect provider, and an
// application of any client taken through the real processes up to a delivered letter.
import { expect, type Page } from '@playwright/test';
import pg from 'pg';
import { EmbeddedEngine } from '@/engine';
import type { Locale } from '@/modules/i18n';
import { runtimeDatabaseUrl, withDb } from './helpers';

/** Logs in at the local OpenID Connect provider (`hetu-<code>` is a person with that code). */
export async function idpLogin(page: Page, locale: Locale, account: string) {
  await page.goto(`/${locale}/login`);
  await page.getByRole('button', { name: 'Test IdP' }).click();
  // The provider's development login form, then its consent screen.
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible({ timeout: 5000 }).catch(() => false)) await consent.click();
  await expect(page).toHaveURL(new RegExp(`/${locale}/citizen$`));
}

/** Polls until `fn` gives a value (not undefined), every half second for a minute and a half. */
export async function poll<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 180; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out: ${what}`);
}

export interface ClientInRegister {
  clientId: string;
  identityCode: string;
  firstNames: string;
  lastName: string;
}

/**
 * Applicants of the demo register in different households with no account yet, highest identity
 * codes first (oidc.spec.ts takes the lowest spouse); `skip` keeps specs apart.
 */
export async function freshApplicants(count: number, skip: number): Promise<ClientInRegister[]> {
  return withDb(async (db) => {
    const { rows } = await db.query<ClientInRegister>(
      `SELECT c.id AS "clientId", c.identity_code AS "identityCode",
              c.first_names AS "firstNames", c.last_name AS "lastName"
       FROM clients c
       WHERE c.household_role = 'applicant'
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.client_id = c.id)
         AND c.household_id NOT IN (SELECT c2.household_id FROM clients c2
                                    JOIN users u2 ON u2.client_id = c2.id
                                    WHERE c2.household_id IS NOT NULL)
       ORDER BY c.identity_code DESC OFFSET $1 LIMIT $2`,
      [skip, count],
    );
    return rows;
  });
}

export interface LetterCase {
  caseId: string;
  caseNumber: string;
  /** The request for additional information delivered to the client's e-service inbox. */
  letterDocumentId: string;
  letterTitle: string;
}

/**
 * An e-service application of the client: the caseworker finds it incomplete and asks for bank
 * statements; the worker writes the letter and delivers it electronically.
 */
export async function caseWithDeliveredLetter(clientId: string): Promise<LetterCase> {
  const url = runtimeDatabaseUrl();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const engine = new EmbeddedEngine({ pool, connectionString: url, migrate: false });
  try {
    const { submitApplication } = await import('@/modules/cases/submit-application');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const db = drizzle(pool) as unknown as Parameters<typeof submitApplication>[0];
    const { caseId } = await submitApplication(
      db,
      engine,
      { userId: null, displayName: 'e2e' },
      {
        clientId,
        channel: 'eservice',
        supportType: 'supplementary',
        applicationData: { electronicDeliveryConsent: true },
      },
    );
    const openTask = (bpmnProcessId: string) =>
      poll(`a ${bpmnProcessId} task`, async () =>
        (await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' })).find(
          (x) => x.bpmnProcessId === bpmnProcessId,
        ),
      );
    await engine.completeUserTask((await openTask('application')).userTaskKey, {
      complete: false,
    });
    await engine.completeUserTask((await openTask('additional-information-request')).userTaskKey, {
      missingItems: ['bank_statements'],
      missingItemsText: 'Tiliotteet kolmelta kuukaudelta',
      replyDays: 7,
    });
    const letter = await poll('the delivered letter', () =>
      withDb(
        async (c) =>
          (
            await c.query<{ case_number: string; document_id: string; title: string }>(
              `SELECT cs.case_number, doc.id AS document_id, doc.title
               FROM deliveries d JOIN documents doc ON doc.id = d.document_id
               JOIN cases cs ON cs.id = doc.case_id
               WHERE doc.case_id = $1 AND d.client_id = $2`,
              [caseId, clientId],
            )
          ).rows[0],
      ),
    );
    return {
      caseId,
      caseNumber: letter.case_number,
      letterDocumentId: letter.document_id,
      letterTitle: letter.title,
    };
  } finally {
    await engine.close();
    await pool.end();
  }
}
