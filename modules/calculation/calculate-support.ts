// Monthly income support for a household: recognised expenses minus net income, line by line,
// in integer cents. The municipality's supplementary and preventive support add expense lines
// on top of the basic amounts.
import { z } from 'zod';
import type { IsoDate } from '@/modules/calendar/finnish-calendar';
import { normsOn, type MemberType, type NormTable } from './norms';

const cents = z.number().int().nonnegative();

export const calculationInput = z.object({
  /** The first day of the month calculated; selects the norm table. */
  month: z.string().regex(/^\d{4}-\d{2}-01$/),
  members: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        type: z.enum([
          'single',
          'single_parent',
          'adult',
          'adult_with_parents',
          'child_17',
          'child_10_16',
          'child_under_10',
        ]),
      }),
    )
    .min(1),
  housingCostsCents: cents,
  /** Other recognised expenses (health care, child care, supplementary items). */
  otherExpenses: z.array(z.object({ code: z.string().min(1), amountCents: cents })).default([]),
  incomes: z
    .array(
      z.object({
        memberId: z.string(),
        code: z.string().min(1),
        /** Net of tax. */
        amountCents: cents,
        earned: z.boolean().default(false),
      }),
    )
    .default([]),
});

export type CalculationInput = z.input<typeof calculationInput>;

export type LineKind = 'basic_amount' | 'housing' | 'other_expense' | 'income' | 'deduction';

export interface CalculationLine {
  kind: LineKind;
  /** For display: member type, expense or income code. */
  code: string;
  memberId?: string;
  amountCents: number;
  /** Set when a cap or reduction changed the amount: what it would have been. */
  beforeAdjustmentCents?: number;
}

export interface CalculationResult {
  month: IsoDate;
  normsValidFrom: IsoDate;
  normsNeedVerification: boolean;
  lines: CalculationLine[];
  expensesCents: number;
  incomeCents: number;
  /** Support granted for the month: expenses minus income, never below zero. */
  supportCents: number;
  /** Income above expenses (0 when support is due). */
  surplusCents: number;
}

/** basis points × cents, rounded half up to a whole cent. */
function share(amountCents: number, basisPoints: number): number {
  return Math.floor((amountCents * basisPoints + 5000) / 10000);
}

const CHILD_TYPES: MemberType[] = ['child_17', 'child_10_16', 'child_under_10'];

export function calculateSupport(raw: CalculationInput, tables?: NormTable[]): CalculationResult {
  const input = calculationInput.parse(raw);
  const norms = normsOn(input.month, tables);
  const lines: CalculationLine[] = [];

  // Children in order of age (oldest first) get the reductions for the 2nd, 3rd, … child.
  const order: MemberType[] = ['child_17', 'child_10_16', 'child_under_10'];
  const children = input.members
    .filter((m) => CHILD_TYPES.includes(m.type))
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  const childRank = new Map(children.map((c, i) => [c.id, i]));

  for (const member of input.members) {
    const full = share(norms.baseAmountCents, norms.sharesBasisPoints[member.type]);
    const rank = childRank.get(member.id) ?? 0;
    const reduction = rank === 0 ? 0 : norms.childReductionBasisPoints[Math.min(rank, 3) - 1]!;
    const amount = full - share(full, reduction);
    lines.push({
      kind: 'basic_amount',
      code: member.type,
      memberId: member.id,
      amountCents: amount,
      ...(amount !== full ? { beforeAdjustmentCents: full } : {}),
    });
  }

  const caps = norms.housingCapCents;
  const cap = caps[Math.min(input.members.length, caps.length) - 1]!;
  const housing = Math.min(input.housingCostsCents, cap);
  lines.push({
    kind: 'housing',
    code: 'housing_costs',
    amountCents: housing,
    ...(housing !== input.housingCostsCents
      ? { beforeAdjustmentCents: input.housingCostsCents }
      : {}),
  });
  for (const expense of input.otherExpenses) {
    lines.push({ kind: 'other_expense', code: expense.code, amountCents: expense.amountCents });
  }

  const earnedByMember = new Map<string, number>();
  for (const income of input.incomes) {
    lines.push({
      kind: 'income',
      code: income.code,
      memberId: income.memberId,
      amountCents: income.amountCents,
    });
    if (income.earned)
      earnedByMember.set(
        income.memberId,
        (earnedByMember.get(income.memberId) ?? 0) + income.amountCents,
      );
  }
  for (const [memberId, earned] of earnedByMember) {
    const deduction = Math.min(
      share(earned, norms.earnedIncomeDeductionBasisPoints),
      norms.earnedIncomeDeductionCapCents,
    );
    if (deduction > 0)
      lines.push({
        kind: 'deduction',
        code: 'earned_income_deduction',
        memberId,
        amountCents: deduction,
      });
  }

  const sum = (kinds: LineKind[]) =>
    lines.filter((l) => kinds.includes(l.kind)).reduce((total, l) => total + l.amountCents, 0);
  const expensesCents = sum(['basic_amount', 'housing', 'other_expense']);
  const incomeCents = Math.max(0, sum(['income']) - sum(['deduction']));
  const difference = expensesCents - incomeCents;
  return {
    month: input.month,
    normsValidFrom: norms.validFrom,
    normsNeedVerification: norms.verify,
    lines,
    expensesCents,
    incomeCents,
    supportCents: Math.max(0, difference),
    surplusCents: Math.max(0, -difference),
  };
}
