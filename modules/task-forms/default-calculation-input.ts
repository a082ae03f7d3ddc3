// The starting point of a decision's calculation: the household from the client register (each
// member's type from their age), the housing costs and net income from the application, for the
// month the application arrived. The caseworker edits everything before proposing.
import type { CalculationInput } from '@/modules/calculation/calculate-support';
import type { MemberType } from '@/modules/calculation/norms';

export interface HouseholdMember {
  id: string;
  firstNames: string;
  lastName: string;
  birthDate: string;
}

function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Member types by age: one adult alone is `single`, one adult with children `single_parent`. */
export function memberTypes(members: HouseholdMember[], month: string): Map<string, MemberType> {
  const withAge = members.map((m) => ({ ...m, age: ageOn(m.birthDate, month) }));
  const adults = withAge.filter((m) => m.age >= 18).sort((a, b) => b.age - a.age);
  const children = withAge.filter((m) => m.age < 18);
  const types = new Map<string, MemberType>();
  adults.forEach((a, i) => {
    if (adults.length === 1) types.set(a.id, children.length ? 'single_parent' : 'single');
    // The two oldest adults are the couple; younger adults live with their parents.
    else types.set(a.id, i < 2 ? 'adult' : 'adult_with_parents');
  });
  for (const c of children)
    types.set(c.id, c.age >= 17 ? 'child_17' : c.age >= 10 ? 'child_10_16' : 'child_under_10');
  return types;
}

export function defaultCalculationInput(input: {
  receivedOn: string;
  applicantId: string;
  members: HouseholdMember[];
  applicationData: Record<string, unknown>;
}): CalculationInput {
  const month = `${input.receivedOn.slice(0, 7)}-01`;
  const members = input.members.length
    ? input.members
    : [{ id: input.applicantId, firstNames: '', lastName: '', birthDate: '1970-01-01' }];
  const types = memberTypes(members, month);
  const cents = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  const netIncome = cents(input.applicationData.netIncomeCents);
  return {
    month,
    members: members.map((m) => ({
      id: m.id,
      name: `${m.firstNames} ${m.lastName}`.trim(),
      type: types.get(m.id) ?? 'adult',
    })),
    housingCostsCents: cents(input.applicationData.housingCostsCents),
    otherExpenses: [],
    incomes: netIncome
      ? [{ memberId: input.applicantId, code: 'net_income', amountCents: netIncome, earned: false }]
      : [],
  };
}
