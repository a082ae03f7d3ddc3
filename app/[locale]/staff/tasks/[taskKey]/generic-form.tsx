'use client';
// A task's deployed form-js form, rendered as plain HTML controls: labels in the user's language
// (the forms carry "fi / sv / en"), native validation attributes, conditional fields shown and
// hidden as the values change (the same FEEL rule the server applies on submit).
import { useState } from 'react';
import type { Locale } from '@/modules/i18n/locales';
import { isHidden, localise, type FormItem } from '@/modules/task-forms/form-schema';
import type { TaskScreen } from '@/modules/task-forms/screens';
import {
  ErrorSummary,
  FieldErrors,
  invalidProps,
  useTaskSubmit,
  type TaskTexts,
} from './form-bits';

type Value = string | string[] | boolean;

function initialValue(item: FormItem): Value {
  if (item.type === 'text') return '';
  const d = item.defaultValue;
  if (item.type === 'checkbox') return d === true;
  if (item.type === 'checklist') return Array.isArray(d) ? d.map(String) : [];
  return d === undefined || d === null ? '' : String(d);
}

/** Values as the FEEL conditions see them (numbers as numbers, empty as absent). */
function feelValues(items: FormItem[], values: Record<string, Value>) {
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (item.type === 'text') continue;
    const v = values[item.key];
    if (v === '' || v === undefined) continue;
    out[item.key] = item.type === 'number' ? Number(String(v).replace(',', '.')) : v;
  }
  return out;
}

export function GenericForm({
  locale,
  taskKey,
  items,
  t,
}: {
  locale: Locale;
  taskKey: string;
  items: FormItem[];
  t: TaskTexts;
}) {
  const screen: TaskScreen = 'generic';
  const { state, pending, onSubmit } = useTaskSubmit(locale, taskKey, screen);
  const [values, setValues] = useState<Record<string, Value>>(() =>
    Object.fromEntries(
      items.flatMap((i) => (i.type === 'text' ? [] : [[i.key, initialValue(i)] as const])),
    ),
  );
  const set = (key: string, value: Value) => setValues((v) => ({ ...v, [key]: value }));
  const context = feelValues(items, values);
  const labels = Object.fromEntries(
    items.flatMap((i) => (i.type === 'text' ? [] : [[i.key, localise(i.label, locale)]])),
  );

  return (
    <form className="task-form stack" onSubmit={onSubmit} noValidate>
      <ErrorSummary t={t} state={state} labels={labels} />
      {items.map((item, index) => {
        if (item.type === 'text') return <p key={index}>{localise(item.text, locale)}</p>;
        if (isHidden(item, context)) return null;
        const id = `field-${item.key}`;
        const label = localise(item.label, locale);
        const required = item.required ? <span className="required"> ({t.required})</span> : null;
        const common = { id, name: item.key, ...invalidProps(state, item.key) };
        const value = values[item.key];
        let control;
        switch (item.type) {
          case 'textfield':
            control = (
              <input
                {...common}
                type="text"
                required={item.required}
                minLength={item.minLength}
                maxLength={item.maxLength}
                pattern={item.pattern}
                value={String(value)}
                onChange={(e) => set(item.key, e.target.value)}
              />
            );
            break;
          case 'textarea':
            control = (
              <textarea
                {...common}
                rows={4}
                required={item.required}
                minLength={item.minLength}
                maxLength={item.maxLength}
                value={String(value)}
                onChange={(e) => set(item.key, e.target.value)}
              />
            );
            break;
          case 'number':
            control = (
              <input
                {...common}
                type="number"
                inputMode="decimal"
                required={item.required}
                min={item.min}
                max={item.max}
                value={String(value)}
                onChange={(e) => set(item.key, e.target.value)}
              />
            );
            break;
          case 'datetime':
            control = (
              <input
                {...common}
                type={
                  item.subtype === 'time'
                    ? 'time'
                    : item.subtype === 'datetime'
                      ? 'datetime-local'
                      : 'date'
                }
                required={item.required}
                value={String(value)}
                onChange={(e) => set(item.key, e.target.value)}
              />
            );
            break;
          case 'select':
            control = (
              <select
                {...common}
                required={item.required}
                value={String(value)}
                onChange={(e) => set(item.key, e.target.value)}
              >
                <option value="">—</option>
                {item.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {localise(o.label, locale)}
                  </option>
                ))}
              </select>
            );
            break;
          case 'checkbox':
            return (
              <div key={item.key} className="check">
                <input
                  {...common}
                  type="checkbox"
                  checked={value === true}
                  onChange={(e) => set(item.key, e.target.checked)}
                />
                <label htmlFor={id}>
                  {label}
                  {required}
                </label>
                <FieldErrors t={t} state={state} field={item.key} />
              </div>
            );
          case 'radio':
          case 'checklist':
            return (
              <fieldset key={item.key} id={id} {...invalidProps(state, item.key)}>
                <legend>
                  {label}
                  {required}
                </legend>
                {item.options.map((o) => {
                  const optionId = `${id}-${o.value}`;
                  const checked =
                    item.type === 'radio'
                      ? value === o.value
                      : Array.isArray(value) && value.includes(o.value);
                  return (
                    <div key={o.value} className="check">
                      <input
                        id={optionId}
                        type={item.type === 'radio' ? 'radio' : 'checkbox'}
                        name={item.key}
                        value={o.value}
                        checked={checked}
                        onChange={(e) =>
                          item.type === 'radio'
                            ? set(item.key, o.value)
                            : set(
                                item.key,
                                e.target.checked
                                  ? [...(value as string[]), o.value]
                                  : (value as string[]).filter((v) => v !== o.value),
                              )
                        }
                      />
                      <label htmlFor={optionId}>{localise(o.label, locale)}</label>
                    </div>
                  );
                })}
                <FieldErrors t={t} state={state} field={item.key} />
              </fieldset>
            );
        }
        return (
          <div key={item.key}>
            <label htmlFor={id}>
              {label}
              {required}
            </label>
            {item.description && <p className="muted">{localise(item.description, locale)}</p>}
            {control}
            <FieldErrors t={t} state={state} field={item.key} />
          </div>
        );
      })}
      <div>
        <button className="primary" type="submit" disabled={pending}>
          {t.submit}
        </button>
      </div>
    </form>
  );
}
