// Reads a submitted task form against its form-js fields: typed values (numbers, booleans,
// lists, dates) and the same rules form-js checks (required, min/max, length, pattern, options).
// Errors are codes the page shows in the user's language; nothing is completed when any exist.
import type { Variables } from '@/engine';
import { isHidden, type FormField, type FormItem } from './form-schema';

export type FieldErrorCode =
  | 'required'
  | 'number'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'option'
  | 'date'
  // rules of the purpose-built screens
  | 'items_missing'
  | 'nothing_missing'
  | 'other_needs_text'
  | 'calculation'
  | 'no_support'
  | 'comments_required'
  | 'unknown_client';

export interface FieldError {
  key: string;
  code: FieldErrorCode;
  limit?: number | string;
}

/** What a browser form posts: one or more strings per name. */
export type Submitted = Record<string, string | string[] | undefined>;

export function submittedFromFormData(form: FormData): Submitted {
  const out: Submitted = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = all.length > 1 ? all : all[0];
  }
  return out;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());

function validDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

function readValue(field: FormField, raw: string | string[] | undefined, errors: FieldError[]) {
  const error = (code: FieldErrorCode, limit?: number | string) =>
    errors.push({ key: field.key, code, ...(limit !== undefined ? { limit } : {}) });
  switch (field.type) {
    case 'checkbox':
      return first(raw) === 'on' || first(raw) === 'true';
    case 'checklist': {
      const allowed = new Set(field.options.map((o) => o.value));
      const values = [...new Set(list(raw))];
      if (values.some((v) => !allowed.has(v))) error('option');
      return values.length ? values : undefined;
    }
    case 'number': {
      const text = (first(raw) ?? '').trim().replace(',', '.');
      if (text === '') return undefined;
      const n = Number(text);
      if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(n)) {
        error('number');
        return undefined;
      }
      if (field.min !== undefined && n < field.min) error('min', field.min);
      if (field.max !== undefined && n > field.max) error('max', field.max);
      return n;
    }
    case 'radio':
    case 'select': {
      const text = first(raw) ?? '';
      if (text === '') return undefined;
      if (!field.options.some((o) => o.value === text)) error('option');
      return text;
    }
    case 'datetime': {
      const text = (first(raw) ?? '').trim();
      if (text === '') return undefined;
      const ok =
        field.subtype === 'time'
          ? /^([01]\d|2[0-3]):[0-5]\d$/.test(text)
          : field.subtype === 'datetime'
            ? validDate(text.slice(0, 10)) && /^T([01]\d|2[0-3]):[0-5]\d$/.test(text.slice(10))
            : validDate(text);
      if (!ok) error('date');
      return text;
    }
    case 'textfield':
    case 'textarea': {
      const text = (first(raw) ?? '').replace(/\r\n/g, '\n').trim();
      if (text === '') return undefined;
      if (field.minLength !== undefined && text.length < field.minLength)
        error('minLength', field.minLength);
      if (field.maxLength !== undefined && text.length > field.maxLength)
        error('maxLength', field.maxLength);
      if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(text))
        error('pattern');
      return text;
    }
  }
}

export function readFormSubmission(
  items: FormItem[],
  submitted: Submitted,
): { values: Variables; errors: FieldError[] } {
  const fields = items.filter((i): i is FormField => i.type !== 'text');
  const values: Variables = {};
  const errors: FieldError[] = [];
  for (const field of fields) {
    const value = readValue(field, submitted[field.key], errors);
    if (value !== undefined) values[field.key] = value;
  }
  // Hidden fields (conditional.hide over the submitted values) are neither kept nor checked.
  for (const field of fields) {
    if (isHidden(field, values)) {
      delete values[field.key];
      for (let i = errors.length - 1; i >= 0; i--)
        if (errors[i]!.key === field.key) errors.splice(i, 1);
      continue;
    }
    const missing =
      field.type === 'checkbox' ? values[field.key] !== true : values[field.key] === undefined;
    if (field.required && missing) errors.push({ key: field.key, code: 'required' });
  }
  return { values, errors };
}
