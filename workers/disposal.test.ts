// The disposal part of the archiving path on the real runtime with its real workers and a test
// clock: the disposal list, the archivist's approval, legal holds, and the permanent record.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, documentVersions } from '@/db/documents-schema';
import { disposalListItems, disposalLists, disposalRecords } from '@/db/paths-schema';
import { auditLog, cases, clients, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { TestClock } from '@/engine/embedded/testkit';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { configuredObjectStore } from '@/modules/documents/configured-object-store';
import { recordCourtAppeal, recordCourtAppealOutcome } from '@/modules/appeals/court-appeals';
import { reviewDisposalList } from '@/modules/disposal/review-disposal-list';
import type { TestDatabase } from '@/test/db';
import { setupDocuments } from '@/test/documents-kit';
import { eventually, insertCase, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { jobHandlers } from './index';

const DAY = 24 * 3600_000;
const clock = new TestClock(new Date('2026-11-25T09:00:00+02:00').getTime());
let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;
let archivist: LoadedActor;

beforeAll(async () => {
  const signing = await setupDocuments('disposal');
  kit = await setupProcessKit({
    handlers: (db) =>
      jobHandlers(db.db, undefined, { now: () => clock.now(), signing: async () => signing }),
    clock,
  });
  ({ t, engine } = kit);
  const [client] = await t.db.select().from(clients).limit(1);
  // Born on the 12th: not in the permanent sample.
  await t.db.update(clients).set({ birthDate: '1980-03-12' }).where(eq(clients.id, client!.id));
  archivist = await actor('arkisto');
});
afterAll(async () => {
  await kit.close();
});

async function actor(username: string) {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

async function storeDocument(caseId: string, text: string, legalHold = false) {
  const [row] = await t.db.select().from(cases).where(eq(cases.id, caseId));
  const bytes = Buffer.from(text);
  const stored = await configuredObjectStore().put(Readable.from([bytes]), { size: bytes.length });
  const id = randomUUID();
  await t.db.insert(documents).values({
    id,
    clientId: row!.clientId,
    caseId,
    type: 'attachment',
    title: `Liite ${text.slice(0, 20)}`,
    language: 'fi',
    sourceChannel: 'upload',
    legalHold,
    contentText: text,
  });
  await t.db.insert(documentVersions).values({
    documentId: id,
    versionNo: 1,
    kind: 'original',
    storageKey: stored.key,
    sha256: stored.sha256,
    size: stored.size,
    mediaType: 'text/plain',
  });
  return { id, key: stored.key };
}

/** A closed case with documents whose archiving process has reached its disposal date. */
async function caseDueForDisposal(docs: { text: string; legalHold?: boolean }[]) {
  const caseId = await insertCase(t, { status: 'closed', closedAt: clock.now() });
  const stored = [];
  for (const d of docs) stored.push(await storeDocument(caseId, d.text, d.legalHold));
  const { processInstanceKey: key } = await engine.startInstance({
    bpmnProcessId: 'archiving',
    businessKey: caseId,
    variables: { caseId },
  });
  const first = await eventually(async () => {
    const vars = await engine.getVariables(key);
    return typeof vars.disposalAt === 'string' ? vars.disposalAt : undefined;
  });
  // Ten years and a day on, the timer fires.
  clock.advance(10 * 366 * DAY);
  await engine.runDueTimers();
  return { caseId, key, stored, firstDisposalAt: first };
}

async function approvalTask(caseId: string) {
  return eventually(
    async () =>
      (
        await engine.searchUserTasks({
          businessKey: caseId,
          elementId: 'approve-disposal',
          state: 'CREATED',
        })
      )[0],
  );
}

async function ended(key: string) {
  return eventually(async () =>
    (await engine.getInstance(key)).state === 'COMPLETED' ? true : undefined,
  );
}

async function waitingAgain(key: string, previous: string) {
  return eventually(async () => {
    const vars = await engine.getVariables(key);
    const history = await engine.getHistory(key);
    const timers = history.filter((h) => h.elementId === 'disposal-date-reached');
    return timers.length >= 2 && timers.at(-1)!.state === 'ACTIVE' && vars.disposalAt !== previous
      ? vars
      : undefined;
  });
}

describe('disposal', () => {
  it('approved: content deleted through the storage port, a permanent record of what, when and who approved; shared bytes and permanent documents stay', async () => {
    const { caseId, key, stored } = await caseDueForDisposal([
      { text: 'Tiliote marraskuu 2026, asiakas A' },
      { text: 'Vuokrasopimus, asiakas A' },
      { text: 'Pysyvästi säilytettävä selvitys' },
    ]);
    // The same bytes belong to a document of another, living case.
    const other = await insertCase(t, {});
    const shared = await storeDocument(other, 'Vuokrasopimus, asiakas A');
    expect(shared.key).toBe(stored[1]!.key);
    const task = await approvalTask(caseId);
    // Meanwhile the third document was ordered kept permanently (no disposal date).
    await t.db.update(documents).set({ disposalDate: null }).where(eq(documents.id, stored[2]!.id));

    const [list] = await t.db.select().from(disposalLists).where(eq(disposalLists.caseId, caseId));
    const items = await t.db
      .select()
      .from(disposalListItems)
      .where(eq(disposalListItems.listId, list!.id));
    expect(items.map((i) => i.state).sort()).toEqual(['proposed', 'proposed', 'proposed']);

    const result = await reviewDisposalList(t.db, engine, archivist, {
      userTaskKey: task.userTaskKey,
      approve: true,
    });
    expect(result).toMatchObject({ ok: true, excluded: 0 });
    await ended(key);
    const history = await engine.getHistory(key);
    expect(history.some((h) => h.elementId === 'disposed')).toBe(true);

    const store = configuredObjectStore();
    expect(await store.exists(stored[0]!.key)).toBe(false);
    expect(await store.exists(stored[1]!.key)).toBe(true); // still the other case's
    expect(await store.exists(stored[2]!.key)).toBe(true);
    const records = await t.db
      .select()
      .from(disposalRecords)
      .where(eq(disposalRecords.listId, list!.id));
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record).toMatchObject({
        approvedBy: archivist.userId,
        approvedByName: archivist.displayName,
        documentType: 'attachment',
        retentionClass: 'working_age_adult_services',
        disposalDate: '2036-11-26',
      });
    }
    expect(records.find((r) => r.documentId === stored[1]!.id)!.versions[0]).toMatchObject({
      contentDeleted: false,
    });
    const [gone] = await t.db.select().from(documents).where(eq(documents.id, stored[0]!.id));
    expect(gone!.disposedAt).not.toBeNull();
    expect(gone!.contentText).toBeNull();
    const [kept] = await t.db.select().from(documents).where(eq(documents.id, stored[2]!.id));
    expect(kept!.disposedAt).toBeNull();
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.dispose'), eq(auditLog.clientId, gone!.clientId)));
    expect(audit.map((a) => a.details.documentId)).toEqual(
      expect.arrayContaining([stored[0]!.id, stored[1]!.id]),
    );
    // The record is permanent.
    const refused = await t.db
      .execute(sql`DELETE FROM disposal_records WHERE list_id = ${list!.id}`)
      .then(
        () => null,
        (error: Error) => error,
      );
    expect(String(refused?.cause)).toMatch(/disposal_records are permanent/);
  });

  it('an item the archivist excludes stays, with the reason, and the case waits again with a later date', async () => {
    const { caseId, key, stored, firstDisposalAt } = await caseDueForDisposal([
      { text: 'Laskelma joulukuu 2026' },
      { text: 'Tutkimusaineistoksi pyydetty liite' },
    ]);
    const task = await approvalTask(caseId);
    expect(
      await reviewDisposalList(t.db, engine, archivist, {
        userTaskKey: task.userTaskKey,
        approve: true,
        exclusions: [{ documentId: stored[1]!.id, reason: '' }],
      }),
    ).toEqual({ ok: false, error: 'reasonRequired' });
    expect(
      await reviewDisposalList(t.db, engine, archivist, {
        userTaskKey: task.userTaskKey,
        approve: true,
        exclusions: [{ documentId: randomUUID(), reason: 'x' }],
      }),
    ).toEqual({ ok: false, error: 'unknownItem' });
    await reviewDisposalList(t.db, engine, archivist, {
      userTaskKey: task.userTaskKey,
      approve: true,
      exclusions: [{ documentId: stored[1]!.id, reason: 'Tutkimuslupa 2036/12' }],
    });
    const vars = await waitingAgain(key, firstDisposalAt);
    expect(vars).toMatchObject({ disposalApproved: true, disposalRemaining: true });
    expect(String(vars.disposalAt) > firstDisposalAt).toBe(true);
    const store = configuredObjectStore();
    expect(await store.exists(stored[0]!.key)).toBe(false);
    expect(await store.exists(stored[1]!.key)).toBe(true);
    const [item] = await t.db
      .select()
      .from(disposalListItems)
      .where(eq(disposalListItems.documentId, stored[1]!.id));
    expect(item).toMatchObject({ state: 'excluded', reason: 'Tutkimuslupa 2036/12' });
  });

  it('a legal hold always excludes: with only held records the case waits again without a list to approve', async () => {
    const { caseId, key, stored, firstDisposalAt } = await caseDueForDisposal([
      { text: 'Oikeudenkäynnissä tarvittava päätös', legalHold: true },
    ]);
    const vars = await waitingAgain(key, firstDisposalAt);
    expect(vars).toMatchObject({ legalHold: true });
    expect(
      await engine.searchUserTasks({ businessKey: caseId, elementId: 'approve-disposal' }),
    ).toHaveLength(0);
    expect(await configuredObjectStore().exists(stored[0]!.key)).toBe(true);
  });

  it('a legal hold placed after the list was drawn up still excludes at disposal', async () => {
    const { caseId, key, stored, firstDisposalAt } = await caseDueForDisposal([
      { text: 'Hakemus 2026, hävitettävä' },
      { text: 'Hakemus 2026, valituksen kohde' },
    ]);
    const task = await approvalTask(caseId);
    await t.db.update(documents).set({ legalHold: true }).where(eq(documents.id, stored[1]!.id));
    await reviewDisposalList(t.db, engine, archivist, {
      userTaskKey: task.userTaskKey,
      approve: true,
    });
    await waitingAgain(key, firstDisposalAt);
    expect(await configuredObjectStore().exists(stored[0]!.key)).toBe(false);
    expect(await configuredObjectStore().exists(stored[1]!.key)).toBe(true);
    const [item] = await t.db
      .select()
      .from(disposalListItems)
      .where(eq(disposalListItems.documentId, stored[1]!.id));
    expect(item!.state).toBe('legal_hold');
  });

  it('only an archivist approves, and a task completed around the review disposes of nothing', async () => {
    const { caseId, key, stored } = await caseDueForDisposal([{ text: 'Ohitusyritys 2026' }]);
    const task = await approvalTask(caseId);
    await expect(
      reviewDisposalList(t.db, engine, await actor('ohjaaja'), {
        userTaskKey: task.userTaskKey,
        approve: true,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    // Straight through the engine, without the recorded approval:
    await engine.completeUserTask(task.userTaskKey, { disposalApproved: true });
    const incident = await eventually(
      async () => (await engine.listIncidents({ processInstanceKey: key }))[0],
    );
    expect(incident.message).toMatch(/only a list an archivist approved/);
    expect(await configuredObjectStore().exists(stored[0]!.key)).toBe(true);
  });

  it('postponed: the list is not approved and the case waits until the chosen day', async () => {
    const { caseId, key, stored, firstDisposalAt } = await caseDueForDisposal([
      { text: 'Lykättävä asiakirja' },
    ]);
    const task = await approvalTask(caseId);
    const today = clock.now().toISOString().slice(0, 10);
    expect(
      await reviewDisposalList(
        t.db,
        engine,
        archivist,
        {
          userTaskKey: task.userTaskKey,
          approve: false,
          postponeUntil: today,
        },
        clock.now(),
      ),
    ).toEqual({ ok: false, error: 'postponeDate' });
    const until = new Date(clock.now().getTime() + 400 * DAY).toISOString().slice(0, 10);
    await reviewDisposalList(
      t.db,
      engine,
      archivist,
      {
        userTaskKey: task.userTaskKey,
        approve: false,
        postponeUntil: until,
      },
      clock.now(),
    );
    const vars = await waitingAgain(key, firstDisposalAt);
    expect(String(vars.disposalAt).slice(0, 10)).toBe(until);
    expect(await configuredObjectStore().exists(stored[0]!.key)).toBe(true);
  });

  describe('an appeal pending before the administrative court holds disposal like a legal hold', () => {
    async function appealToCourt(caseId: string) {
      const caseworker = await actor('ohjaaja');
      await t.db.update(cases).set({ unitId: caseworker.unitIds[0]! }).where(eq(cases.id, caseId));
      const result = await recordCourtAppeal(
        t.db,
        caseworker,
        caseId,
        {
          court: 'Helsingin hallinto-oikeus',
          filedOn: '2027-01-15',
          filedOnKind: 'received_by_court',
        },
        clock.now(),
      );
      if (!result.ok) throw new Error(result.error);
      return { caseworker, courtAppeal: result.courtAppeal };
    }

    it('recorded after the list was drawn up it still excludes; while pending no list is offered; once the court has ruled the records are disposed of', async () => {
      const { caseId, key, stored, firstDisposalAt } = await caseDueForDisposal([
        { text: 'Oikaisuvaatimuspäätös, valitettu hallinto-oikeuteen' },
      ]);
      // The client appeals after the list was drawn up: approval disposes of nothing.
      const task = await approvalTask(caseId);
      const { caseworker, courtAppeal } = await appealToCourt(caseId);
      await reviewDisposalList(t.db, engine, archivist, {
        userTaskKey: task.userTaskKey,
        approve: true,
      });
      const vars = await waitingAgain(key, firstDisposalAt);
      expect(vars).toMatchObject({ disposalRemaining: true });
      expect(await configuredObjectStore().exists(stored[0]!.key)).toBe(true);
      const [item] = await t.db
        .select()
        .from(disposalListItems)
        .where(eq(disposalListItems.documentId, stored[0]!.id));
      expect(item).toMatchObject({ state: 'legal_hold', reason: 'court appeal pending' });

      // The next round, the appeal still pending: listed as held, nothing to approve.
      clock.advance(100 * DAY);
      await engine.runDueTimers();
      const held = await waitingAgain(key, String(vars.disposalAt));
      expect(held).toMatchObject({ legalHold: true });
      expect(
        await engine.searchUserTasks({
          businessKey: caseId,
          elementId: 'approve-disposal',
          state: 'CREATED',
        }),
      ).toHaveLength(0);

      // The court rules; the round after that proposes the records for disposal again.
      const outcome = await recordCourtAppealOutcome(
        t.db,
        caseworker,
        courtAppeal.id,
        { outcome: 'rejected', outcomeOn: '2027-06-01' },
        clock.now(),
      );
      expect(outcome.ok).toBe(true);
      clock.advance(100 * DAY);
      await engine.runDueTimers();
      const again = await approvalTask(caseId);
      await reviewDisposalList(t.db, engine, archivist, {
        userTaskKey: again.userTaskKey,
        approve: true,
      });
      await ended(key);
      expect(await configuredObjectStore().exists(stored[0]!.key)).toBe(false);
    });
  });
});
