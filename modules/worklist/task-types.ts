// The user tasks of the service paths in workflows/ (a test keeps this list in step with the
// models): the work-queue filter offers them, with names in three languages in the catalogues.
export interface UserTaskType {
  bpmnProcessId: string;
  elementId: string;
}

export const USER_TASK_TYPES: readonly UserTaskType[] = [
  { bpmnProcessId: 'application', elementId: 'completeness-check' },
  { bpmnProcessId: 'additional-information-request', elementId: 'choose-missing-items' },
  { bpmnProcessId: 'decision', elementId: 'draft-decision' },
  { bpmnProcessId: 'decision', elementId: 'approve-decision' },
  { bpmnProcessId: 'appeal', elementId: 'prepare-ruling' },
  { bpmnProcessId: 'appeal', elementId: 'rule-on-appeal' },
  { bpmnProcessId: 'archiving', elementId: 'approve-disposal' },
];

export const QUEUE_PROCESSES = [...new Set(USER_TASK_TYPES.map((t) => t.bpmnProcessId))];
