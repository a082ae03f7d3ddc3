// The application as label/value lines per step, in the citizen's language: the review page and
// the PDF copy show the same thing.
import { formatDate, formatMoney, type Messages } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';
import { formatIban, parseIban } from '@/modules/payments/iban';
import { eurosToCents } from '@/modules/task-forms/money-input';
import { STEPS, type DraftData, type Step } from './application-form';

export interface SummarySection {
  step: Step;
  heading: string;
  lines: { label: string; value: string }[];
}

export function summarizeDraft(
  data: DraftData,
  t: Messages['apply'],
  locale: Locale,
): SummarySection[] {
  const pick = (table: Record<string, string>, key: string) => table[key] ?? (key || t.empty);
  const money = (text: string) => {
    const cents = eurosToCents(text);
    return cents === null ? text || t.empty : formatMoney(cents, locale);
  };
  const or = (text: string) => text.trim() || t.empty;
  const f = t.fields;
  const a = data.applicant;
  const rowsOf = (
    rows: DraftData['incomes']['rows'],
    kinds: Record<string, string>,
    none: string,
  ) =>
    rows.length
      ? rows.map((r) => ({
          label: pick(kinds, r.kind),
          value: [money(r.amount), r.description.trim()].filter(Boolean).join(' – '),
        }))
      : [{ label: none, value: t.empty }];
  const iban = parseIban(data.bank.iban);
  const lines: Record<Step, SummarySection['lines']> = {
    applicant: [
      { label: f.firstNames, value: or(a.firstNames) },
      { label: f.lastName, value: or(a.lastName) },
      { label: f.identityCode, value: or(a.identityCode) },
      { label: f.streetAddress, value: or(a.streetAddress) },
      { label: f.postalCode, value: or(a.postalCode) },
      { label: f.municipality, value: or(a.municipality) },
      { label: f.email, value: or(a.email) },
      { label: f.phone, value: or(a.phone) },
    ],
    household: data.household.members.length
      ? data.household.members.map((m) => ({
          label: pick(t.relations, m.relation),
          value: `${or(m.name)}, ${or(m.identityCode)}`,
        }))
      : [{ label: t.noMembers, value: t.empty }],
    housing: [
      { label: f.housingType, value: pick(t.housingTypes, data.housing.housingType) },
      { label: f.housingCosts, value: money(data.housing.housingCosts) },
      {
        label: f.livingSince,
        value: /^\d{4}-\d{2}-\d{2}$/.test(data.housing.livingSince)
          ? formatDate(data.housing.livingSince, locale)
          : or(data.housing.livingSince),
      },
    ],
    incomes: rowsOf(data.incomes.rows, t.incomeKinds, t.noIncomes),
    expenses: rowsOf(data.expenses.rows, t.expenseKinds, t.noExpenses),
    support: [
      { label: f.supportType, value: pick(t.supportTypes, data.support.supportType) },
      { label: f.urgent, value: data.support.urgent ? t.yes : t.no },
      { label: f.description, value: or(data.support.description) },
    ],
    bank: [
      { label: f.iban, value: iban.ok ? formatIban(iban.iban) : or(data.bank.iban) },
      { label: f.consent, value: data.bank.electronicDeliveryConsent ? t.yes : t.no },
    ],
    attachments: data.attachments.files.length
      ? data.attachments.files.map((file, i) => ({ label: String(i + 1), value: file.title }))
      : [{ label: t.upload.none, value: t.empty }],
  };
  return STEPS.map((step) => ({ step, heading: t.steps[step], lines: lines[step] }));
}
