import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeployRejectedError } from '../port';
import { model, setupEngine, takeJob, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
});
afterAll(() => kit.close());

describe('deploy', () => {
  it('rejects unsupported elements with their ids and deploys nothing', async () => {
    const err = await kit.engine
      .deploy([model('errors.bpmn'), model('unsupported.bpmn')])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployRejectedError);
    const problems = (err as DeployRejectedError).problems;
    expect(problems.map((p) => p.elementId).sort()).toEqual(['incl', 'throwSig']);
    expect(problems.every((p) => p.resourceName === 'unsupported.bpmn')).toBe(true);
    await expect(kit.engine.startInstance({ bpmnProcessId: 'errors' })).rejects.toThrow(
      /not deployed/,
    );
  });

  it("rejects a model that fails Camunda's lint rules", async () => {
    const bad = model('errors.bpmn');
    bad.content = bad.content.replace('<zeebe:taskDefinition type="check" retries="3" />', '');
    const err = (await kit.engine.deploy([bad]).catch((e: unknown) => e)) as DeployRejectedError;
    expect(err).toBeInstanceOf(DeployRejectedError);
    expect(err.problems).toContainEqual(
      expect.objectContaining({ elementId: 'check', rule: 'camunda-compat/implementation' }),
    );
  });

  it('versions by content hash; running instances stay on their version', async () => {
    const { engine } = kit;
    const first = await engine.deploy([model('errors.bpmn')]);
    expect(first.processes[0]).toMatchObject({ bpmnProcessId: 'errors', version: 1, isNew: true });
    const again = await engine.deploy([model('errors.bpmn')]);
    expect(again.processes[0]).toMatchObject({ version: 1, isNew: false });
    const old = await engine.startInstance({ bpmnProcessId: 'errors' });

    const changed = model('errors.bpmn');
    changed.content = changed.content.replace('type="check"', 'type="check-v2"');
    const second = await engine.deploy([changed]);
    expect(second.processes[0]).toMatchObject({ version: 2, isNew: true });

    const latest = await engine.startInstance({ bpmnProcessId: 'errors' });
    const pinned = await engine.startInstance({ bpmnProcessId: 'errors', version: 1 });
    expect(latest.version).toBe(2);
    expect(pinned.version).toBe(1);
    const v1Jobs = await engine.activateJobs({
      type: 'check',
      worker: 't',
      maxJobsToActivate: 10,
      timeoutMs: 10_000,
    });
    expect(v1Jobs.map((j) => j.processInstanceKey).sort()).toEqual(
      [old.processInstanceKey, pinned.processInstanceKey].sort(),
    );
    const v2 = await takeJob(engine, 'check-v2');
    expect(v2.processInstanceKey).toBe(latest.processInstanceKey);
  });

  it('deploys forms alongside and validates task completion against them', async () => {
    const { engine } = kit;
    const res = await engine.deploy([model('with-form.bpmn'), model('decision.form')]);
    expect(res.forms[0]).toMatchObject({ formId: 'decision-form', version: 1, isNew: true });
    const inst = await engine.startInstance({
      bpmnProcessId: 'withForm',
      variables: { owner: 'anna' },
    });
    const [task] = await engine.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
    expect(task).toMatchObject({
      formId: 'decision-form',
      assignee: 'anna',
      candidateUsers: ['anna', 'bertil'],
    });
    expect(task!.followUpDate?.toISOString()).toBe('2030-02-01T08:00:00.000Z');
    expect((task!.form as { id: string }).id).toBe('decision-form');
    const byFollowUp = await engine.searchUserTasks({
      followUp: { from: new Date('2030-01-31'), to: new Date('2030-02-02') },
      candidateUser: 'bertil',
    });
    expect(byFollowUp.map((t) => t.userTaskKey)).toEqual([task!.userTaskKey]);
    await expect(engine.completeUserTask(task!.userTaskKey, { amount: -5 })).rejects.toThrow(
      /granted is required.*amount must be at least 0/,
    );
    await engine.completeUserTask(task!.userTaskKey, { granted: true, amount: 300 });
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
  });
});
