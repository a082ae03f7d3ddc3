declare module 'bpmn-auto-layout' {
  /** Returns the model's XML with a generated diagram (BPMN DI). */
  export function layoutProcess(xml: string): Promise<string>;
}
