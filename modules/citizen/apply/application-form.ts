// The online application's steps, the draft's shape (what the citizen typed, as strings) and the
// validation the server applies to each step and to the whole on submit. Errors are codes the
// page words in the citizen's language (messages `apply.errors`).
import { z } from 'zod';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { parseIdentityCode } from '@/modules/clients/identity-code';
import { parseIban } from '@/modules/payments/iban';
import { eurosToCents } from '@/modules/task-forms/money-input';

export const STEPS = [
  'applicant',
  'household',
  'housing',
  'incomes',
  'expenses',
  'support',
  'bank',
  'attachments',
] as const;
export type Step = (typeof STEPS)[number];
export const REVIEW = 'review';

export const RELATIONS = ['spouse', 'child', 'other'] as const;
export const HOUSING_TYPES = ['rental', 'owner', 'right_of_occupancy', 'sublet', 'other'] as const;
export const INCOME_KINDS = [
  'salary',
  'unemployment_benefit',
  'housing_allowance',
  'child_benefit',
  'pension',
  'other',
] as const;
export const EXPENSE_KINDS = [
  'electricity',
  'home_insurance',
  'medicine',
  'childcare',
  'travel',
  'other',
] as const;

export const DESCRIPTION_MAX_LENGTH = 4000;
export const MAX_ROWS = 20;

export type ErrorCode =
  | 'required'
  | 'email'
  | 'phone'
  | 'postalCode'
  | 'identityCode'
  | 'ownIdentityCode'
  | 'money'
  | 'date'
  | 'dateFuture'
  | 'option'
  | 'iban'
  | 'tooLong'
  | 'attachment';

/** `field` is a path ("household.members.0.identityCode"); the page derives the input id from it. */
export interface ApplyFieldError {
  field: string;
  code: ErrorCode;
}

const text = (max = 300) => z.string().max(max).catch('');
const rows = <T extends z.ZodType>(row: T) => z.array(row).max(MAX_ROWS).catch([]);
const moneyRow = z.object({ kind: text(40), amount: text(40), description: text(300) });

/** Normalises whatever JSON a browser sends (or an older draft holds) into the draft's shape. */
export const DraftData = z.object({
  applicant: z
    .object({
      firstNames: text(),
      lastName: text(),
      identityCode: text(20),
      streetAddress: text(),
      postalCode: text(20),
      municipality: text(),
      email: text(),
      phone: text(40),
    })
    .catch({
      firstNames: '',
      lastName: '',
      identityCode: '',
      streetAddress: '',
      postalCode: '',
      municipality: '',
      email: '',
      phone: '',
    })
    .default({
      firstNames: '',
      lastName: '',
      identityCode: '',
      streetAddress: '',
      postalCode: '',
      municipality: '',
      email: '',
      phone: '',
    }),
  household: z
    .object({
      members: rows(z.object({ name: text(), identityCode: text(20), relation: text(20) })),
    })
    .catch({ members: [] })
    .default({ members: [] }),
  housing: z
    .object({ housingType: text(40), housingCosts: text(40), livingSince: text(20) })
    .catch({ housingType: '', housingCosts: '', livingSince: '' })
    .default({ housingType: '', housingCosts: '', livingSince: '' }),
  incomes: z
    .object({ rows: rows(moneyRow) })
    .catch({ rows: [] })
    .default({ rows: [] }),
  expenses: z
    .object({ rows: rows(moneyRow) })
    .catch({ rows: [] })
    .default({ rows: [] }),
  support: z
    .object({
      supportType: text(40),
      urgent: z.boolean().catch(false),
      description: text(DESCRIPTION_MAX_LENGTH + 1000),
    })
    .catch({ supportType: '', urgent: false, description: '' })
    .default({ supportType: '', urgent: false, description: '' }),
  bank: z
    .object({ iban: text(60), electronicDeliveryConsent: z.boolean().catch(false) })
    .catch({ iban: '', electronicDeliveryConsent: false })
    .default({ iban: '', electronicDeliveryConsent: false }),
  attachments: z
    .object({
      files: rows(z.object({ documentId: z.uuid(), title: text() })),
    })
    .catch({ files: [] })
    .default({ files: [] }),
});
export type DraftData = z.output<typeof DraftData>;

export function emptyDraft(): DraftData {
  return DraftData.parse({});
}

export function isStep(value: unknown): value is Step {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value);
}

interface MoneyLine {
  kind: string;
  amountCents: number;
  description: string | null;
}

/** What a valid application carries into `cases.application_data` (money in integer cents). */
export interface ValidApplication {
  applicant: DraftData['applicant'];
  household: { name: string; identityCode: string; relation: (typeof RELATIONS)[number] }[];
  housingType: (typeof HOUSING_TYPES)[number];
  housingCostsCents: number;
  livingSince: string | null;
  incomes: MoneyLine[];
  expenses: MoneyLine[];
  netIncomeCents: number;
  expensesCents: number;
  supportType: 'supplementary' | 'preventive';
  urgent: boolean;
  description: string | null;
  iban: string;
  electronicDeliveryConsent: boolean;
  attachmentDocumentIds: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{4,18}[0-9]$/;
const oneOf = <T extends readonly string[]>(list: T, value: string): value is T[number] =>
  (list as readonly string[]).includes(value);

function checkMoneyRows(
  prefix: 'incomes' | 'expenses',
  list: DraftData['incomes']['rows'],
  kinds: readonly string[],
  errors: ApplyFieldError[],
): MoneyLine[] {
  return list.map((row, i) => {
    if (!kinds.includes(row.kind))
      errors.push({ field: `${prefix}.rows.${i}.kind`, code: 'option' });
    const cents = eurosToCents(row.amount);
    if (!row.amount.trim()) errors.push({ field: `${prefix}.rows.${i}.amount`, code: 'required' });
    else if (cents === null) errors.push({ field: `${prefix}.rows.${i}.amount`, code: 'money' });
    return {
      kind: row.kind,
      amountCents: cents ?? 0,
      description: row.description.trim() || null,
    };
  });
}

/** Checks the given steps (all by default); `application` is set only when nothing is wrong. */
export function validateApplication(
  data: DraftData,
  steps: readonly Step[] = STEPS,
  today: string = helsinkiToday(),
): { errors: ApplyFieldError[]; application: ValidApplication | null } {
  const errors: ApplyFieldError[] = [];
  const want = new Set(steps);
  const push = (field: string, code: ErrorCode) => errors.push({ field, code });

  const a = data.applicant;
  if (want.has('applicant')) {
    if (!a.firstNames.trim()) push('applicant.firstNames', 'required');
    if (!a.lastName.trim()) push('applicant.lastName', 'required');
    if (!a.streetAddress.trim()) push('applicant.streetAddress', 'required');
    if (!/^\d{5}$/.test(a.postalCode.trim())) push('applicant.postalCode', 'postalCode');
    if (!a.municipality.trim()) push('applicant.municipality', 'required');
    if (!a.email.trim() && !a.phone.trim()) push('applicant.email', 'required');
    if (a.email.trim() && !EMAIL.test(a.email.trim())) push('applicant.email', 'email');
    if (a.phone.trim() && !PHONE.test(a.phone.trim())) push('applicant.phone', 'phone');
  }

  const household: ValidApplication['household'] = [];
  if (want.has('household')) {
    data.household.members.forEach((m, i) => {
      const at = `household.members.${i}`;
      if (!m.name.trim()) push(`${at}.name`, 'required');
      const code = parseIdentityCode(m.identityCode);
      if (!m.identityCode.trim()) push(`${at}.identityCode`, 'required');
      else if (!code.ok) push(`${at}.identityCode`, 'identityCode');
      else if (code.value.code === a.identityCode.trim().toUpperCase())
        push(`${at}.identityCode`, 'ownIdentityCode');
      if (!oneOf(RELATIONS, m.relation)) push(`${at}.relation`, 'option');
      else if (code.ok)
        household.push({
          name: m.name.trim(),
          identityCode: code.value.code,
          relation: m.relation,
        });
    });
  }

  const h = data.housing;
  const housingCostsCents = eurosToCents(h.housingCosts);
  let livingSince: string | null = null;
  if (want.has('housing')) {
    if (!oneOf(HOUSING_TYPES, h.housingType)) push('housing.housingType', 'required');
    if (!h.housingCosts.trim()) push('housing.housingCosts', 'required');
    else if (housingCostsCents === null) push('housing.housingCosts', 'money');
    if (h.livingSince.trim()) {
      const iso = h.livingSince.trim();
      if (!z.iso.date().safeParse(iso).success) push('housing.livingSince', 'date');
      else if (iso > today) push('housing.livingSince', 'dateFuture');
      else livingSince = iso;
    }
  }

  const incomes = want.has('incomes')
    ? checkMoneyRows('incomes', data.incomes.rows, INCOME_KINDS, errors)
    : [];
  const expenses = want.has('expenses')
    ? checkMoneyRows('expenses', data.expenses.rows, EXPENSE_KINDS, errors)
    : [];

  const s = data.support;
  if (want.has('support')) {
    if (s.supportType !== 'supplementary' && s.supportType !== 'preventive')
      push('support.supportType', 'required');
    if (s.description.length > DESCRIPTION_MAX_LENGTH) push('support.description', 'tooLong');
  }

  const iban = parseIban(data.bank.iban);
  if (want.has('bank')) {
    if (!data.bank.iban.trim()) push('bank.iban', 'required');
    else if (!iban.ok) push('bank.iban', 'iban');
  }

  if (errors.length || want.size !== STEPS.length) return { errors, application: null };
  return {
    errors,
    application: {
      applicant: {
        ...a,
        identityCode: a.identityCode.trim().toUpperCase(),
        email: a.email.trim(),
        phone: a.phone.trim(),
      },
      household,
      housingType: h.housingType as ValidApplication['housingType'],
      housingCostsCents: housingCostsCents!,
      livingSince,
      incomes,
      expenses,
      netIncomeCents: incomes.reduce((sum, r) => sum + r.amountCents, 0),
      expensesCents: expenses.reduce((sum, r) => sum + r.amountCents, 0),
      supportType: s.supportType as ValidApplication['supportType'],
      urgent: s.urgent,
      description: s.description.trim() || null,
      iban: iban.ok ? iban.iban : '',
      electronicDeliveryConsent: data.bank.electronicDeliveryConsent,
      attachmentDocumentIds: data.attachments.files.map((f) => f.documentId),
    },
  };
}

/** The step a field belongs to (for "edit" links next to errors on the review page). */
export function stepOfField(field: string): Step {
  const first = field.split('.')[0];
  return isStep(first) ? first : 'attachments';
}

/** The id of the input of a field path: "household.members.0.name" → "household-members-0-name". */
export function inputId(field: string): string {
  return field.replace(/\./g, '-');
}
