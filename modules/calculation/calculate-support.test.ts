import { describe, expect, it } from 'vitest';
import { calculateSupport } from './calculate-support';
import { NORM_TABLES, normsOn, type NormTable } from './norms';

const month = '2026-12-01';
const base = NORM_TABLES[0]!.baseAmountCents;

describe('income support calculation', () => {
  it('a person living alone: basic amount plus housing minus income', () => {
    const result = calculateSupport({
      month,
      members: [{ id: 'a', name: 'Aino', type: 'single' }],
      housingCostsCents: 60000,
      incomes: [{ memberId: 'a', code: 'unemployment_benefit', amountCents: 70000 }],
    });
    expect(result.lines).toEqual([
      { kind: 'basic_amount', code: 'single', memberId: 'a', amountCents: base },
      { kind: 'housing', code: 'housing_costs', amountCents: 60000 },
      { kind: 'income', code: 'unemployment_benefit', memberId: 'a', amountCents: 70000 },
    ]);
    expect(result.expensesCents).toBe(base + 60000);
    expect(result.supportCents).toBe(base + 60000 - 70000);
    expect(result.surplusCents).toBe(0);
    expect(Number.isInteger(result.supportCents)).toBe(true);
  });

  it('caps housing costs by household size and shows the amount before the cap', () => {
    const result = calculateSupport({
      month,
      members: [{ id: 'a', name: 'A', type: 'single' }],
      housingCostsCents: 99999,
    });
    expect(result.lines[1]).toEqual({
      kind: 'housing',
      code: 'housing_costs',
      amountCents: 75000,
      beforeAdjustmentCents: 99999,
    });
  });

  it('a couple with three children: shares per member and reductions for the 2nd and 3rd child, oldest first', () => {
    const result = calculateSupport({
      month,
      members: [
        { id: 'p1', name: 'P1', type: 'adult' },
        { id: 'p2', name: 'P2', type: 'adult' },
        { id: 'c3', name: 'C3', type: 'child_under_10' },
        { id: 'c1', name: 'C1', type: 'child_17' },
        { id: 'c2', name: 'C2', type: 'child_10_16' },
      ],
      housingCostsCents: 110000,
    });
    const byMember = Object.fromEntries(
      result.lines.filter((l) => l.kind === 'basic_amount').map((l) => [l.memberId, l]),
    );
    const pct = (bp: number) => Math.floor((base * bp + 5000) / 10000);
    expect(byMember.p1!.amountCents).toBe(pct(8500));
    expect(byMember.c1!.amountCents).toBe(pct(7300)); // first child: no reduction
    const c2Full = pct(6900);
    expect(byMember.c2).toMatchObject({
      amountCents: c2Full - Math.floor((c2Full * 500 + 5000) / 10000),
      beforeAdjustmentCents: c2Full,
    });
    const c3Full = pct(6300);
    expect(byMember.c3).toMatchObject({
      amountCents: c3Full - Math.floor((c3Full * 1000 + 5000) / 10000),
    });
    expect(result.lines.find((l) => l.kind === 'housing')!.amountCents).toBe(110000); // cap for 5 is 1350 €
  });

  it('deducts 20 % of earned income, at most 150 € per person', () => {
    const result = calculateSupport({
      month,
      members: [
        { id: 'a', name: 'A', type: 'adult' },
        { id: 'b', name: 'B', type: 'adult' },
      ],
      housingCostsCents: 0,
      incomes: [
        { memberId: 'a', code: 'salary', amountCents: 50000, earned: true },
        { memberId: 'b', code: 'salary', amountCents: 200000, earned: true },
        { memberId: 'b', code: 'child_benefit', amountCents: 10000 },
      ],
    });
    const deductions = result.lines.filter((l) => l.kind === 'deduction');
    expect(deductions).toEqual([
      { kind: 'deduction', code: 'earned_income_deduction', memberId: 'a', amountCents: 10000 },
      { kind: 'deduction', code: 'earned_income_deduction', memberId: 'b', amountCents: 15000 },
    ]);
    expect(result.incomeCents).toBe(50000 + 200000 + 10000 - 25000);
  });

  it('gives no support and reports the surplus when income exceeds expenses', () => {
    const result = calculateSupport({
      month,
      members: [{ id: 'a', name: 'A', type: 'single' }],
      housingCostsCents: 10000,
      incomes: [{ memberId: 'a', code: 'pension', amountCents: base + 20000 }],
    });
    expect(result.supportCents).toBe(0);
    expect(result.surplusCents).toBe(10000);
  });

  it('uses the norm table in force in the month', () => {
    const tables: NormTable[] = [
      { ...NORM_TABLES[0]!, validFrom: '2026-01-01', baseAmountCents: 50000, verify: false },
      { ...NORM_TABLES[0]!, validFrom: '2027-01-01', baseAmountCents: 60000, verify: false },
    ];
    expect(normsOn('2026-12-01', tables).baseAmountCents).toBe(50000);
    expect(normsOn('2027-01-01', tables).baseAmountCents).toBe(60000);
    expect(() => normsOn('2025-12-01', tables)).toThrow(/no income-support norms/);
    const result = calculateSupport(
      {
        month: '2027-02-01',
        members: [{ id: 'a', name: 'A', type: 'single' }],
        housingCostsCents: 0,
      },
      tables,
    );
    expect(result).toMatchObject({
      normsValidFrom: '2027-01-01',
      supportCents: 60000,
      normsNeedVerification: false,
    });
  });

  it('rejects fractional cents, negative amounts and an empty household', () => {
    expect(() =>
      calculateSupport({
        month,
        members: [{ id: 'a', name: 'A', type: 'single' }],
        housingCostsCents: 10.5,
      }),
    ).toThrow();
    expect(() =>
      calculateSupport({
        month,
        members: [{ id: 'a', name: 'A', type: 'single' }],
        housingCostsCents: 0,
        otherExpenses: [{ code: 'x', amountCents: -1 }],
      }),
    ).toThrow();
    expect(() => calculateSupport({ month, members: [], housingCostsCents: 0 })).toThrow();
    expect(() =>
      calculateSupport({
        month: '2026-12-15',
        members: [{ id: 'a', name: 'A', type: 'single' }],
        housingCostsCents: 0,
      }),
    ).toThrow();
  });
});
