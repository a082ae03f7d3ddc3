// The subset of the form-js schema (Camunda forms, `workflows/*.form`) that task forms render
// and validate on the server: the component types our forms use, their validation rules and
// `conditional.hide`. Labels carry the three languages as "fi / sv / en".
import { evaluate } from '@bpmn-io/feelin';
import { z } from 'zod';
import type { Locale } from '@/modules/i18n/locales';

export const INPUT_TYPES = [
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'radio',
  'select',
  'checklist',
  'datetime',
] as const;
export type InputType = (typeof INPUT_TYPES)[number];

const option = z.object({ label: z.string(), value: z.string() });

const rawComponent: z.ZodType<RawComponent> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    key: z.string().optional(),
    id: z.string().optional(),
    label: z.string().optional(),
    dateLabel: z.string().optional(),
    timeLabel: z.string().optional(),
    description: z.string().optional(),
    text: z.string().optional(),
    subtype: z.string().optional(),
    defaultValue: z.unknown().optional(),
    values: z.array(option).optional(),
    validate: z
      .object({
        required: z.boolean().optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        minLength: z.number().int().optional(),
        maxLength: z.number().int().optional(),
        pattern: z.string().optional(),
      })
      .optional(),
    conditional: z.object({ hide: z.string().optional() }).optional(),
    components: z.array(rawComponent).optional(),
  }),
);

interface RawComponent {
  type: string;
  key?: string;
  id?: string;
  label?: string;
  dateLabel?: string;
  timeLabel?: string;
  description?: string;
  text?: string;
  subtype?: string;
  defaultValue?: unknown;
  values?: { label: string; value: string }[];
  validate?: {
    required?: boolean;
    min?: number;
    max?: number;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
  };
  conditional?: { hide?: string };
  components?: RawComponent[];
}

export interface FormField {
  type: InputType;
  key: string;
  /** Trilingual as deployed; `localise` picks the user's part. */
  label: string;
  description?: string;
  /** datetime: 'date' | 'time' | 'datetime'. */
  subtype?: string;
  defaultValue?: unknown;
  options: { label: string; value: string }[];
  required: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** A FEEL expression (`=...`): the field is hidden (and its value dropped) when true. */
  hide?: string;
}

/** A static text block of the form (form-js `text`). */
export interface FormText {
  type: 'text';
  text: string;
}

export type FormItem = FormField | FormText;

/** A form the generic renderer cannot show: names the component types it does not know. */
export class UnsupportedFormError extends Error {
  constructor(public readonly types: string[]) {
    super(`unsupported form components: ${types.join(', ')}`);
    this.name = 'UnsupportedFormError';
  }
}

/** The form's fields in order (groups flattened); throws for components it cannot render. */
export function parseFormSchema(schema: unknown): FormItem[] {
  const parsed = z.object({ components: z.array(rawComponent) }).parse(schema);
  const items: FormItem[] = [];
  const unsupported = new Set<string>();
  const visit = (components: RawComponent[]) => {
    for (const c of components) {
      if (c.type === 'group' || c.type === 'dynamiclist') {
        if (c.type === 'dynamiclist') unsupported.add(c.type);
        visit(c.components ?? []);
        continue;
      }
      if (c.type === 'text') {
        if (c.text) items.push({ type: 'text', text: c.text });
        continue;
      }
      if (c.type === 'spacer' || c.type === 'separator') continue;
      if (!(INPUT_TYPES as readonly string[]).includes(c.type) || !c.key) {
        unsupported.add(c.type);
        continue;
      }
      items.push({
        type: c.type as InputType,
        key: c.key,
        label: (c.type === 'datetime' ? (c.dateLabel ?? c.label) : c.label) ?? c.key,
        description: c.description,
        subtype: c.subtype,
        defaultValue: c.defaultValue,
        options: c.values ?? [],
        required: c.validate?.required ?? false,
        min: c.validate?.min,
        max: c.validate?.max,
        minLength: c.validate?.minLength,
        maxLength: c.validate?.maxLength,
        pattern: c.validate?.pattern,
        hide: c.conditional?.hide,
      });
    }
  };
  visit(parsed.components);
  if (unsupported.size) throw new UnsupportedFormError([...unsupported]);
  return items;
}

const LOCALE_INDEX: Record<Locale, number> = { fi: 0, sv: 1, en: 2 };

/** "Hakemus / Ansökan / Application" → the part in the user's language (else the whole text). */
export function localise(text: string, locale: Locale): string {
  const parts = text.split(' / ');
  return parts.length === 3 ? parts[LOCALE_INDEX[locale]]!.trim() : text;
}

/** Evaluates a `conditional.hide` expression; a missing variable counts as null (as form-js). */
export function isHidden(field: FormField, values: Record<string, unknown>): boolean {
  if (!field.hide) return false;
  const body = field.hide.trimStart().startsWith('=')
    ? field.hide.trimStart().slice(1)
    : field.hide;
  try {
    return evaluate(body, values).value === true;
  } catch {
    return false;
  }
}
