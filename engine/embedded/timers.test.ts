import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { model, setupEngine, takeJob, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([model('timers.bpmn')]);
});
afterAll(() => kit.close());

const DAY = 24 * 3600_000;

describe('timers', () => {
  it('fires an intermediate timer from a FEEL duration when the clock passes it', async () => {
    const { engine, clock } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'timers',
      variables: { waitFor: 'PT2H' },
    });
    expect(await engine.runDueTimers()).toBe(0);
    clock.advance(2 * 3600_000 + 1000);
    expect(await engine.runDueTimers()).toBe(1);
    const [task] = await engine.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
    expect(task?.elementId).toBe('answer');
    await engine.completeUserTask(task!.userTaskKey);
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
  });

  it('a non-interrupting 7-day and an interrupting 40-day boundary timer fire on the injected clock', async () => {
    const { engine, clock } = kit;
    const inst = await engine.startInstance({
      bpmnProcessId: 'timers',
      variables: { waitFor: 'PT1M' },
    });
    clock.advance(61_000);
    await engine.runDueTimers();
    const [task] = await engine.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
    expect(task).toBeDefined();
    clock.advance(8 * DAY);
    await engine.runDueTimers();
    // the reminder ran, the task is still open
    const reminder = await takeJob(engine, 'remind');
    await reminder.complete();
    expect((await engine.getUserTask(task!.userTaskKey)).state).toBe('CREATED');
    clock.advance(33 * DAY);
    await engine.runDueTimers();
    expect((await engine.getUserTask(task!.userTaskKey)).state).toBe('CANCELED');
    expect((await engine.getInstance(inst.processInstanceKey)).state).toBe('COMPLETED');
    const hist = await engine.getHistory(inst.processInstanceKey);
    expect(hist.map((h) => h.elementId)).toContain('expired');
    expect(hist.find((h) => h.elementId === 'answer')?.state).toBe('TERMINATED');
  });

  it('a timeDate timer fires at its date', async () => {
    const { engine, clock } = kit;
    const at = new Date(clock.now().getTime() + 3 * DAY);
    const changed = model('timers.bpmn');
    changed.content = changed.content.replace(
      '<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=waitFor</bpmn:timeDuration>',
      '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">=waitUntil</bpmn:timeDate>',
    );
    const v = await engine.deploy([changed]);
    const inst = await engine.startInstance({
      bpmnProcessId: 'timers',
      version: v.processes[0]!.version,
      variables: { waitUntil: at.toISOString() },
    });
    clock.advance(3 * DAY - 60_000);
    expect(await engine.runDueTimers()).toBe(0);
    clock.advance(120_000);
    expect(await engine.runDueTimers()).toBe(1);
    const tasks = await engine.searchUserTasks({ processInstanceKey: inst.processInstanceKey });
    expect(tasks.map((t) => t.elementId)).toEqual(['answer']);
  });
});

describe('timer start events', () => {
  let kit: Kit;
  beforeAll(async () => {
    kit = await setupEngine();
    await kit.engine.deploy([model('timer-start.bpmn')]);
  });
  afterAll(() => kit.close());

  it('a timer start event with a cycle starts an instance per repetition', async () => {
    const { engine, clock } = kit;
    const count = async () => (await engine.listInstances({ bpmnProcessId: 'nightly' })).length;
    expect(await count()).toBe(0);
    clock.advance(3600_000 + 1000);
    expect(await engine.runDueTimers()).toBe(1);
    expect(await count()).toBe(1);
    const job = await takeJob(engine, 'sweep');
    await job.complete();
    clock.advance(3600_000 + 1000);
    await engine.runDueTimers();
    expect(await count()).toBe(2);
    clock.advance(10 * 3600_000);
    await engine.runDueTimers();
    expect(await count()).toBe(2); // R2: two repetitions only
  });

  it('a new version cancels the start timers of the previous one', async () => {
    const { engine, clock } = kit;
    const changed = model('timer-start.bpmn');
    changed.content = changed.content
      .replace('R2/PT1H', 'R1/PT5H')
      .replace('type="sweep"', 'type="sweep2"');
    await engine.deploy([changed]);
    const before = (await engine.listInstances({ bpmnProcessId: 'nightly' })).length;
    clock.advance(5 * 3600_000 + 1000);
    await engine.runDueTimers();
    const after = await engine.listInstances({ bpmnProcessId: 'nightly' });
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1]?.version).toBe(2);
  });
});
