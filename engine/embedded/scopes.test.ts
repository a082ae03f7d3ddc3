import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { model, setupEngine, takeJob, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([
    model('subprocess.bpmn'),
    model('call-child.bpmn'),
    model('call-parent.bpmn'),
  ]);
});
afterAll(() => kit.close());

describe('embedded sub-process scope', () => {
  it('input-mapped locals stay in the sub-process; output mappings expose them', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'scoped',
      variables: { applicant: 'Olli' },
    });
    const job = await takeJob(engine, 'inner');
    expect(job.variables).toMatchObject({ applicant: 'Olli', attempts: 0, label: 'Olli (sub)' });
    // attempts exists in the sub-process scope: the job's result updates it there
    await job.complete({ attempts: 3, note: 'ok' });
    const vars = await engine.getVariables(inst.processInstanceKey);
    expect(vars).toMatchObject({ subAttempts: 3, note: 'ok' });
    expect(vars).not.toHaveProperty('attempts');
    expect(vars).not.toHaveProperty('label');
    const hist = await engine.getHistory(inst.processInstanceKey);
    expect(hist.map((h) => h.elementId)).toContain('end');
  });

  it('an error end event inside is caught on the sub-process boundary', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'scoped',
      variables: { applicant: 'Pia' },
    });
    await (await takeJob(engine, 'inner')).complete({});
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
    const hist = await engine.getHistory(inst.processInstanceKey);
    expect(hist.map((h) => h.elementId)).toContain('endCaught');
    expect(hist.find((h) => h.elementId === 'sub')?.state).toBe('TERMINATED');
  });

  it("a worker's BPMN error is caught on the enclosing sub-process", async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'scoped',
      variables: { applicant: 'Rasmus' },
    });
    await (await takeJob(engine, 'inner')).error('WORKER_FAILED', 'nope');
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
    const hist = await engine.getHistory(inst.processInstanceKey);
    expect(hist.map((h) => h.elementId)).toContain('endWorkerError');
  });
});

describe('call activity', () => {
  it('starts the child with mapped variables and maps its result back', async () => {
    const { engine } = kit;
    const parent = await engine.startInstance({
      bpmnProcessId: 'parent',
      businessKey: 'case-9',
      variables: { amount: 21 },
    });
    const [child] = await engine.listInstances({ bpmnProcessId: 'child' });
    expect(child).toMatchObject({ businessKey: 'case-9', state: 'ACTIVE' });
    const job = await takeJob(engine, 'child-work');
    expect(job.variables).toMatchObject({ amount: 21, doubled: 42 });
    await job.complete({ childResult: 'granted', childOnly: true });
    expect((await engine.getInstance(child!.processInstanceKey)).state).toBe('COMPLETED');
    expect((await engine.getInstance(parent.processInstanceKey)).state).toBe('COMPLETED');
    const vars = await engine.getVariables(parent.processInstanceKey);
    expect(vars).toMatchObject({ fromChild: 'granted' });
    expect(vars).not.toHaveProperty('childOnly');
  });

  it('cancelling the parent cancels the child', async () => {
    const { engine } = kit;
    const parent = await engine.startInstance({
      bpmnProcessId: 'parent',
      variables: { amount: 1 },
    });
    const children = await engine.listInstances({ bpmnProcessId: 'child', state: 'ACTIVE' });
    expect(children).toHaveLength(1);
    await engine.cancelInstance(parent.processInstanceKey);
    expect((await engine.getInstance(children[0]!.processInstanceKey)).state).toBe('CANCELED');
  });
});
