import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { model, setupEngine, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([model('multi.bpmn')]);
});
afterAll(() => kit.close());

describe('multi-instance', () => {
  it('parallel over a collection collects the output elements in order; sequential user tasks', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'multi',
      variables: { documents: ['a.pdf', 'b.pdf', 'c.pdf'], reviewers: ['anna', 'bertil'] },
    });
    const jobs = await engine.activateJobs({
      type: 'score',
      worker: 't',
      maxJobsToActivate: 10,
      timeoutMs: 10_000,
    });
    expect(jobs.map((j) => [j.variables.doc, j.variables.loopCounter])).toEqual([
      ['a.pdf', 1],
      ['b.pdf', 2],
      ['c.pdf', 3],
    ]);
    // complete out of order
    await jobs[2]!.complete({ points: 30 });
    await jobs[0]!.complete({ points: 10 });
    expect(await engine.searchUserTasks({ processInstanceKey: inst.processInstanceKey })).toEqual(
      [],
    );
    await jobs[1]!.complete({ points: 20 });
    expect(await engine.getVariables(inst.processInstanceKey)).toMatchObject({
      scores: [10, 20, 30],
    });

    for (const reviewer of ['anna', 'bertil']) {
      const tasks = await engine.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
      expect(tasks.map((t) => t.assignee)).toEqual([reviewer]);
      await engine.completeUserTask(tasks[0]!.userTaskKey, { [`ok_${reviewer}`]: true });
    }
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
  });

  it('a missing input collection raises an incident', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({ bpmnProcessId: 'multi', variables: {} });
    const [incident] = await engine.listIncidents({ processInstanceKey: inst.processInstanceKey });
    expect(incident?.message).toMatch(/documents/);
    await engine.resolveIncident(incident!.incidentKey, {
      variables: { documents: [], reviewers: [] },
    });
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
  });
});
