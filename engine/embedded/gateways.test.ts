import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeJob, model, setupEngine, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([model('gateways.bpmn')]);
});
afterAll(() => kit.close());

async function toEventGateway(vars: Record<string, unknown>) {
  const { engine } = kit;
  const inst = await engine.startInstance({ bpmnProcessId: 'gateways', variables: vars });
  await completeJob(engine, 'a', { fromA: 1 });
  await completeJob(engine, 'b', { fromB: 2 });
  return inst.processInstanceKey;
}

describe('script task and gateways', () => {
  it('runs a FEEL script task and joins a parallel gateway', async () => {
    const { engine } = kit;
    const key = await toEventGateway({ income: 1200, expenses: 700, flag: false, caseId: 'g1' });
    const vars = await engine.getVariables(key);
    expect(vars).toMatchObject({ balance: 500, fromA: 1, fromB: 2 });
    expect((await engine.getInstance(key)).state).toBe('COMPLETED');
    const hist = await engine.getHistory(key);
    expect(hist.filter((h) => h.elementId === 'join')).toHaveLength(1);
    expect(hist.map((h) => h.elementId)).not.toContain('race');
  });

  it('event-based gateway: the message wins and the timer is cancelled', async () => {
    const { engine } = kit;
    const key = await toEventGateway({ income: 1, expenses: 0, flag: true, caseId: 'g2' });
    await engine.publishMessage({ name: 'ping', correlationKey: 'g2' });
    expect((await engine.getInstance(key)).state).toBe('COMPLETED');
    const timers = await kit.db.pool.query(
      `SELECT state FROM engine.timers WHERE instance_key = $1`,
      [key],
    );
    expect(timers.rows.map((r: { state: string }) => r.state)).toEqual(['canceled']);
  });

  it('event-based gateway: the timer wins and a terminate end event ends the instance', async () => {
    const { engine, clock } = kit;
    const key = await toEventGateway({ income: 1, expenses: 0, flag: true, caseId: 'g3' });
    clock.advance(3600_000 + 1000);
    expect(await engine.runDueTimers()).toBe(1);
    expect((await engine.getInstance(key)).state).toBe('COMPLETED');
    const hist = await engine.getHistory(key);
    expect(hist.map((h) => h.elementId)).toContain('kill');
    const subs = await kit.db.pool.query(
      `SELECT state FROM engine.message_subscriptions WHERE instance_key = $1`,
      [key],
    );
    expect(subs.rows.map((r: { state: string }) => r.state)).toEqual(['closed']);
  });

  it('a missing variable in a condition raises an incident; resolving with the variable continues', async () => {
    const { engine } = kit;
    const key = await toEventGateway({ income: 1, expenses: 0, caseId: 'g4' });
    const [incident] = await engine.listIncidents({ processInstanceKey: key, state: 'ACTIVE' });
    expect(incident?.type).toBe('EXTRACT_VALUE_ERROR');
    expect(incident?.message).toMatch(/flag/);
    // the last good snapshot is kept: b is done, the instance waits
    expect((await engine.getInstance(key)).state).toBe('ACTIVE');
    await engine.resolveIncident(incident!.incidentKey, { variables: { flag: false } });
    expect((await engine.getInstance(key)).state).toBe('COMPLETED');
    expect(await engine.getVariables(key)).toMatchObject({ fromB: 2, flag: false });
  });

  it('a script error raises an incident on the script task', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'gateways',
      variables: { income: 'lots', expenses: 1 },
    });
    const [incident] = await engine.listIncidents({
      processInstanceKey: inst.processInstanceKey,
    });
    expect(incident).toMatchObject({ elementId: 'calc', type: 'EXTRACT_VALUE_ERROR' });
    await engine.resolveIncident(incident!.incidentKey, {
      variables: { income: 10, flag: false, caseId: 'g5' },
    });
    expect(await engine.getVariables(inst.processInstanceKey)).toMatchObject({ balance: 9 });
  });

  it('cancels an instance and its open jobs', async () => {
    const { engine } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'gateways',
      variables: { income: 1, expenses: 0, flag: false },
    });
    await engine.setVariables(inst.processInstanceKey, { note: 'withdrawn' });
    await engine.cancelInstance(inst.processInstanceKey);
    expect(await engine.getInstance(inst.processInstanceKey)).toMatchObject({ state: 'CANCELED' });
    const jobs = await kit.db.pool.query(`SELECT state FROM engine.jobs WHERE instance_key = $1`, [
      inst.processInstanceKey,
    ]);
    expect(jobs.rows.map((r: { state: string }) => r.state)).toEqual(['canceled', 'canceled']);
    expect(await engine.getVariables(inst.processInstanceKey)).toMatchObject({ note: 'withdrawn' });
  });
});
