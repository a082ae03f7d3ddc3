'use client';
// Drafting a decision: the calculation's inputs are editable (household members and their
// position, housing costs, other expenses, incomes), the calculation is rerun on the server as
// they change (the same calculateSupport the decision job runs), then the outcome, the
// legal-basis template, the reasons and a PDF preview of the decision.
import { useEffect, useMemo, useState } from 'react';
import type {
  CalculationInput,
  CalculationLine,
  CalculationResult,
} from '@/modules/calculation/calculate-support';
import type { MemberType } from '@/modules/calculation/norms';
import {
  LEGAL_BASIS_TEMPLATES,
  LEGAL_BASIS_TEXTS,
  type LegalBasisTemplate,
} from '@/modules/decisions/legal-basis-templates';
import { fill, formatMoney } from '@/modules/i18n';
import type { Locale } from '@/modules/i18n/locales';
import { centsToEuros, eurosToCents } from '@/modules/task-forms/money-input';
import { recalculateAction } from './actions';
import {
  ErrorSummary,
  FieldErrors,
  invalidProps,
  useTaskSubmit,
  type TaskTexts,
} from './form-bits';

const MEMBER_TYPES: MemberType[] = [
  'single',
  'single_parent',
  'adult',
  'adult_with_parents',
  'child_17',
  'child_10_16',
  'child_under_10',
];
const EXPENSE_CODES = ['health_care', 'child_care', 'other'] as const;
const INCOME_CODES = ['salary', 'net_income', 'benefits', 'kela_basic', 'other'] as const;
const OUTCOMES = ['granted', 'partly_granted', 'rejected'] as const;

interface MemberRow {
  id: string;
  name: string;
  type: MemberType;
  included: boolean;
}
interface ExpenseRow {
  code: string;
  amount: string;
}
interface IncomeRow {
  memberId: string;
  code: string;
  amount: string;
  earned: boolean;
}

export interface DecisionDraftStart {
  calculationInput: CalculationInput;
  outcome: string;
  reasons: string;
  legalBasisTemplate: LegalBasisTemplate;
  returnedComments: string | null;
}

export function DecisionForm({
  locale,
  taskKey,
  t,
  start,
}: {
  locale: Locale;
  taskKey: string;
  t: TaskTexts;
  start: DecisionDraftStart;
}) {
  const d = t.decision;
  const comma = locale !== 'en';
  const { state, pending, onSubmit } = useTaskSubmit(locale, taskKey, 'decision_proposal');
  const initial = start.calculationInput;
  const [month, setMonth] = useState(initial.month.slice(0, 7));
  const [members, setMembers] = useState<MemberRow[]>(
    initial.members.map((m) => ({ ...m, included: true })),
  );
  const [housing, setHousing] = useState(centsToEuros(initial.housingCostsCents, comma));
  const [expenses, setExpenses] = useState<ExpenseRow[]>(
    (initial.otherExpenses ?? []).map((e) => ({
      code: e.code,
      amount: centsToEuros(e.amountCents, comma),
    })),
  );
  const [incomes, setIncomes] = useState<IncomeRow[]>(
    (initial.incomes ?? []).map((i) => ({
      memberId: i.memberId,
      code: i.code,
      amount: centsToEuros(i.amountCents, comma),
      earned: i.earned ?? false,
    })),
  );
  const [outcome, setOutcome] = useState(start.outcome);
  const [template, setTemplate] = useState<LegalBasisTemplate>(start.legalBasisTemplate);
  const [reasons, setReasons] = useState(start.reasons);
  const [answer, setAnswer] = useState<{ json: string; result: CalculationResult | null }>({
    json: '',
    result: null,
  });

  // The calculation input in cents, or null while an amount is not a valid sum of money.
  const calc = useMemo((): CalculationInput | null => {
    const included = members.filter((m) => m.included);
    const housingCents = eurosToCents(housing || '0');
    const expenseCents = expenses.map((e) => eurosToCents(e.amount || '0'));
    const incomeCents = incomes.map((i) => eurosToCents(i.amount || '0'));
    if (
      !included.length ||
      !/^\d{4}-\d{2}$/.test(month) ||
      housingCents === null ||
      expenseCents.includes(null) ||
      incomeCents.includes(null)
    )
      return null;
    return {
      month: `${month}-01`,
      members: included.map(({ id, name, type }) => ({ id, name, type })),
      housingCostsCents: housingCents,
      otherExpenses: expenses.map((e, i) => ({ code: e.code, amountCents: expenseCents[i]! })),
      incomes: incomes
        .map((inc, i) => ({
          memberId: inc.memberId,
          code: inc.code,
          amountCents: incomeCents[i]!,
          earned: inc.earned,
        }))
        .filter((inc) => included.some((m) => m.id === inc.memberId)),
    };
  }, [members, housing, expenses, incomes, month]);
  const json = calc ? JSON.stringify(calc) : '';

  // The answer belongs to the input it was computed for; a newer input shows "calculating".
  useEffect(() => {
    if (!json) return;
    let live = true;
    const timer = setTimeout(() => {
      void recalculateAction(taskKey, JSON.parse(json)).then((r) => {
        if (live) setAnswer({ json, result: r.ok ? r.result : null });
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [json, taskKey]);
  const calculating = json !== '' && answer.json !== json;
  const result = json !== '' && answer.json === json ? answer.result : null;

  const memberName = (id?: string) => members.find((m) => m.id === id)?.name ?? '';
  const lineLabel = (line: CalculationLine) => {
    const kind = d.lineKinds[line.kind];
    const code =
      line.kind === 'basic_amount'
        ? d.memberTypes[line.code as MemberType]
        : line.kind === 'income'
          ? (d.incomeCodes[line.code as keyof typeof d.incomeCodes] ?? line.code)
          : line.kind === 'other_expense'
            ? (d.expenseCodes[line.code as keyof typeof d.expenseCodes] ?? line.code)
            : null;
    return [kind, code, memberName(line.memberId)].filter(Boolean).join(' · ');
  };
  const money = (cents: number) => formatMoney(cents, locale);
  const invalidAmount = (text: string) => eurosToCents(text || '0') === null;

  return (
    <form className="task-form decision-form" onSubmit={onSubmit} noValidate>
      {start.returnedComments && (
        <p className="alert" role="note">
          {fill(d.returned, { comments: start.returnedComments })}
        </p>
      )}
      <ErrorSummary
        t={t}
        state={state}
        labels={{
          calculation: d.calculation,
          outcome: d.outcome,
          legalBasisTemplate: d.legalBasis,
          reasons: d.reasons,
        }}
      />
      <input type="hidden" name="calculationInput" value={json} />
      <div className="decision-columns">
        <section aria-labelledby="calc-inputs" className="stack">
          <h2 id="calc-inputs">{d.calculationInputs}</h2>
          <div>
            <label htmlFor="calc-month">{d.month}</label>
            <input
              id="calc-month"
              type="month"
              value={month}
              onChange={(e) => setMonth(e.target.value)}
            />
          </div>
          <fieldset>
            <legend>{d.members}</legend>
            <table>
              <thead>
                <tr>
                  <th scope="col">{d.memberName}</th>
                  <th scope="col">{d.include}</th>
                  <th scope="col">{d.memberType}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m, i) => (
                  <tr key={m.id}>
                    <th scope="row">{m.name}</th>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={fill(d.includeMember, { name: m.name })}
                        checked={m.included}
                        onChange={(e) =>
                          setMembers((all) =>
                            all.map((x, j) => (j === i ? { ...x, included: e.target.checked } : x)),
                          )
                        }
                      />
                    </td>
                    <td>
                      <select
                        aria-label={fill(d.typeOf, { name: m.name })}
                        value={m.type}
                        onChange={(e) =>
                          setMembers((all) =>
                            all.map((x, j) =>
                              j === i ? { ...x, type: e.target.value as MemberType } : x,
                            ),
                          )
                        }
                      >
                        {MEMBER_TYPES.map((type) => (
                          <option key={type} value={type}>
                            {d.memberTypes[type]}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          <div>
            <label htmlFor="calc-housing">{d.housing}</label>
            <input
              id="calc-housing"
              inputMode="decimal"
              value={housing}
              aria-invalid={invalidAmount(housing) || undefined}
              onChange={(e) => setHousing(e.target.value)}
            />
          </div>
          <fieldset>
            <legend>{d.otherExpenses}</legend>
            {expenses.map((e, i) => (
              <div className="row" key={i}>
                <select
                  aria-label={fill(d.rowLabel, { what: d.expenseCode, row: i + 1 })}
                  value={e.code}
                  onChange={(ev) =>
                    setExpenses((all) =>
                      all.map((x, j) => (j === i ? { ...x, code: ev.target.value } : x)),
                    )
                  }
                >
                  {EXPENSE_CODES.map((code) => (
                    <option key={code} value={code}>
                      {d.expenseCodes[code]}
                    </option>
                  ))}
                </select>
                <input
                  inputMode="decimal"
                  aria-label={fill(d.rowLabel, { what: d.expenseAmount, row: i + 1 })}
                  aria-invalid={invalidAmount(e.amount) || undefined}
                  value={e.amount}
                  onChange={(ev) =>
                    setExpenses((all) =>
                      all.map((x, j) => (j === i ? { ...x, amount: ev.target.value } : x)),
                    )
                  }
                />
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setExpenses((all) => all.filter((_, j) => j !== i))}
                >
                  {fill(d.remove, { row: i + 1 })}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="secondary"
              onClick={() => setExpenses((all) => [...all, { code: 'health_care', amount: '' }])}
            >
              {d.addExpense}
            </button>
          </fieldset>
          <fieldset>
            <legend>{d.incomes}</legend>
            {incomes.map((inc, i) => (
              <div className="row" key={i}>
                <select
                  aria-label={fill(d.rowLabel, { what: d.incomeMember, row: i + 1 })}
                  value={inc.memberId}
                  onChange={(ev) =>
                    setIncomes((all) =>
                      all.map((x, j) => (j === i ? { ...x, memberId: ev.target.value } : x)),
                    )
                  }
                >
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={fill(d.rowLabel, { what: d.incomeCode, row: i + 1 })}
                  value={inc.code}
                  onChange={(ev) =>
                    setIncomes((all) =>
                      all.map((x, j) => (j === i ? { ...x, code: ev.target.value } : x)),
                    )
                  }
                >
                  {INCOME_CODES.map((code) => (
                    <option key={code} value={code}>
                      {d.incomeCodes[code]}
                    </option>
                  ))}
                </select>
                <input
                  inputMode="decimal"
                  aria-label={fill(d.rowLabel, { what: d.incomeAmount, row: i + 1 })}
                  aria-invalid={invalidAmount(inc.amount) || undefined}
                  value={inc.amount}
                  onChange={(ev) =>
                    setIncomes((all) =>
                      all.map((x, j) => (j === i ? { ...x, amount: ev.target.value } : x)),
                    )
                  }
                />
                <span className="check">
                  <input
                    id={`income-earned-${i}`}
                    type="checkbox"
                    checked={inc.earned}
                    onChange={(ev) =>
                      setIncomes((all) =>
                        all.map((x, j) => (j === i ? { ...x, earned: ev.target.checked } : x)),
                      )
                    }
                  />
                  <label htmlFor={`income-earned-${i}`}>
                    {fill(d.rowLabel, { what: d.earned, row: i + 1 })}
                  </label>
                </span>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setIncomes((all) => all.filter((_, j) => j !== i))}
                >
                  {fill(d.remove, { row: i + 1 })}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="secondary"
              onClick={() =>
                setIncomes((all) => [
                  ...all,
                  { memberId: members[0]?.id ?? '', code: 'salary', amount: '', earned: true },
                ])
              }
            >
              {d.addIncome}
            </button>
          </fieldset>
        </section>

        <section aria-labelledby="calc-result" id="field-calculation">
          <h2 id="calc-result">{d.calculation}</h2>
          <FieldErrors t={t} state={state} field="calculation" />
          <div aria-live="polite" data-testid="calculation">
            {calculating && <p className="muted">{d.recalculating}</p>}
            {!result && !calculating && <p className="alert">{d.calculationInvalid}</p>}
            {result && (
              <table>
                <tbody>
                  {result.lines.map((line, i) => (
                    <tr key={i}>
                      <th scope="row">{lineLabel(line)}</th>
                      <td className="money">
                        {money(line.amountCents)}
                        {line.beforeAdjustmentCents !== undefined && (
                          <>
                            {' '}
                            <small>
                              {fill(d.before, { amount: money(line.beforeAdjustmentCents) })}
                            </small>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{d.expenses}</th>
                    <td className="money">{money(result.expensesCents)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{d.income}</th>
                    <td className="money">{money(result.incomeCents)}</td>
                  </tr>
                  <tr>
                    <th scope="row">{result.surplusCents > 0 ? d.surplus : d.support}</th>
                    <td className="money" data-testid="support-total">
                      <strong>
                        {money(result.surplusCents > 0 ? result.surplusCents : result.supportCents)}
                      </strong>
                    </td>
                  </tr>
                </tfoot>
              </table>
            )}
            {result?.normsNeedVerification && <p className="muted">{d.normsVerify}</p>}
          </div>
        </section>
      </div>

      <div className="stack">
        <fieldset id="field-outcome" {...invalidProps(state, 'outcome')}>
          <legend>
            {d.outcome} <span className="required">({t.required})</span>
          </legend>
          {OUTCOMES.map((o) => (
            <div className="check" key={o}>
              <input
                id={`outcome-${o}`}
                type="radio"
                name="outcome"
                value={o}
                checked={outcome === o}
                onChange={() => setOutcome(o)}
              />
              <label htmlFor={`outcome-${o}`}>{d.outcomes[o]}</label>
            </div>
          ))}
          <FieldErrors t={t} state={state} field="outcome" />
        </fieldset>
        <div>
          <label htmlFor="field-legalBasisTemplate">{d.legalBasis}</label>
          <select
            id="field-legalBasisTemplate"
            name="legalBasisTemplate"
            value={template}
            onChange={(e) => setTemplate(e.target.value as LegalBasisTemplate)}
            aria-describedby="legal-basis-text"
          >
            {LEGAL_BASIS_TEMPLATES.map((key) => (
              <option key={key} value={key}>
                {LEGAL_BASIS_TEXTS[key][locale].name}
              </option>
            ))}
          </select>
          <p className="muted" id="legal-basis-text">
            {LEGAL_BASIS_TEXTS[template][locale].text}
          </p>
        </div>
        <div>
          <label htmlFor="field-reasons">
            {d.reasons} <span className="required">({t.required})</span>
          </label>
          <textarea
            id="field-reasons"
            name="reasons"
            rows={5}
            maxLength={8000}
            value={reasons}
            onChange={(e) => setReasons(e.target.value)}
            {...invalidProps(state, 'reasons')}
          />
          <FieldErrors t={t} state={state} field="reasons" />
        </div>
        <div className="buttons">
          <button
            type="submit"
            className="secondary"
            data-preview=""
            formAction={`/api/tasks/${taskKey}/decision-preview?locale=${locale}`}
            formMethod="post"
            formTarget="_blank"
          >
            {d.preview}
          </button>
          <button className="primary" type="submit" disabled={pending}>
            {d.submit}
          </button>
        </div>
      </div>
    </form>
  );
}
