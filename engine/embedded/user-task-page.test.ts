import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserTaskChange, UserTaskPageQuery, UserTaskSummary } from '../port';
import { setupEngine, type Kit } from './testkit';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="queue-defs" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="queue" name="Queue" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:userTask id="work" name="Work">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition candidateGroups="=group" />
        <zeebe:taskSchedule dueDate="=due" />
        <zeebe:priorityDefinition priority="=prio" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let kit: Kit;
const spec: { group: string; due: string | null; prio: number; urgent: boolean }[] = [
  { group: 'a', due: '2030-01-03T10:00:00Z', prio: 50, urgent: false },
  { group: 'a', due: null, prio: 90, urgent: true },
  { group: 'b', due: '2030-01-01T10:00:00Z', prio: 50, urgent: false },
  { group: 'a', due: '2030-01-02T10:00:00Z', prio: 90, urgent: true },
  { group: 'a', due: '2030-01-02T10:00:00Z', prio: 50, urgent: false },
  { group: 'b', due: null, prio: 10, urgent: false },
  { group: 'a', due: '2030-01-05T10:00:00Z', prio: 50, urgent: false },
];

beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([{ name: 'queue.bpmn', content: MODEL }]);
  for (const [i, s] of spec.entries()) {
    await kit.engine.startInstance({
      bpmnProcessId: 'queue',
      businessKey: `case-${i}`,
      variables: { ...s },
    });
  }
});
afterAll(() => kit.close());

const order = (tasks: UserTaskSummary[]) => tasks.map((t) => t.businessKey);

async function walk(query: UserTaskPageQuery) {
  const seen: UserTaskSummary[] = [];
  let page = await kit.engine.searchUserTaskPage(query);
  const pages = [page];
  seen.push(...page.items);
  while (page.next) {
    page = await kit.engine.searchUserTaskPage({ ...query, after: page.next });
    pages.push(page);
    seen.push(...page.items);
  }
  // ... and back again from the last page.
  const back: UserTaskSummary[] = [...page.items];
  while (page.previous) {
    page = await kit.engine.searchUserTaskPage({ ...query, before: page.previous });
    back.unshift(...page.items);
  }
  return { seen, back, pages };
}

describe('a page of user tasks (work queues)', () => {
  it('pages by due date with tasks without a due date last, the same forwards and backwards', async () => {
    const { seen, back, pages } = await walk({ limit: 2 });
    expect(order(seen)).toEqual([
      'case-2',
      'case-3',
      'case-4',
      'case-0',
      'case-6',
      'case-1',
      'case-5',
    ]);
    expect(order(back)).toEqual(order(seen));
    expect(pages.map((p) => p.total)).toEqual([7, 7, 7, 7]);
    expect(pages[0]!.previous).toBeNull();
  });

  it('sorts by priority, highest first, then by due date', async () => {
    const { seen } = await walk({ sort: 'priority', limit: 3, candidateGroups: ['a', 'b'] });
    expect(order(seen)).toEqual([
      'case-3',
      'case-1',
      'case-2',
      'case-4',
      'case-0',
      'case-6',
      'case-5',
    ]);
  });

  it('filters by group, due range, variables and assignment, and counts up to a limit', async () => {
    const a = await kit.engine.searchUserTaskPage({ candidateGroups: ['a'], limit: 10 });
    expect(a.total).toBe(5);
    const dueRange = await kit.engine.searchUserTaskPage({
      due: { from: new Date('2030-01-02T00:00:00Z'), to: new Date('2030-01-03T23:00:00Z') },
    });
    expect(order(dueRange.items)).toEqual(['case-3', 'case-4', 'case-0']);
    const urgent = await kit.engine.searchUserTaskPage({ variables: { urgent: true } });
    expect(order(urgent.items)).toEqual(['case-3', 'case-1']);
    const none = await kit.engine.searchUserTaskPage({ candidateGroups: [] });
    expect(none.items).toEqual([]);

    const [first] = a.items;
    await kit.engine.claimUserTask(first!.userTaskKey, 'u1');
    const claimed = await kit.engine.searchUserTaskPage({ assigned: true });
    expect(order(claimed.items)).toEqual([first!.businessKey]);
    const mine = await kit.engine.searchUserTaskPage({ assignee: 'u1' });
    expect(mine.total).toBe(1);
    const free = await kit.engine.searchUserTaskPage({ assigned: false, countLimit: 3 });
    expect(free).toMatchObject({ total: 3, totalCapped: true });
    await kit.engine.unclaimUserTask(first!.userTaskKey);
  });

  it('refuses a cursor of another sort order or a forged one', async () => {
    const page = await kit.engine.searchUserTaskPage({ limit: 1 });
    await expect(
      kit.engine.searchUserTaskPage({ sort: 'priority', after: page.next! }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(kit.engine.searchUserTaskPage({ after: 'bm90IGpzb24' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('tells watchers when a task appears and when it changes hands', async () => {
    const changes: UserTaskChange[] = [];
    const stop = await kit.engine.watchUserTasks((c) => changes.push(c));
    await kit.engine.startInstance({
      bpmnProcessId: 'queue',
      businessKey: 'case-new',
      variables: { group: 'c', due: null, prio: 50, urgent: false },
    });
    const [task] = await kit.engine.searchUserTasks({ businessKey: 'case-new' });
    await kit.engine.claimUserTask(task!.userTaskKey, 'u2');
    await kit.engine.claimUserTask(task!.userTaskKey, 'u2'); // no change: no notice
    await kit.engine.assignUserTask(task!.userTaskKey, 'u3');
    await kit.engine.completeUserTask(task!.userTaskKey);
    // a second task, closed by cancelling its instance
    const other = await kit.engine.startInstance({
      bpmnProcessId: 'queue',
      businessKey: 'case-cancelled',
      variables: { group: 'd', due: null, prio: 50, urgent: false },
    });
    const [second] = await kit.engine.searchUserTasks({ businessKey: 'case-cancelled' });
    await kit.engine.cancelInstance(other.processInstanceKey);
    const until = Date.now() + 5000;
    while (changes.length < 6 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(changes).toEqual([
      {
        userTaskKey: task!.userTaskKey,
        candidateGroups: ['c'],
        assignee: null,
        previousAssignee: null,
        resync: false,
      },
      expect.objectContaining({ assignee: 'u2', previousAssignee: null }),
      expect.objectContaining({ assignee: 'u3', previousAssignee: 'u2' }),
      // closed: the key and groups, so queues showing it drop it
      expect.objectContaining({ userTaskKey: task!.userTaskKey, assignee: 'u3' }),
      expect.objectContaining({ userTaskKey: second!.userTaskKey, candidateGroups: ['d'] }),
      expect.objectContaining({ userTaskKey: second!.userTaskKey, candidateGroups: ['d'] }),
    ]);
    // and nothing of it sent a NOTIFY from inside a transaction
    const { rows } = await kit.db.pool.query(
      `SELECT 1 FROM pg_trigger WHERE tgname = 'user_tasks_notify'`,
    );
    expect(rows).toEqual([]);
  });
});
