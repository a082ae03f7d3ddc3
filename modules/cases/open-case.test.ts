// Opening a case: purpose required (a task of the case or a reason), refusals for another unit
// audited, the view's data gathered from the database and the engine; notes and contacts.
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseNotes } from '@/db/casework-schema';
import { auditLog, clients, users } from '@/db/schema';
import type { EmbeddedEngine } from '@/engine';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { AppError } from '@/modules/errors';
import type { TestDatabase } from '@/test/db';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { registerApplicationHandler } from '@/workers/application-register';
import { addCaseNote, recordContact } from './casework';
import { elementNames, openCase } from './open-case';
import { submitApplication } from './submit-application';

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;
let caseId: string;
let taskKey: string;

async function actor(username: string): Promise<LoadedActor> {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

async function lastAudit() {
  const [row] = await t.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return row!;
}

beforeAll(async () => {
  kit = await setupProcessKit({ handlers: (db) => [registerApplicationHandler(db.db)] });
  ({ t, engine } = kit);
  // a client of the northern unit (the seeded demo client)
  const [client] = await t.db.select().from(clients).limit(1);
  ({ caseId } = await submitApplication(
    t.db,
    engine,
    { userId: null, displayName: 'test' },
    {
      clientId: client!.id,
      channel: 'eservice',
      supportType: 'supplementary',
      receivedOn: '2026-11-25',
      applicationData: { housingCostsCents: 61000 },
    },
  ));
  const task = await eventually(
    async () => (await engine.searchUserTasks({ businessKey: caseId, state: 'CREATED' }))[0],
  );
  taskKey = task.userTaskKey;
});
afterAll(async () => {
  await kit.close();
});

describe('openCase', () => {
  it('opens with the task being worked on and audits the read with that purpose', async () => {
    const olli = await actor('ohjaaja');
    const opened = await openCase(t.db, engine, olli, caseId, {
      kind: 'task',
      userTaskKey: taskKey,
    });
    expect(opened.case.id).toBe(caseId);
    expect(opened.case.caseNumber).toMatch(/-\d{4}-\d{6}$/);
    expect(opened.openTasks.map((x) => x.elementId)).toEqual(['completeness-check']);
    expect(opened.instances[0]!.instance.bpmnProcessId).toBe('application');
    expect(opened.instances[0]!.history.map((h) => h.elementId)).toContain('register-application');
    expect(opened.timeline.map((i) => i.kind)).toContain('received');
    const audit = await lastAudit();
    expect(audit.action).toBe('case.read');
    expect(audit.purpose).toBe(`task:${taskKey}`);
    expect(audit.clientId).toBe(opened.client.id);
  });

  it('without a task needs a reason of at least 10 characters', async () => {
    const olli = await actor('ohjaaja');
    await expect(
      openCase(t.db, engine, olli, caseId, { kind: 'reason', text: 'lyhyt' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const opened = await openCase(t.db, engine, olli, caseId, {
      kind: 'reason',
      text: 'Asiakas soitti ja kysyi hakemuksensa tilaa',
    });
    expect(opened.purpose).toBe('reason:Asiakas soitti ja kysyi hakemuksensa tilaa');
  });

  it('refuses a caseworker of another unit and audits the refusal', async () => {
    const other = await actor('ohjaaja2');
    const err = await openCase(t.db, engine, other, caseId, {
      kind: 'reason',
      text: 'Haluan katsoa tätä asiaa',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('forbidden');
    const audit = await lastAudit();
    expect(audit.action).toBe('access.denied');
    expect(audit.details).toMatchObject({ resource: 'case', reason: 'other_unit' });
  });

  it('refuses a task key that is not of this case', async () => {
    const olli = await actor('ohjaaja');
    await expect(
      openCase(t.db, engine, olli, caseId, { kind: 'task', userTaskKey: '999999' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await lastAudit()).details).toMatchObject({ reason: 'task_not_of_case' });
  });

  it('refuses roles that do not handle clients (an archivist, an admin)', async () => {
    for (const name of ['arkisto', 'admin']) {
      await expect(
        openCase(t.db, engine, await actor(name), caseId, {
          kind: 'reason',
          text: 'Tarkastan asiakirjoja',
        }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    }
  });
});

describe('case notes and contacts', () => {
  it('appends notes, corrections name the original, and nothing can be edited', async () => {
    const olli = await actor('ohjaaja');
    const first = await addCaseNote(t.db, olli, caseId, { text: 'Asiakas toimitti tiliotteet.' });
    const fix = await addCaseNote(t.db, olli, caseId, {
      text: 'Korjaus: tiliotteet kolmelta kuukaudelta.',
      correctsId: first.id,
    });
    expect(fix.correctsId).toBe(first.id);
    expect((await lastAudit()).action).toBe('case.note.create');
    await expect(
      t.db.update(caseNotes).set({ text: 'muutettu' }).where(eq(caseNotes.id, first.id)),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    const opened = await openCase(t.db, engine, olli, caseId, {
      kind: 'task',
      userTaskKey: taskKey,
    });
    expect(opened.notes.map((n) => n.text)).toEqual([fix.text, first.text]);
    expect(opened.timeline.filter((i) => i.kind === 'note')).toHaveLength(2);
  });

  it('refuses empty notes, foreign corrections and other units', async () => {
    const olli = await actor('ohjaaja');
    await expect(addCaseNote(t.db, olli, caseId, { text: '   ' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      addCaseNote(t.db, olli, caseId, {
        text: 'x',
        correctsId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      addCaseNote(t.db, await actor('ohjaaja2'), caseId, { text: 'Ei oma asia' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const notes = await t.db
      .select()
      .from(caseNotes)
      .where(and(eq(caseNotes.caseId, caseId), eq(caseNotes.text, 'Ei oma asia')));
    expect(notes).toHaveLength(0);
  });

  it('records contacts, not in the future, with a known channel', async () => {
    const olli = await actor('ohjaaja');
    const now = new Date('2026-11-25T12:00:00Z');
    const contact = await recordContact(
      t.db,
      olli,
      caseId,
      {
        channel: 'phone',
        direction: 'incoming',
        summary: 'Kysyi käsittelyajasta',
        contactAt: '2026-11-25T11:30:00Z',
      },
      now,
    );
    expect(contact.channel).toBe('phone');
    await expect(
      recordContact(
        t.db,
        olli,
        caseId,
        {
          channel: 'phone',
          direction: 'incoming',
          summary: 'x',
          contactAt: '2026-11-26T11:30:00Z',
        },
        now,
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      recordContact(t.db, olli, caseId, {
        channel: 'pigeon',
        direction: 'incoming',
        summary: 'x',
        contactAt: '2026-11-25T11:30:00Z',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('elementNames', () => {
  it('reads element names from a model, decoding entities', () => {
    const xml =
      '<bpmn:userTask id="check" name="Tarkista &amp; päätä"/><bpmn:endEvent id="e" name="Valmis"/>';
    expect(elementNames(xml)).toEqual({ check: 'Tarkista & päätä', e: 'Valmis' });
  });
});
