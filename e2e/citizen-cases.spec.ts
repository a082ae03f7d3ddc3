import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmbeddedEngine } from '@/engine';
import { loginAs, openTaskOf, poll, runtimeDatabaseUrl, t, withDb, withEngine } from './helpers';

/**
 * An application of the demo citizen through the real processes, driven through the engine
 * port as the caseworker's task pages do; `fn` takes it from there.
 */
async function withCitizenApplication<T>(
  applicationData: Record<string, unknown>,
  fn: (ctx: {
    caseId: string;
    engine: EmbeddedEngine;
    openTask: (bpmnProcessId: string, elementId?: string) => Promise<{ userTaskKey: string }>;
  }) => Promise<T>,
): Promise<T> {
  return withEngine(async (engine) => {
    const clientId = await withDb(async (db) => {
      const { rows } = await db.query<{ client_id: string }>(
        "SELECT client_id FROM users WHERE username = 'asiakas'",
      );
      return rows[0]!.client_id;
    });
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

/** Waits until the query gives a case number for the case. */
function caseNumberWhen(sql: string, caseId: string): Promise<string> {
  return poll(sql, () =>
    withDb(
      async (c) => (await c.query<{ case_number: string }>(sql, [caseId])).rows[0]?.case_number,
    ),
  );
}

/**
 * The caseworker's completeness check finds the application incomplete and asks for bank
 * statements; the worker writes the letter and delivers it to the e-service inbox.
 */
function caseAwaitingReply(): Promise<{ caseId: string; caseNumber: string }> {
  return withCitizenApplication(
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
      const caseNumber = await caseNumberWhen(
        `SELECT c.case_number FROM deliveries d JOIN documents doc ON doc.id = d.document_id
         JOIN cases c ON c.id = doc.case_id WHERE doc.case_id = $1`,
        caseId,
      );
      return { caseId, caseNumber };
    },
  );
}

/** Decided (granted) by two people, signed, and notified electronically. */
function notifiedCase(): Promise<{ caseId: string; caseNumber: string }> {
  return withCitizenApplication(
    { electronicDeliveryConsent: true, iban: 'FI2112345600000785' },
    async ({ caseId, engine, openTask }) => {
      await engine.completeUserTask((await openTask('application')).userTaskKey, {
        complete: true,
      });
      await engine.completeUserTask((await openTask('decision', 'draft-decision')).userTaskKey, {
        outcome: 'granted',
        reasons: 'Menot ylittävät tulot.',
        proposedBy: 'e2e-caseworker',
        calculationInput: {
          month: '2026-12-01',
          members: [{ id: 'a', name: 'A', type: 'single' }],
          housingCostsCents: 50000,
          incomes: [],
        },
      });
      await engine.completeUserTask((await openTask('decision', 'approve-decision')).userTaskKey, {
        approved: true,
        approvedBy: 'e2e-decision-maker',
      });
      const caseNumber = await caseNumberWhen(
        "SELECT case_number FROM cases WHERE id = $1 AND status = 'notified'",
        caseId,
      );
      return { caseId, caseNumber };
    },
  );
}

test('a citizen sees what is asked and by when, downloads the letter and replies; the case resumes', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { caseId, caseNumber } = await caseAwaitingReply();
  const fi = t('fi').citizenCases;
  await loginAs(page, 'fi', 'asiakas');
  await page.goto('/fi/citizen');
  await page.getByRole('link', { name: `Hakemus ${caseNumber}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hakemus ${caseNumber}`);
  await expect(page.getByTestId('own-case-status')).toHaveText(fi.statuses.information_requested);
  await expect(page.getByTestId('requested-items')).toContainText('Tiliotteet');
  await expect(page.getByText('Tiliotteet kolmelta kuukaudelta')).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // the signed letter downloads from the inbox
  const download = await page.request.get(
    (await page.getByRole('link', { name: fi.download }).first().getAttribute('href'))!,
  );
  expect(download.status()).toBe(200);
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

  await page.getByLabel(fi.replyLabel).fill('Tiliotteet toimitan postitse huomenna.');
  await page.getByRole('button', { name: fi.replySend }).click();
  await expect(page.getByRole('status')).toHaveText(fi.replySent);
  await expect(page.getByTestId('own-replies')).toContainText('Tiliotteet toimitan postitse');
  await expect(page.getByTestId('requested-items')).toHaveCount(0);
  // the process went on from the reply
  await expect
    .poll(async () =>
      withDb(async (db) => {
        const { rows } = await db.query<{ state: string }>(
          `SELECT state FROM engine.instances
           WHERE business_key = $1 AND bpmn_process_id = 'additional-information-request'`,
          [caseId],
        );
        return rows[0]?.state;
      }),
    )
    .toBe('COMPLETED');
});

test('a citizen cannot open another client’s case, in any language', async ({ page }) => {
  const other = await withDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT c.id FROM cases c WHERE c.client_id <> (SELECT client_id FROM users WHERE username = 'asiakas')
       LIMIT 1`,
    );
    return rows[0]!.id;
  });
  await loginAs(page, 'sv', 'asiakas');
  const response = await page.goto(`/sv/citizen/cases/${other}`);
  expect(response?.status()).toBe(404);
  const api = await page.request.get(`/api/documents/${other}/versions/1`);
  expect([403, 404]).toContain(api.status());
});

test('a citizen downloads the signed decision and files a request for reconsideration', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { caseId, caseNumber } = await notifiedCase();
  const en = t('en').citizenCases;
  await loginAs(page, 'en', 'asiakas');
  await page.goto(`/en/citizen/cases/${caseId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Application ${caseNumber}`);
  await expect(page.getByTestId('own-case-status')).toHaveText(en.statuses.notified);
  const href = await page.getByRole('link', { name: en.download }).first().getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'decision-')), 'decision.pdf');
  writeFileSync(file, await pdf.body());
  expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');

  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  await page.getByLabel(en.appealText).fill('My rent is higher than the calculation says.');
  await page.getByRole('button', { name: en.appealSend }).click();
  await expect(page.getByRole('status')).toHaveText(en.appealSent);
  await expect(page.getByTestId('own-case-status')).toHaveText(en.statuses.appeal_pending);
});
