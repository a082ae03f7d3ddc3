import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/db';
import { createEngine } from './index';
import { model } from './embedded/testkit';

describe('createEngine', () => {
  it('refuses ENGINE=zeebe with a clear message', () => {
    expect(() => createEngine({ kind: 'zeebe' })).toThrow(/Zeebe.*not implemented yet/);
  });

  it('refuses an unknown engine kind', () => {
    expect(() => createEngine({ kind: 'camunda7' as 'zeebe' })).toThrow(/unknown ENGINE/);
  });

  it('builds the embedded engine from a connection string and migrates on first use', async () => {
    const db = await createTestDatabase();
    const engine = createEngine({ kind: 'embedded', connectionString: db.url });
    try {
      await engine.deploy([model('errors.bpmn')]);
      const inst = await engine.startInstance({ bpmnProcessId: 'errors', businessKey: 'c-1' });
      expect((await engine.getInstance(inst.processInstanceKey)).businessKey).toBe('c-1');
    } finally {
      await engine.close();
      await db.close();
    }
  });
});
