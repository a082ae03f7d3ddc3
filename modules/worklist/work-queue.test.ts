import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, cases, clients, organisations, units, users } from '@/db/schema';
import type { EmbeddedEngine, UserTaskChange } from '@/engine';
import { loadActor, type LoadedActor } from '@/modules/access/load-actor';
import { helsinkiDateTime } from '@/modules/calendar/helsinki-time';
import { WORKFLOWS_DIR } from '@/modules/process/deploy-workflows';
import type { TestDatabase } from '@/test/db';
import { eventually, setupProcessKit, type ProcessKit } from '@/test/process-kit';
import { deadlineStatus } from './deadline-status';
import { loadWorkQueue, type WorkQueueResult } from './load-work-queue';
import { concerns, subscribeToQueueChanges } from './queue-change-hub';
import { parseQueueView, type QueueView } from './queue-view';
import { deleteSavedFilter, listSavedFilters, saveFilter } from './saved-filters';
import { assignQueueTask, claimQueueTask, releaseQueueTask } from './task-commands';
import { USER_TASK_TYPES } from './task-types';

// A decision-maker's task for the queue tests (the real decision approval needs a whole proposal).
const DM_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="dm-defs" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="queue-test" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign-off" />
    <bpmn:userTask id="sign-off" name="Sign off">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="=decisionMakerGroup" />
        <zeebe:taskSchedule dueDate="=decisionDueAt" />
        <zeebe:priorityDefinition priority="=90" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="sign-off" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

// Monday 2 March 2026, 10:00 in Helsinki.
const NOW = new Date('2026-03-02T10:00:00+02:00');

let kit: ProcessKit;
let t: TestDatabase;
let engine: EmbeddedEngine;
const actors: Record<string, LoadedActor> = {};
const task: Record<string, string> = {};
const caseOf: Record<string, string> = {};
let northId = '';
let eastId = '';

async function actor(username: string): Promise<LoadedActor> {
  const [u] = await t.db.select().from(users).where(eq(users.username, username));
  return (await loadActor(t.db, u!.id))!;
}

async function startCase(
  name: string,
  unit: 'north' | 'east',
  dueOn: string,
  options: { urgent?: boolean; process?: 'decision' | 'queue-test' } = {},
) {
  const unitId = unit === 'north' ? northId : eastId;
  const code = unit === 'north' ? 'AIK-POHJOINEN' : 'AIK-ITA';
  const [org] = await t.db.select().from(organisations);
  const [client] = await t.db
    .select()
    .from(clients)
    .where(eq(clients.responsibleUnitId, unitId))
    .limit(1);
  const [row] = await t.db
    .insert(cases)
    .values({
      organisationId: org!.id,
      clientId: client!.id,
      unitId,
      caseNumber: `TOTU-2026-${name}`,
      supportType: 'supplementary',
      channel: 'eservice',
      urgent: options.urgent ?? false,
      receivedOn: '2026-02-20',
      decisionDueOn: dueOn,
    })
    .returning({ id: cases.id });
  caseOf[name] = row!.id;
  await engine.startInstance({
    bpmnProcessId: options.process ?? 'decision',
    businessKey: row!.id,
    variables: {
      caseId: row!.id,
      urgent: options.urgent ?? false,
      unitGroup: `unit:${code}`,
      decisionMakerGroup: `decision-makers:${code}`,
      decisionDueAt: helsinkiDateTime(dueOn, '16:00'),
    },
  });
  const [open] = await eventually(async () => {
    const found = await engine.searchUserTasks({ businessKey: row!.id });
    return found.length ? found : undefined;
  });
  task[name] = open!.userTaskKey;
}

async function queue(
  username: string,
  view: Partial<QueueView> & { tab: string },
  extra: { after?: string; before?: string; pageSize?: number } = {},
): Promise<WorkQueueResult> {
  return loadWorkQueue(t.db, engine, actors[username]!, {
    view: { sort: 'deadline', ...view },
    now: NOW,
    ...extra,
  });
}

function names(result: WorkQueueResult): string[] {
  if (result.kind !== 'ok') throw new Error(`queue is ${result.kind}`);
  return result.rows.map((r) => r.caseNumber!.replace('TOTU-2026-', ''));
}

async function lastAudit(action: string) {
  const [row] = await t.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return row;
}

beforeAll(async () => {
  kit = await setupProcessKit({ handlers: () => [] });
  ({ t, engine } = kit);
  await engine.deploy([{ name: 'queue-test.bpmn', content: DM_MODEL }]);
  for (const u of ['ohjaaja', 'ohjaaja2', 'tiiminvetaja', 'paattaja', 'admin'])
    actors[u] = await actor(u);
  const [north] = await t.db.select().from(units).where(eq(units.code, 'AIK-POHJOINEN'));
  const [east] = await t.db.select().from(units).where(eq(units.code, 'AIK-ITA'));
  northId = north!.id;
  eastId = east!.id;
  await startCase('N1', 'north', '2026-03-06');
  await startCase('N2', 'north', '2026-03-03', { urgent: true });
  await startCase('N3', 'north', '2026-02-26');
  await startCase('E1', 'east', '2026-03-04');
  await startCase('D1', 'north', '2026-03-05', { process: 'queue-test' });
});
afterAll(() => kit.close());

describe('which queues a staff member sees', () => {
  it('a caseworker sees the unit queue sorted by the statutory deadline, another unit sees its own', async () => {
    expect(names(await queue('ohjaaja', { tab: 'group:unit:AIK-POHJOINEN' }))).toEqual([
      'N3',
      'N2',
      'N1',
    ]);
    expect(names(await queue('ohjaaja2', { tab: 'group:unit:AIK-ITA' }))).toEqual(['E1']);
    expect(names(await queue('paattaja', { tab: 'group:decision-makers:AIK-POHJOINEN' }))).toEqual([
      'D1',
    ]);
  });

  it('a team lead has every queue of the unit and a view of them all', async () => {
    const result = await queue('tiiminvetaja', { tab: 'all' });
    expect(names(result)).toEqual(['N3', 'N2', 'D1', 'N1']);
    if (result.kind !== 'ok') throw new Error();
    expect(result.queues.tabs.map((tab) => tab.id)).toEqual([
      'mine',
      'group:decision-makers:AIK-POHJOINEN',
      'group:unit:AIK-POHJOINEN',
      'all',
    ]);
  });

  it('refuses another unit’s queue and the team lead view to a caseworker, and audits it', async () => {
    expect((await queue('ohjaaja2', { tab: 'group:unit:AIK-POHJOINEN' })).kind).toBe('refused');
    expect(await lastAudit('access.denied')).toMatchObject({
      actorUserId: actors.ohjaaja2!.userId,
      details: { resource: 'work_queue', tab: 'group:unit:AIK-POHJOINEN' },
    });
    expect((await queue('ohjaaja', { tab: 'all' })).kind).toBe('refused');
    expect((await queue('admin', { tab: 'mine' })).kind).toBe('no_queues');
  });

  it('shows the client masked, the case number, working days left and the time in queue; audits the listing', async () => {
    const result = await queue('ohjaaja', { tab: 'group:unit:AIK-POHJOINEN' });
    if (result.kind !== 'ok') throw new Error();
    const [n3, n2, n1] = result.rows;
    expect(n3!.maskedIdentityCode).toMatch(/^\d{6}[-+A-FU-Y]\*{4}$/);
    expect(n3!.clientName).toMatch(/^\S+, \S+/);
    expect(n3!.deadline).toEqual({ kind: 'overdue', workingDays: 2 });
    expect(n2!.deadline).toEqual({ kind: 'near', workingDays: 1 });
    expect(n2!.urgent).toBe(true);
    expect(n1!.deadline).toEqual({ kind: 'plenty', workingDays: 4 });
    expect(n1!.caseId).toBe(caseOf.N1);
    expect(n1!.canClaim).toBe(true);
    expect(n1!.assignableTo).toEqual([]);
    const audit = await lastAudit('client.list');
    expect(audit).toMatchObject({
      actorUserId: actors.ohjaaja!.userId,
      purpose: 'work queue: group:unit:AIK-POHJOINEN',
    });
    expect((audit!.details as { userTaskKeys: string[] }).userTaskKeys).toEqual(
      result.rows.map((r) => r.userTaskKey),
    );
  });
});

describe('filters, sort and paging', () => {
  const lead = (view: Partial<QueueView>) => queue('tiiminvetaja', { tab: 'all', ...view });

  it('filters by urgency, overdue, due dates, process and task type', async () => {
    expect(names(await lead({ urgent: '1' }))).toEqual(['N2']);
    expect(names(await lead({ overdue: '1' }))).toEqual(['N3']);
    expect(names(await lead({ dueFrom: '2026-03-03', dueTo: '2026-03-05' }))).toEqual(['N2', 'D1']);
    expect(names(await lead({ process: 'queue-test' }))).toEqual(['D1']);
    expect(names(await lead({ task: 'draft-decision' }))).toEqual(['N3', 'N2', 'N1']);
    expect(names(await lead({ followFrom: '2026-01-01' }))).toEqual([]);
    expect(names(await lead({ unit: northId }))).toEqual(['N3', 'N2', 'D1', 'N1']);
  });

  it('sorts by priority, highest first, then by deadline', async () => {
    expect(names(await lead({ sort: 'priority' }))).toEqual(['D1', 'N3', 'N2', 'N1']);
  });

  it('pages forwards and back with the same rows', async () => {
    const first = await queue('tiiminvetaja', { tab: 'all' }, { pageSize: 3 });
    if (first.kind !== 'ok') throw new Error();
    expect(first.total).toBe(4);
    expect(first.previous).toBeNull();
    const second = await queue('tiiminvetaja', { tab: 'all' }, { pageSize: 3, after: first.next! });
    expect(names(second)).toEqual(['N1']);
    if (second.kind !== 'ok') throw new Error();
    expect(second.next).toBeNull();
    const back = await queue(
      'tiiminvetaja',
      { tab: 'all' },
      { pageSize: 3, before: second.previous! },
    );
    expect(names(back)).toEqual(['N3', 'N2', 'D1']);
    // A forged cursor starts again from the first page.
    expect(names(await queue('tiiminvetaja', { tab: 'all' }, { after: 'Zm9v' }))).toHaveLength(4);
  });

  it('names bad filter values and shows the queue unfiltered', async () => {
    const parsed = parseQueueView({ tab: 'all', dueFrom: '2026-03-05', dueTo: '2026-03-01' });
    expect(parsed).toMatchObject({ ok: false, fields: ['dueTo'], view: { tab: 'all' } });
    expect(parseQueueView({ dueFrom: '5.3.2026', sort: 'random' })).toMatchObject({
      ok: false,
      fields: expect.arrayContaining(['dueFrom', 'sort']),
    });
    expect(parseQueueView({ tab: 'all', urgent: '1', dueFrom: '' })).toEqual({
      ok: true,
      view: { tab: 'all', urgent: '1', sort: 'deadline' },
    });
    const foreignUnit = await queue('ohjaaja', { tab: 'group:unit:AIK-POHJOINEN', unit: eastId });
    expect(foreignUnit).toMatchObject({ kind: 'ok', invalid: ['unit'] });
    expect(names(foreignUnit)).toEqual(['N3', 'N2', 'N1']);
  });
});

describe('claim, release and assign', () => {
  it('a caseworker claims a task of the unit queue; it moves to their tasks; the claim is audited', async () => {
    const ohjaaja = actors.ohjaaja!;
    expect(await claimQueueTask(t.db, engine, ohjaaja, task.N1!)).toEqual({ ok: true });
    expect(names(await queue('ohjaaja', { tab: 'mine' }))).toEqual(['N1']);
    const audit = await lastAudit('task.claim');
    const [c] = await t.db.select().from(cases).where(eq(cases.id, caseOf.N1!));
    expect(audit).toMatchObject({
      actorUserId: ohjaaja.userId,
      clientId: c!.clientId,
      details: { userTaskKey: task.N1, elementId: 'draft-decision' },
    });
    // The unit queue shows who has it; only the unassigned filter hides it.
    const unit = await queue('tiiminvetaja', { tab: 'group:unit:AIK-POHJOINEN' });
    if (unit.kind !== 'ok') throw new Error();
    expect(unit.rows.find((r) => r.userTaskKey === task.N1)!.assignee).toMatchObject({
      userId: ohjaaja.userId,
    });
    expect(names(await queue('tiiminvetaja', { tab: 'all', assignee: 'none' }))).toEqual([
      'N3',
      'N2',
      'D1',
    ]);
    expect(names(await queue('tiiminvetaja', { tab: 'all', assignee: ohjaaja.userId }))).toEqual([
      'N1',
    ]);
  });

  it('refuses a claimed task, a task of another unit and unknown tasks; refusals are audited', async () => {
    expect(await claimQueueTask(t.db, engine, actors.tiiminvetaja!, task.N1!)).toEqual({
      ok: false,
      error: 'already_claimed',
    });
    expect(await claimQueueTask(t.db, engine, actors.ohjaaja2!, task.N2!)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await lastAudit('access.denied')).toMatchObject({
      actorUserId: actors.ohjaaja2!.userId,
      details: { command: 'claim', userTaskKey: task.N2 },
    });
    expect(await claimQueueTask(t.db, engine, actors.ohjaaja!, '999999')).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await claimQueueTask(t.db, engine, actors.ohjaaja!, 'drop table')).toEqual({
      ok: false,
      error: 'not_found',
    });
  });

  it('only the assignee or a team lead of the unit releases a task', async () => {
    expect(await releaseQueueTask(t.db, engine, actors.paattaja!, task.N1!)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await releaseQueueTask(t.db, engine, actors.ohjaaja2!, task.N1!)).toEqual({
      ok: false,
      error: 'forbidden',
    });
    expect(await releaseQueueTask(t.db, engine, actors.tiiminvetaja!, task.N1!)).toEqual({
      ok: true,
    });
    expect(await lastAudit('task.unclaim')).toMatchObject({
      actorUserId: actors.tiiminvetaja!.userId,
      details: { previousAssignee: actors.ohjaaja!.userId },
    });
    expect(await releaseQueueTask(t.db, engine, actors.ohjaaja!, task.N1!)).toEqual({
      ok: false,
      error: 'not_claimed',
    });
  });

  it('a team lead assigns to a person who works in the task’s queue; nobody else assigns', async () => {
    expect(
      await assignQueueTask(t.db, engine, actors.ohjaaja!, task.N2!, actors.ohjaaja!.userId),
    ).toEqual({ ok: false, error: 'forbidden' });
    const lead = actors.tiiminvetaja!;
    expect(await assignQueueTask(t.db, engine, lead, task.N2!, actors.ohjaaja2!.userId)).toEqual({
      ok: false,
      error: 'invalid_assignee',
    });
    expect(await assignQueueTask(t.db, engine, lead, task.D1!, actors.ohjaaja!.userId)).toEqual({
      ok: false,
      error: 'invalid_assignee',
    });
    expect(await assignQueueTask(t.db, engine, lead, task.N2!, 'not-a-uuid')).toEqual({
      ok: false,
      error: 'invalid_assignee',
    });
    expect(await assignQueueTask(t.db, engine, lead, task.N2!, actors.ohjaaja!.userId)).toEqual({
      ok: true,
    });
    expect(await assignQueueTask(t.db, engine, lead, task.D1!, actors.paattaja!.userId)).toEqual({
      ok: true,
    });
    expect(await lastAudit('task.assign')).toMatchObject({
      actorUserId: lead.userId,
      details: { userTaskKey: task.D1, assignee: actors.paattaja!.userId },
    });
    expect(names(await queue('ohjaaja', { tab: 'mine' }))).toEqual(['N2']);
    expect(names(await queue('paattaja', { tab: 'mine' }))).toEqual(['D1']);
    // The lead's own rows offer the people of the task's queue.
    const all = await queue('tiiminvetaja', { tab: 'all' });
    if (all.kind !== 'ok') throw new Error();
    const n3 = all.rows.find((r) => r.userTaskKey === task.N3)!;
    expect(n3.assignableTo.map((m) => m.userId).sort()).toEqual(
      [actors.ohjaaja!.userId, lead.userId].sort(),
    );
    expect(n3.canRelease).toBe(false);
    expect(all.rows.find((r) => r.userTaskKey === task.N2)!.canRelease).toBe(true);
  });
});

describe('saved filters', () => {
  it('saves, lists, refuses duplicates and bad input, and deletes only one’s own', async () => {
    const me = actors.ohjaaja!.userId;
    const saved = await saveFilter(t.db, me, {
      name: ' Kiireelliset ',
      view: { tab: 'group:unit:AIK-POHJOINEN', urgent: '1', sort: 'priority', dueFrom: '' },
    });
    expect(saved.ok).toBe(true);
    expect(await saveFilter(t.db, me, { name: 'Kiireelliset', view: {} })).toEqual({
      ok: false,
      error: 'duplicate',
    });
    expect(await saveFilter(t.db, me, { name: '', view: {} })).toEqual({
      ok: false,
      error: 'name',
    });
    expect(await saveFilter(t.db, me, { name: 'x', view: { dueFrom: 'eilen' } })).toEqual({
      ok: false,
      error: 'view',
    });
    const list = await listSavedFilters(t.db, me);
    expect(list).toEqual([
      {
        id: expect.any(String),
        name: 'Kiireelliset',
        view: { tab: 'group:unit:AIK-POHJOINEN', urgent: '1', sort: 'priority' },
        query: 'tab=group%3Aunit%3AAIK-POHJOINEN&urgent=1&sort=priority',
      },
    ]);
    expect(await listSavedFilters(t.db, actors.ohjaaja2!.userId)).toEqual([]);
    expect(await deleteSavedFilter(t.db, actors.ohjaaja2!.userId, list[0]!.id)).toBe(false);
    expect(await deleteSavedFilter(t.db, me, list[0]!.id)).toBe(true);
    expect(await listSavedFilters(t.db, me)).toEqual([]);
  });
});

describe('live updates', () => {
  it('tells the pages of the task’s queue and of its assignees, not other units', async () => {
    const heard: Record<string, number> = { ohjaaja: 0, ohjaaja2: 0 };
    const stops = await Promise.all(
      (['ohjaaja', 'ohjaaja2'] as const).map((u) =>
        subscribeToQueueChanges(engine, {
          userId: actors[u]!.userId,
          groups: new Set([u === 'ohjaaja' ? 'unit:AIK-POHJOINEN' : 'unit:AIK-ITA']),
          changed: () => (heard[u]! += 1),
        }),
      ),
    );
    await claimQueueTask(t.db, engine, actors.tiiminvetaja!, task.N3!);
    await eventually(async () => (heard.ohjaaja! > 0 ? true : undefined), 5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard.ohjaaja2).toBe(0);
    for (const stop of stops) stop();

    const change: UserTaskChange = {
      userTaskKey: '1',
      candidateGroups: ['unit:X'],
      assignee: null,
      previousAssignee: 'u1',
      resync: false,
    };
    expect(concerns(change, { userId: 'u1', groups: new Set(), changed() {} })).toBe(true);
    expect(concerns(change, { userId: 'u2', groups: new Set(['unit:Y']), changed() {} })).toBe(
      false,
    );
    expect(
      concerns({ ...change, resync: true }, { userId: 'u2', groups: new Set(), changed() {} }),
    ).toBe(true);
  });
});

describe('deadline status and task types', () => {
  it('counts working days to the decision deadline over Easter', () => {
    // Maundy Thursday 2 April 2026; Good Friday and Easter Monday are not working days.
    expect(deadlineStatus('2026-04-07', '2026-04-02')).toEqual({ kind: 'near', workingDays: 1 });
    expect(deadlineStatus('2026-04-02', '2026-04-07')).toEqual({
      kind: 'overdue',
      workingDays: 1,
    });
    expect(deadlineStatus('2026-04-02', '2026-04-02')).toEqual({ kind: 'near', workingDays: 0 });
    expect(deadlineStatus('2026-04-10', '2026-04-02')).toEqual({ kind: 'plenty', workingDays: 4 });
    expect(deadlineStatus(null, '2026-04-02')).toEqual({ kind: 'none' });
  });

  it('the task-type filter lists exactly the user tasks of the service-path models', () => {
    const found: string[] = [];
    for (const file of readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.bpmn'))) {
      const xml = readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8');
      const processId = /<bpmn:process id="([^"]+)"/.exec(xml)![1];
      for (const m of xml.matchAll(/<bpmn:userTask id="([^"]+)"/g))
        found.push(`${processId}/${m[1]}`);
    }
    expect(USER_TASK_TYPES.map((tt) => `${tt.bpmnProcessId}/${tt.elementId}`).sort()).toEqual(
      found.sort(),
    );
  });
});
