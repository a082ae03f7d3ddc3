// bpmn-moddle 10 ships no type declarations for its main entry.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, object>);
    fromXML(xml: string): Promise<unknown>;
  }
}
