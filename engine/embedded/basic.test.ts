import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeJob, model, setupEngine, takeJob, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([model('basic.bpmn')]);
});
afterAll(() => kit.close());

describe('service task, exclusive gateway and user task', () => {
  it('runs a job with headers and input mapping, then takes the default flow', async () => {
    const { engine } = kit;
    const started = await engine.startInstance({
      bpmnProcessId: 'basic',
      businessKey: 'case-1',
      variables: { applicant: 'Aino', due: '2030-01-01T10:00:00Z' },
    });
    const job = await takeJob(engine, 'fetch-data');
    expect(job.customHeaders).toEqual({ source: 'registry' });
    expect(job.variables).toMatchObject({ applicant: 'Aino', who: 'Aino' });
    expect(job.retries).toBe(2);
    await job.complete({ result: { amount: 100 } });
    const inst = await engine.getInstance(started.processInstanceKey);
    expect(inst.state).toBe('COMPLETED');
    expect(await engine.getVariables(started.processInstanceKey)).toMatchObject({ amount: 100 });
    const hist = await engine.getHistory(started.processInstanceKey);
    expect(hist.map((h) => h.elementId)).toEqual(['start', 'fetch', 'gw', 'endSmall']);
    expect(hist.every((h) => h.state === 'COMPLETED')).toBe(true);
  });

  it('takes the conditional flow to a user task with schedule and priority', async () => {
    const { engine } = kit;
    const started = await engine.startInstance({
      bpmnProcessId: 'basic',
      businessKey: 'case-2',
      variables: { applicant: 'Eino', due: '2030-01-01T10:00:00Z' },
    });
    await completeJob(engine, 'fetch-data', { result: { amount: 900 } });
    const tasks = await engine.searchUserTasks({
      candidateGroups: ['caseworkers'],
      businessKey: 'case-2',
    });
    expect(tasks).toHaveLength(1);
    const task = tasks[0]!;
    expect(task.elementId).toBe('review');
    expect(task.priority).toBe(80);
    expect(task.dueDate?.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    await engine.claimUserTask(task.userTaskKey, 'liisa');
    await expect(engine.claimUserTask(task.userTaskKey, 'matti')).rejects.toThrow(/assigned/);
    expect((await engine.searchUserTasks({ assignee: 'liisa' })).map((t) => t.userTaskKey)).toEqual(
      [task.userTaskKey],
    );
    await engine.completeUserTask(task.userTaskKey, { approved: true });
    expect((await engine.getInstance(started.processInstanceKey)).state).toBe('COMPLETED');
    expect(await engine.getVariables(started.processInstanceKey)).toMatchObject({ approved: true });
    expect((await engine.getUserTask(task.userTaskKey)).state).toBe('COMPLETED');
  });

  it('unclaims, assigns and finds tasks by process variables', async () => {
    const { engine } = kit;
    const started = await engine.startInstance({
      bpmnProcessId: 'basic',
      businessKey: 'case-3',
      variables: { applicant: 'Kaisa', due: '2030-03-01T10:00:00Z', municipality: 'Hämeenlinna' },
    });
    await completeJob(engine, 'fetch-data', { result: { amount: 700 } });
    const [task] = await engine.searchUserTasks({ variables: { municipality: 'Hämeenlinna' } });
    expect(task?.processInstanceKey).toBe(started.processInstanceKey);
    expect(await engine.searchUserTasks({ variables: { municipality: 'Espoo' } })).toEqual([]);
    expect(
      await engine.searchUserTasks({
        due: { from: new Date('2030-02-28'), to: new Date('2030-03-02') },
        businessKey: 'case-3',
      }),
    ).toHaveLength(1);
    await engine.claimUserTask(task!.userTaskKey, 'liisa');
    await engine.unclaimUserTask(task!.userTaskKey);
    expect((await engine.getUserTask(task!.userTaskKey)).assignee).toBeNull();
    await engine.assignUserTask(task!.userTaskKey, 'matti');
    expect((await engine.getUserTask(task!.userTaskKey)).assignee).toBe('matti');
    await engine.completeUserTask(task!.userTaskKey);
    await expect(engine.completeUserTask(task!.userTaskKey)).rejects.toThrow(/not open/);
  });
});
