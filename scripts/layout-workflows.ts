// Adds diagram layout (BPMN DI) to models in workflows/ that have none, so that the modeler can
// show them. Models that already have a diagram are left as they are (managers' layouts win).
// Usage: npx tsx scripts/layout-workflows.ts [files…]   (default: workflows/*.bpmn)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layoutProcess } from 'bpmn-auto-layout';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'workflows');

/** bpmn-auto-layout follows incoming/outgoing; derive them from the sequence flows. */
function addFlowReferences(xml: string): string {
  const flows = [
    ...xml.matchAll(
      /<bpmn:sequenceFlow id="([^"]+)"[^>]*?sourceRef="([^"]+)" targetRef="([^"]+)"/g,
    ),
  ];
  let out = xml;
  const nodeIds = new Set(flows.flatMap((f) => [f[2]!, f[3]!]));
  for (const id of nodeIds) {
    const incoming = flows
      .filter((f) => f[3] === id)
      .map((f) => `<bpmn:incoming>${f[1]}</bpmn:incoming>`);
    const outgoing = flows
      .filter((f) => f[2] === id)
      .map((f) => `<bpmn:outgoing>${f[1]}</bpmn:outgoing>`);
    const refs = [...incoming, ...outgoing].join('');
    const selfClosing = new RegExp(`(<bpmn:(\\w+) id="${id}"[^>]*?)\\s*/>`);
    const open = new RegExp(`(<bpmn:(\\w+) id="${id}"[^>]*?>)`);
    if (selfClosing.test(out))
      out = out.replace(
        selfClosing,
        (_m, head: string, tag: string) => `${head}>${refs}</bpmn:${tag}>`,
      );
    else if (
      !new RegExp(`<bpmn:(incoming|outgoing)>`).test(
        out.slice(out.search(open), out.search(open) + 2000).split(/<\/bpmn:/)[0] ?? '',
      )
    )
      out = out.replace(open, (_m, head: string) => `${head}${refs}`);
  }
  return out;
}

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(dir)
      .filter((f) => f.endsWith('.bpmn'))
      .map((f) => path.join(dir, f));

for (const file of files) {
  const xml = readFileSync(file, 'utf8');
  if (xml.includes('<bpmndi:BPMNDiagram')) {
    console.log(`${path.relative(root, file)}: has a diagram, left as is`);
    continue;
  }
  const laidOut = await layoutProcess(addFlowReferences(xml));
  writeFileSync(file, laidOut);
  console.log(`${path.relative(root, file)}: laid out`);
}
