// Starts a process for a business key unless one is already there: a repeated job or sweep
// after a crash must never start a second instance.
import type { Engine, Variables } from '@/engine';

export async function startOnce(
  engine: Engine,
  bpmnProcessId: string,
  businessKey: string,
  variables: Variables,
): Promise<{ processInstanceKey: string; started: boolean }> {
  const [existing] = await engine.listInstances({ bpmnProcessId, businessKey, limit: 1 });
  if (existing) return { processInstanceKey: existing.processInstanceKey, started: false };
  const created = await engine.startInstance({ bpmnProcessId, businessKey, variables });
  return { processInstanceKey: created.processInstanceKey, started: true };
}
