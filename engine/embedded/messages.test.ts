import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { model, setupEngine, takeJob, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([
    model('messages.bpmn'),
    model('message-start.bpmn'),
    model('message-boundary.bpmn'),
  ]);
});
afterAll(() => kit.close());

describe('messages', () => {
  it('correlates to a receive task and an intermediate catch event by correlation key', async () => {
    const { engine } = kit;
    const a = await engine.startInstance({ bpmnProcessId: 'messages', variables: { caseId: 'A' } });
    const b = await engine.startInstance({ bpmnProcessId: 'messages', variables: { caseId: 'B' } });
    await engine.publishMessage({
      name: 'documents-received',
      correlationKey: 'B',
      variables: { documents: 3 },
    });
    expect(await engine.getVariables(b.processInstanceKey)).toMatchObject({ documents: 3 });
    expect(await engine.getVariables(a.processInstanceKey)).not.toHaveProperty('documents');
    await engine.publishMessage({ name: 'decision-signed', correlationKey: 'B' });
    expect((await engine.getInstance(b.processInstanceKey)).state).toBe('COMPLETED');
    expect((await engine.getInstance(a.processInstanceKey)).state).toBe('ACTIVE');
  });

  it('buffers a message with a TTL for a subscription that opens later', async () => {
    const { engine } = kit;
    await engine.publishMessage({
      name: 'documents-received',
      correlationKey: 'C',
      timeToLiveMs: 60_000,
    });
    await engine.publishMessage({
      name: 'decision-signed',
      correlationKey: 'C',
      timeToLiveMs: 60_000,
      variables: { signedBy: 'viranhaltija' },
    });
    const c = await engine.startInstance({ bpmnProcessId: 'messages', variables: { caseId: 'C' } });
    expect((await engine.getInstance(c.processInstanceKey)).state).toBe('COMPLETED');
    expect(await engine.getVariables(c.processInstanceKey)).toMatchObject({
      signedBy: 'viranhaltija',
    });
  });

  it('a message published while its subscription is being opened is never left behind', async () => {
    const { engine } = kit;
    // Each pair commits at about the same moment: neither transaction sees the other's row,
    // so it is the second look after commit that correlates them.
    const keys = Array.from({ length: 40 }, (_, i) => `race-${i}`);
    const started = await Promise.all(
      keys.map(async (caseId) => {
        const [instance] = await Promise.all([
          engine.startInstance({ bpmnProcessId: 'messages', variables: { caseId } }),
          engine.publishMessage({
            name: 'documents-received',
            correlationKey: caseId,
            timeToLiveMs: 60_000,
            variables: { documents: 1 },
          }),
        ]);
        return instance;
      }),
    );
    for (const instance of started) {
      const history = await engine.getHistory(instance.processInstanceKey);
      expect(history.find((h) => h.elementId === 'waitDocs')?.state).toBe('COMPLETED');
    }
  });

  it('does not correlate a buffered message after its TTL ran out', async () => {
    const { engine, clock } = kit;
    await engine.publishMessage({
      name: 'documents-received',
      correlationKey: 'D',
      timeToLiveMs: 1_000,
    });
    clock.advance(2_000);
    const d = await engine.startInstance({ bpmnProcessId: 'messages', variables: { caseId: 'D' } });
    const hist = await engine.getHistory(d.processInstanceKey);
    expect(hist.find((h) => h.elementId === 'waitDocs')?.state).toBe('ACTIVE');
  });

  it('ignores a repeated message id', async () => {
    const { engine } = kit;
    const first = await engine.publishMessage({
      name: 'documents-received',
      correlationKey: 'E',
      messageId: 'm-1',
      timeToLiveMs: 60_000,
    });
    const second = await engine.publishMessage({
      name: 'documents-received',
      correlationKey: 'E',
      messageId: 'm-1',
      timeToLiveMs: 60_000,
    });
    expect(first.accepted).toBe(true);
    expect(second.accepted).toBe(false);
  });

  it('starts an instance from a message start event', async () => {
    const { engine } = kit;
    await engine.publishMessage({
      name: 'application-submitted',
      correlationKey: 'case-77',
      variables: { applicant: 'Sanna' },
    });
    const [inst] = await engine.listInstances({ bpmnProcessId: 'messageStart' });
    expect(inst).toMatchObject({ businessKey: 'case-77', state: 'ACTIVE' });
    const job = await takeJob(engine, 'intake');
    expect(job.variables).toMatchObject({ applicant: 'Sanna' });
    await job.complete();
    expect((await engine.getInstance(inst!.processInstanceKey)).state).toBe('COMPLETED');
  });

  it('an interrupting message boundary event cancels the user task', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'withdrawable',
      variables: { caseId: 'W1' },
    });
    const [task] = await engine.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
    await engine.publishMessage({
      name: 'application-withdrawn',
      correlationKey: 'W1',
      variables: { reason: 'moved away' },
    });
    expect((await engine.getUserTask(task!.userTaskKey)).state).toBe('CANCELED');
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
    expect(await engine.getVariables(inst.processInstanceKey)).toMatchObject({
      reason: 'moved away',
    });
    const hist = await engine.getHistory(inst.processInstanceKey);
    expect(hist.map((h) => h.elementId)).toContain('endWithdrawn');
  });
});
