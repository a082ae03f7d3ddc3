// Recording a further appeal to the administrative court and its outcome: only client-handling
// staff of the case's unit, every record and refusal audited, bad input refused in words the
// UI shows in the user's language, and the outcome recorded once.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courtAppeals } from '@/db/appeals-schema';
import { documents } from '@/db/documents-schema';
import { auditLog, cases, organisations, units, users } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { messages } from '@/modules/i18n';
import { LOCALES } from '@/modules/i18n/locales';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import {
  listCourtAppeals,
  recordCourtAppeal,
  recordCourtAppealOutcome,
  type CourtAppealError,
} from './court-appeals';
import { hasPendingCourtAppeal } from './pending-court-appeal';

let t: TestDatabase;
const now = new Date('2027-02-01T10:00:00+02:00');

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoData(t.db);
});
afterAll(async () => {
  await t.close();
});

async function actor(username: string): Promise<LoadedActor> {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

/** A closed case handled by the north unit, with its ruling document. */
async function ruledCase() {
  const [org] = await t.db.select().from(organisations);
  const [unit] = await t.db.select().from(units).where(eq(units.code, 'AIK-POHJOINEN'));
  const caseworker = await actor('ohjaaja');
  const [row] = await t.db
    .insert(cases)
    .values({
      organisationId: org!.id,
      clientId: (await t.db.query.clients.findFirst({
        where: (c, { eq: is }) => is(c.responsibleUnitId, unit!.id),
      }))!.id,
      unitId: unit!.id,
      supportType: 'supplementary',
      channel: 'eservice',
      receivedOn: '2026-11-02',
      status: 'closed',
      closedAt: new Date('2026-12-30T10:00:00Z'),
    })
    .returning();
  const [ruling] = await t.db
    .insert(documents)
    .values({
      clientId: row!.clientId,
      caseId: row!.id,
      type: 'appeal',
      title: 'Päätös oikaisuvaatimukseen',
      language: 'fi',
      sourceChannel: 'generated',
    })
    .returning();
  return { caseRow: row!, rulingId: ruling!.id, caseworker };
}

const appeal = {
  court: 'Helsingin hallinto-oikeus',
  filedOn: '2027-01-20',
  filedOnKind: 'received_by_court' as const,
  courtReference: ' 1234/2027 ',
};

describe('further appeal to the administrative court', () => {
  it('a caseworker of the unit records it against the ruling; it is audited and holds the case pending', async () => {
    const { caseRow, rulingId, caseworker } = await ruledCase();
    expect(await hasPendingCourtAppeal(t.db, caseRow.id)).toBe(false);
    const result = await recordCourtAppeal(
      t.db,
      caseworker,
      caseRow.id,
      { ...appeal, rulingDocumentId: rulingId },
      now,
    );
    expect(result).toMatchObject({
      ok: true,
      courtAppeal: {
        caseId: caseRow.id,
        clientId: caseRow.clientId,
        rulingDocumentId: rulingId,
        court: 'Helsingin hallinto-oikeus',
        filedOn: '2027-01-20',
        filedOnKind: 'received_by_court',
        courtReference: '1234/2027',
        recordedBy: caseworker.userId,
        outcome: null,
      },
    });
    expect(await hasPendingCourtAppeal(t.db, caseRow.id)).toBe(true);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'court_appeal.record'), eq(auditLog.clientId, caseRow.clientId)),
      );
    expect(audit).toMatchObject({ actorUserId: caseworker.userId, purpose: `case:${caseRow.id}` });
    expect(audit!.details).toMatchObject({
      caseId: caseRow.id,
      court: 'Helsingin hallinto-oikeus',
    });

    const listed = await listCourtAppeals(t.db, caseworker, caseRow.id);
    expect(listed.map((a) => a.id)).toEqual([result.ok && result.courtAppeal.id]);
  });

  it('the outcome is recorded once, not before the filing nor in the future; then the appeal no longer holds the case', async () => {
    const { caseRow, caseworker } = await ruledCase();
    const recorded = await recordCourtAppeal(t.db, caseworker, caseRow.id, appeal, now);
    if (!recorded.ok) throw new Error(recorded.error);
    const id = recorded.courtAppeal.id;
    const maker = await actor('paattaja');
    expect(
      await recordCourtAppealOutcome(
        t.db,
        maker,
        id,
        { outcome: 'rejected', outcomeOn: '2027-01-19' },
        now,
      ),
    ).toEqual({ ok: false, error: 'outcomeBeforeFiling' });
    expect(
      await recordCourtAppealOutcome(
        t.db,
        maker,
        id,
        { outcome: 'rejected', outcomeOn: '2027-03-01' },
        now,
      ),
    ).toEqual({ ok: false, error: 'futureDate' });
    expect(
      await recordCourtAppealOutcome(
        t.db,
        maker,
        id,
        { outcome: 'overruled', outcomeOn: '2027-01-30' } as never,
        now,
      ),
    ).toEqual({ ok: false, error: 'invalid' });
    const done = await recordCourtAppealOutcome(
      t.db,
      maker,
      id,
      {
        outcome: 'returned',
        outcomeOn: '2027-01-30',
        outcomeNotes: 'Palautettiin uudelleen käsiteltäväksi.',
      },
      now,
    );
    expect(done).toMatchObject({
      ok: true,
      courtAppeal: {
        outcome: 'returned',
        outcomeOn: '2027-01-30',
        outcomeRecordedBy: maker.userId,
      },
    });
    expect(await hasPendingCourtAppeal(t.db, caseRow.id)).toBe(false);
    expect(
      await recordCourtAppealOutcome(
        t.db,
        maker,
        id,
        { outcome: 'accepted', outcomeOn: '2027-01-31' },
        now,
      ),
    ).toEqual({ ok: false, error: 'outcomeRecorded' });
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'court_appeal.outcome'), eq(auditLog.clientId, caseRow.clientId)),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ courtAppealId: id, outcome: 'returned' });
  });

  it('bad input is refused and changes nothing; every error has words in fi, sv and en', async () => {
    const { caseRow, caseworker } = await ruledCase();
    const [foreign] = await t.db
      .insert(documents)
      .values({
        clientId: caseRow.clientId,
        type: 'appeal',
        title: 'Toisen asian päätös',
        language: 'fi',
        sourceChannel: 'generated',
      })
      .returning();
    const cases_: [Record<string, unknown>, CourtAppealError][] = [
      [{ ...appeal, court: '  ' }, 'invalid'],
      [{ ...appeal, filedOn: '20.1.2027' }, 'invalid'],
      [{ ...appeal, filedOnKind: 'posted' }, 'invalid'],
      [{ ...appeal, filedOn: '2027-02-02' }, 'futureDate'],
      [{ ...appeal, rulingDocumentId: foreign!.id }, 'notRulingOfCase'],
    ];
    for (const [input, error] of cases_) {
      expect(await recordCourtAppeal(t.db, caseworker, caseRow.id, input as never, now)).toEqual({
        ok: false,
        error,
      });
    }
    expect(await t.db.$count(courtAppeals, eq(courtAppeals.caseId, caseRow.id))).toBe(0);
    const errors: CourtAppealError[] = [
      'invalid',
      'futureDate',
      'notRulingOfCase',
      'notFound',
      'outcomeRecorded',
      'outcomeBeforeFiling',
    ];
    for (const locale of LOCALES)
      for (const error of errors)
        expect(messages(locale).appeals.court.errors[error].length).toBeGreaterThan(10);
    expect(
      await recordCourtAppealOutcome(t.db, caseworker, '00000000-0000-4000-8000-000000000000', {
        outcome: 'rejected',
        outcomeOn: '2027-01-30',
      }),
    ).toEqual({ ok: false, error: 'notFound' });
  });

  it('staff of another unit and staff without a client-handling role are refused, and the refusal is audited', async () => {
    const { caseRow, caseworker } = await ruledCase();
    for (const username of ['ohjaaja2', 'arkisto', 'admin']) {
      const outsider = await actor(username);
      await expect(
        recordCourtAppeal(t.db, outsider, caseRow.id, appeal, now),
      ).rejects.toMatchObject({ code: 'forbidden' });
      await expect(listCourtAppeals(t.db, outsider, caseRow.id)).rejects.toMatchObject({
        code: 'forbidden',
      });
      const denied = await t.db
        .select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'access.denied'), eq(auditLog.actorUserId, outsider.userId)),
        );
      expect(denied.length).toBeGreaterThanOrEqual(2);
    }
    const recorded = await recordCourtAppeal(t.db, caseworker, caseRow.id, appeal, now);
    if (!recorded.ok) throw new Error(recorded.error);
    await expect(
      recordCourtAppealOutcome(
        t.db,
        await actor('ohjaaja2'),
        recorded.courtAppeal.id,
        {
          outcome: 'rejected',
          outcomeOn: '2027-01-30',
        },
        now,
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await t.db.$count(courtAppeals, eq(courtAppeals.caseId, caseRow.id))).toBe(1);
  });
});
