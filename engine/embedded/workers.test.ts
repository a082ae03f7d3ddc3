import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJobHandler } from '../port';
import { runWorkers } from '../workers';
import { model, setupEngine, type Kit } from './testkit';

let kit: Kit;
beforeAll(async () => {
  kit = await setupEngine();
  await kit.engine.deploy([model('basic.bpmn')]);
});
afterAll(() => kit.close());

async function until(cond: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

describe('runWorkers', () => {
  it('runs handlers with zod-validated input and output, woken by NOTIFY', async () => {
    const { engine } = kit;
    const seen: string[] = [];
    const handler = defineJobHandler({
      type: 'fetch-data',
      input: z.object({ who: z.string() }),
      output: z.object({ result: z.object({ amount: z.number() }) }),
      async handler(job) {
        seen.push(job.variables.who);
        if (job.variables.who === 'bad-output') {
          return job.complete({ result: { amount: 'many' } } as unknown as {
            result: { amount: number };
          });
        }
        return job.complete({ result: { amount: 10 } });
      },
    });
    const runner = runWorkers({ engine, handlers: [handler], concurrency: 2, pollMs: 5_000 });
    try {
      await new Promise((r) => setTimeout(r, 200)); // the worker is now long-polling
      const t0 = Date.now();
      const ok = await engine.startInstance({
        bpmnProcessId: 'basic',
        variables: { applicant: 'Aada', due: '2030-01-01T00:00:00Z' },
      });
      await until(
        async () => (await engine.getInstance(ok.processInstanceKey)).state === 'COMPLETED',
      );
      expect(Date.now() - t0).toBeLessThan(2_000); // not waiting for the 5 s poll
      const badIn = await engine.startInstance({
        bpmnProcessId: 'basic',
        variables: { applicant: 42, due: '2030-01-01T00:00:00Z' },
      });
      const badOut = await engine.startInstance({
        bpmnProcessId: 'basic',
        variables: { applicant: 'bad-output', due: '2030-01-01T00:00:00Z' },
      });
      await until(async () => (await engine.listIncidents({ state: 'ACTIVE' })).length === 2);
      const incidents = await engine.listIncidents({ state: 'ACTIVE' });
      const byInstance = new Map(incidents.map((i) => [i.processInstanceKey, i.message]));
      expect(byInstance.get(badIn.processInstanceKey)).toMatch(/invalid input/);
      expect(byInstance.get(badOut.processInstanceKey)).toMatch(/invalid output/);
      expect(seen).toEqual(['Aada', 'bad-output']);
    } finally {
      await runner.stop();
    }
  });
});
