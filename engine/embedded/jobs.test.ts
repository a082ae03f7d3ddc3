import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { model, setupEngine, takeJob, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([model('errors.bpmn'), model('basic.bpmn')]);
});
afterAll(() => kit.close());

const activate = (type: string, timeoutMs = 10_000) =>
  kit.engine.activateJobs({ type, worker: 't', maxJobsToActivate: 5, timeoutMs });

describe('jobs', () => {
  it('retries with back-off, then raises an incident; resolving it reactivates the job', async () => {
    const { engine, clock } = kit;
    const inst = await engine.startInstance({ bpmnProcessId: 'errors' });
    const job = await takeJob(engine, 'check');
    expect(job.retries).toBe(3);
    await job.fail({ errorMessage: 'registry down', retryBackOff: 60_000 });
    expect(await activate('check')).toHaveLength(0); // backing off
    clock.advance(61_000);
    const again = await takeJob(engine, 'check');
    expect(again.key).toBe(job.key);
    expect(again.retries).toBe(2);
    await again.fail({ errorMessage: 'still down', retries: 0 });
    const [incident] = await engine.listIncidents({ processInstanceKey: inst.processInstanceKey });
    expect(incident).toMatchObject({ type: 'JOB_NO_RETRIES', jobKey: job.key, state: 'ACTIVE' });
    expect((await engine.getInstance(inst.processInstanceKey)).hasIncident).toBe(true);
    expect(await activate('check')).toHaveLength(0);

    await engine.resolveIncident(incident!.incidentKey, { retries: 2 });
    const third = await takeJob(engine, 'check');
    expect(third.retries).toBe(2);
    await third.complete();
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
  });

  it('a BPMN error from a worker is caught by the error boundary event', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({ bpmnProcessId: 'errors' });
    const job = await takeJob(engine, 'check');
    await job.error('NOT_ELIGIBLE', 'income too high');
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
    const hist = await engine.getHistory(inst.processInstanceKey);
    expect(hist.find((h) => h.elementId === 'check')?.state).toBe('TERMINATED');
    expect(hist.map((h) => h.elementId)).toContain('rejected');
    expect(hist.map((h) => h.elementId)).not.toContain('ok');
  });

  it('an uncaught BPMN error code raises an incident', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({ bpmnProcessId: 'errors' });
    const job = await takeJob(engine, 'check');
    await job.error('SOMETHING_ELSE');
    const incidents = await engine.listIncidents({ processInstanceKey: inst.processInstanceKey });
    expect(incidents.map((i) => i.type)).toEqual(['UNHANDLED_ERROR_EVENT']);
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('ACTIVE');
  });

  it('an expired lease makes the job activatable again; the stale worker cannot act twice', async () => {
    const { engine, clock } = kit;
    await engine.startInstance({ bpmnProcessId: 'errors' });
    const first = await takeJob(engine, 'check');
    expect(await activate('check')).toHaveLength(0);
    clock.advance(11 * 60_000);
    const [second] = await activate('check');
    expect(second?.key).toBe(first.key);
    await second!.complete();
    await expect(first.complete()).rejects.toThrow(/completed/);
  });

  it('fetches only the selected variables', async () => {
    const { engine } = kit;
    await engine.startInstance({
      bpmnProcessId: 'basic',
      variables: { applicant: 'Ville', secret: 'x', due: '2030-01-01T00:00:00Z' },
    });
    const [job] = await engine.activateJobs({
      type: 'fetch-data',
      worker: 't',
      maxJobsToActivate: 1,
      timeoutMs: 1000,
      fetchVariables: ['who'],
    });
    expect(job?.variables).toEqual({ who: 'Ville' });
  });
});
