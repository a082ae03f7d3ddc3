// Shared set-up for the citizen specs: a login through the local OpenID Connect provider, and an
// application of any client taken through the real processes up to a delivered letter.
import { expect, type Page } from '@playwright/test';
import pg from 'pg';
import type { EmbeddedEngine } from '@/engine';
import { makeIdentityCode } from '@/modules/clients/identity-code';
import type { Locale } from '@/modules/i18n';
import { openTaskOf, poll, runtimeDatabaseUrl, signInAtIdp, withDb, withEngine } from './helpers';

export { poll };

/** Logs a citizen in at the local OpenID Connect provider and waits for the citizen's home. */
export async function idpLogin(page: Page, locale: Locale, account: string) {
  await signInAtIdp(page, locale, account);
  await expect(page).toHaveURL(new RegExp(`/${locale}/citizen$`));
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

type Engine = EmbeddedEngine;

/** An e-service application of the client through the real processes; `fn` takes it from there. */
async function withApplication<T>(
  clientId: string,
  applicationData: Record<string, unknown>,
  fn: (ctx: {
    caseId: string;
    engine: Engine;
    openTask: (bpmnProcessId: string, elementId?: string) => Promise<{ userTaskKey: string }>;
  }) => Promise<T>,
): Promise<T> {
  return withEngine(async (engine) => {
    const { submitApplication } = await import('@/modules/cases/submit-application');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: runtimeDatabaseUrl(), max: 1 });
    try {
      const db = drizzle(pool) as unknown as Parameters<typeof submitApplication>[0];
      const { caseId } = await submitApplication(
        db,
        engine,
        { userId: null, displayName: 'e2e' },
        { clientId, channel: 'eservice', supportType: 'supplementary', applicationData },
      );
      const openTask = (bpmnProcessId: string, elementId?: string) =>
        openTaskOf(engine, caseId, bpmnProcessId, elementId);
      return await fn({ caseId, engine, openTask });
    } finally {
      await pool.end();
    }
  });
}

/** The first letter or decision of the case delivered to the client. */
function deliveredLetter(caseId: string, clientId: string): Promise<LetterCase> {
  return poll('the delivered letter', () =>
    withDb(async (c) => {
      const { rows } = await c.query<{ case_number: string; document_id: string; title: string }>(
        `SELECT cs.case_number, doc.id AS document_id, doc.title
         FROM deliveries d JOIN documents doc ON doc.id = d.document_id
         JOIN cases cs ON cs.id = doc.case_id
         WHERE doc.case_id = $1 AND d.client_id = $2 ORDER BY d.sent_at LIMIT 1`,
        [caseId, clientId],
      );
      const row = rows[0];
      return row
        ? {
            caseId,
            caseNumber: row.case_number,
            letterDocumentId: row.document_id,
            letterTitle: row.title,
          }
        : undefined;
    }),
  );
}

/**
 * An e-service application of the client: the caseworker finds it incomplete and asks for bank
 * statements; the worker writes the letter and delivers it electronically.
 */
export function caseWithDeliveredLetter(clientId: string): Promise<LetterCase> {
  return withApplication(
    clientId,
    { electronicDeliveryConsent: true },
    async ({ caseId, engine, openTask }) => {
      await engine.completeUserTask((await openTask('application')).userTaskKey, {
        complete: false,
      });
      await engine.completeUserTask(
        (await openTask('additional-information-request')).userTaskKey,
        {
          missingItems: ['bank_statements'],
          missingItemsText: 'Tiliotteet kolmelta kuukaudelta',
          replyDays: 7,
        },
      );
      return deliveredLetter(caseId, clientId);
    },
  );
}

/** An application decided (granted) by two people, signed and notified electronically. */
export function notifiedCase(clientId: string): Promise<LetterCase> {
  return withApplication(
    clientId,
    { electronicDeliveryConsent: true, iban: 'FI2112345600000785' },
    async ({ caseId, engine, openTask }) => {
      await engine.completeUserTask((await openTask('application')).userTaskKey, {
        complete: true,
      });
      await grantAndApprove(engine, caseId);
      await poll('the notified case', () =>
        withDb(
          async (c) =>
            (await c.query(`SELECT 1 FROM cases WHERE id = $1 AND status = 'notified'`, [caseId]))
              .rows[0],
        ),
      );
      return deliveredLetter(caseId, clientId);
    },
  );
}

/**
 * The decision maker's part as their task pages do it: a granted decision proposed by one
 * person and approved by another; the workers sign it and notify the client.
 */
export async function grantAndApprove(engine: Engine, caseId: string, housingCostsCents = 50000) {
  await engine.completeUserTask(
    (await openTaskOf(engine, caseId, 'decision', 'draft-decision')).userTaskKey,
    {
      outcome: 'granted',
      reasons: 'Menot ylittävät tulot.',
      proposedBy: 'e2e-caseworker',
      calculationInput: {
        month: '2026-12-01',
        members: [{ id: 'a', name: 'A', type: 'single' }],
        housingCostsCents,
        incomes: [],
      },
    },
  );
  await engine.completeUserTask(
    (await openTaskOf(engine, caseId, 'decision', 'approve-decision')).userTaskKey,
    { approved: true, approvedBy: 'e2e-decision-maker' },
  );
}

/** A new client of the register with a citizen account, speaking `locale`. */
export async function newCitizen(
  locale: Locale,
  tag = 'polku',
): Promise<{ username: string; clientId: string }> {
  const username = `${tag}-${locale}-${Date.now()}`;
  const birth = { fi: '1984-03-12', sv: '1979-10-02', en: '1991-06-21' }[locale];
  const code = makeIdentityCode(birth, '-', 100 + Math.floor(Math.random() * 800));
  const clientId = await withDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO clients (identity_code, first_names, last_name, birth_date, preferred_locale,
                            responsible_unit_id)
       SELECT $1, $2, $3, $4, $5, c.responsible_unit_id
       FROM users u JOIN clients c ON c.id = u.client_id WHERE u.username = 'asiakas'
       RETURNING id`,
      [code, { fi: 'Aino', sv: 'Elsa', en: 'Mia' }[locale], `${tag}-${locale}`, birth, locale],
    );
    const id = rows[0]!.id;
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, roles, client_id, preferred_locale)
       SELECT $1, $2, password_hash, '{citizen}', $3, $4 FROM users WHERE username = 'asiakas'`,
      [username, `${tag} ${locale}`, id, locale],
    );
    return id;
  });
  return { username, clientId };
}
