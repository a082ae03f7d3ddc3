// Dated configuration for the income-support calculation: basic-amount percentages (laki
// toimeentulotuesta 1412/1997, 9 §), the indexed base amount, housing-cost caps and the
// earned-income deduction. Amounts in integer cents.
//
// VERIFY: the euro amounts below are demo values. The base amount is indexed every year by
// decree (Kela publishes it) and each organiser sets its own housing-cost caps: load the real
// ones into configuration before production use. The admin UI shows this notice.
import type { IsoDate } from '@/modules/calendar/finnish-calendar';

export type MemberType =
  | 'single' // lives alone (yksin asuva)
  | 'single_parent' // yksinhuoltaja
  | 'adult' // other person aged 18 or over (e.g. each spouse)
  | 'adult_with_parents' // 18 or over living with their parent
  | 'child_17'
  | 'child_10_16'
  | 'child_under_10';

export interface NormTable {
  validFrom: IsoDate;
  /** 100 % of the basic amount per month, in cents. */
  baseAmountCents: number;
  /** Share of the base amount per member type, in basis points (10000 = 100 %). */
  sharesBasisPoints: Record<MemberType, number>;
  /** Reduction of a child's share for the 2nd, 3rd, 4th-and-later child, in basis points. */
  childReductionBasisPoints: [second: number, third: number, fourthAndLater: number];
  /** Monthly housing-cost cap by household size (index = persons − 1; last applies beyond). */
  housingCapCents: number[];
  /** Earned-income deduction: this share of earned income, at most the cap per person. */
  earnedIncomeDeductionBasisPoints: number;
  earnedIncomeDeductionCapCents: number;
  /** Set while the amounts are not confirmed against the statute (see the file comment). */
  verify: boolean;
}

export const NORM_TABLES: NormTable[] = [
  {
    validFrom: '2026-01-01',
    baseAmountCents: 57000,
    sharesBasisPoints: {
      single: 10000,
      single_parent: 11000,
      adult: 8500,
      adult_with_parents: 7300,
      child_17: 7300,
      child_10_16: 6900,
      child_under_10: 6300,
    },
    childReductionBasisPoints: [500, 1000, 1500],
    housingCapCents: [75000, 90000, 105000, 120000, 135000],
    earnedIncomeDeductionBasisPoints: 2000,
    earnedIncomeDeductionCapCents: 15000,
    verify: true,
  },
];

/** The table in force on a date; throws when none is (a configuration error to fix). */
export function normsOn(date: IsoDate, tables: NormTable[] = NORM_TABLES): NormTable {
  const candidates = tables
    .filter((t) => t.validFrom <= date)
    .sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  const table = candidates[0];
  if (!table) throw new Error(`no income-support norms are configured for ${date}`);
  return table;
}
