// Which screen a user task gets: purpose-built ones for the steps a generic form serves badly,
// the deployed form-js form for everything else.
export type TaskScreen =
  | 'completeness_check'
  | 'information_request'
  | 'decision_proposal'
  | 'decision_approval'
  | 'generic';

const BY_ELEMENT: Record<string, TaskScreen> = {
  'completeness-check': 'completeness_check',
  'choose-missing-items': 'information_request',
  'draft-decision': 'decision_proposal',
  'approve-decision': 'decision_approval',
};

export function screenFor(elementId: string): TaskScreen {
  return BY_ELEMENT[elementId] ?? 'generic';
}

/** The items of an income-support application the completeness check goes through. */
export const COMPLETENESS_ITEMS = [
  'applicant_details',
  'bank_statements',
  'rental_agreement',
  'pay_slips',
  'kela_decision',
  'health_costs',
] as const;
export type CompletenessItem = (typeof COMPLETENESS_ITEMS)[number];
