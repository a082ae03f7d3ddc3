'use client';

import { useEffect, useRef, useState } from 'react';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';

/**
 * A read-only diagram of one process instance: elements passed are marked done, the ones the
 * case waits in are marked active. The same facts are in the timeline as text.
 */
export function ProcessDiagram({
  xml,
  done,
  active,
  label,
  failedText,
}: {
  xml: string;
  done: string[];
  active: string[];
  label: string;
  failedText: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let destroyed = false;
    let viewer: { destroy(): void } | null = null;
    void (async () => {
      try {
        const { default: Viewer } = await import('bpmn-js/lib/NavigatedViewer');
        if (destroyed || !host.current) return;
        const v = new Viewer({ container: host.current });
        viewer = v;
        await v.importXML(xml);
        const canvas = v.get('canvas') as {
          zoom(mode: string): void;
          addMarker(id: string, cls: string): void;
        };
        const registry = v.get('elementRegistry') as { get(id: string): unknown };
        for (const id of done) if (registry.get(id)) canvas.addMarker(id, 'path-done');
        for (const id of active) if (registry.get(id)) canvas.addMarker(id, 'path-active');
        canvas.zoom('fit-viewport');
        if (!destroyed) setState('ready');
      } catch {
        if (!destroyed) setState('failed');
      }
    })();
    return () => {
      destroyed = true;
      viewer?.destroy();
    };
  }, [xml, done, active]);

  return (
    <figure className="diagram" data-state={state} data-testid="process-diagram">
      <figcaption className="muted">{label}</figcaption>
      <div ref={host} className="diagram-canvas" />
      {state === 'failed' && <p className="alert">{failedText}</p>}
    </figure>
  );
}
