// Deploys the service-path models and forms in workflows/ (new versions only when changed).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeployResult, Engine } from '@/engine';

export const WORKFLOWS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'workflows',
);

export function workflowResources(dir = WORKFLOWS_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bpmn') || f.endsWith('.form'))
    .sort()
    .map((name) => ({ name, content: readFileSync(path.join(dir, name), 'utf8') }));
}

export function deployWorkflows(engine: Engine, dir = WORKFLOWS_DIR): Promise<DeployResult> {
  return engine.deploy(workflowResources(dir));
}
