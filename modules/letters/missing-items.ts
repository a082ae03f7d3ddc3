// The items a request for additional information can ask for (shared by the letter and the form).
export const MISSING_ITEMS = [
  'bank_statements',
  'rental_agreement',
  'pay_slips',
  'kela_decision',
  'health_costs',
  'other',
] as const;
export type MissingItem = (typeof MISSING_ITEMS)[number];
