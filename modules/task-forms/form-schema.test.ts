import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localise, parseFormSchema, UnsupportedFormError, type FormItem } from './form-schema';
import { readFormSubmission } from './read-form-submission';

const WORKFLOWS = path.resolve(__dirname, '../../workflows');
const form = (name: string) =>
  parseFormSchema(JSON.parse(readFileSync(path.join(WORKFLOWS, `${name}.form`), 'utf8')));

describe('form-js schema on the server', () => {
  it('every deployed form parses, with labels in each language', () => {
    const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.form'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) expect(form(file.replace('.form', '')).length).toBeGreaterThan(0);
    const [outcome] = form('decision-proposal');
    expect(outcome).toMatchObject({ type: 'radio', key: 'outcome', required: true });
    const label = (outcome as Exclude<FormItem, { type: 'text' }>).label;
    expect(localise(label, 'fi')).toBe('Ratkaisu');
    expect(localise(label, 'sv')).toBe('Avgörande');
    expect(localise(label, 'en')).toBe('Outcome');
  });

  it('a form with a component type it cannot render is refused by name', () => {
    expect(() =>
      parseFormSchema({ components: [{ type: 'filepicker', key: 'f' }, { type: 'iframe' }] }),
    ).toThrow(UnsupportedFormError);
  });

  it('required, min/max, maxLength and options are checked like form-js, values typed', () => {
    const items = form('additional-information-request');
    expect(readFormSubmission(items, {}).errors).toEqual([
      { key: 'missingItems', code: 'required' },
      { key: 'replyDays', code: 'required' },
    ]);
    expect(
      readFormSubmission(items, { missingItems: ['pay_slips', 'nonsense'], replyDays: '61' })
        .errors,
    ).toEqual([
      { key: 'missingItems', code: 'option' },
      { key: 'replyDays', code: 'max', limit: 60 },
    ]);
    expect(readFormSubmission(items, { replyDays: 'seven' }).errors).toContainEqual({
      key: 'replyDays',
      code: 'number',
    });
    expect(
      readFormSubmission(items, { missingItemsText: 'x'.repeat(2001), replyDays: '0' }).errors,
    ).toEqual(
      expect.arrayContaining([
        { key: 'missingItemsText', code: 'maxLength', limit: 2000 },
        { key: 'replyDays', code: 'min', limit: 1 },
      ]),
    );
    const ok = readFormSubmission(items, {
      missingItems: ['pay_slips', 'bank_statements'],
      missingItemsText: ' Tammikuun tiliote\r\n',
      replyDays: '14',
    });
    expect(ok).toEqual({
      values: {
        missingItems: ['pay_slips', 'bank_statements'],
        missingItemsText: 'Tammikuun tiliote',
        replyDays: 14,
      },
      errors: [],
    });
  });

  it('a field hidden by its FEEL condition is neither kept nor required', () => {
    const items = form('appeal-ruling');
    const dismissed = readFormSubmission(items, {
      appealOutcome: 'dismissed',
      newDecision: 'ei kuulu tähän',
      rulingReasons: 'Perusteet',
    });
    expect(dismissed).toEqual({
      values: { appealOutcome: 'dismissed', rulingReasons: 'Perusteet' },
      errors: [],
    });
    const accepted = readFormSubmission(items, {
      appealOutcome: 'accepted',
      newDecision: 'Uusi päätös',
      rulingReasons: 'Perusteet',
    });
    expect(accepted.values.newDecision).toBe('Uusi päätös');
  });

  it('checkboxes are booleans, dates must exist, patterns must match the whole value', () => {
    const items = parseFormSchema({
      components: [
        { type: 'checkbox', key: 'ok', label: 'OK', validate: { required: true } },
        { type: 'datetime', key: 'on', subtype: 'date', dateLabel: 'On' },
        { type: 'textfield', key: 'code', label: 'Code', validate: { pattern: '[A-Z]{3}' } },
        { type: 'select', key: 's', label: 'S', values: [{ label: 'A', value: 'a' }] },
      ],
    });
    expect(readFormSubmission(items, { on: '2026-02-30', code: 'ABCD', s: 'b' }).errors).toEqual([
      { key: 'on', code: 'date' },
      { key: 'code', code: 'pattern' },
      { key: 's', code: 'option' },
      { key: 'ok', code: 'required' },
    ]);
    expect(
      readFormSubmission(items, { ok: 'on', on: '2026-02-28', code: 'ABC', s: 'a' }).values,
    ).toEqual({ ok: true, on: '2026-02-28', code: 'ABC', s: 'a' });
  });
});
