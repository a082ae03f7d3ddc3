// The state of a work-queue page in its URL (tab, filters, sort): parsed and validated at the
// edge, the same shape whether it comes from the filter form, a link or a saved filter.
import { z } from 'zod';

export const QUEUE_SORTS = ['deadline', 'priority'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** `mine`: tasks assigned to me; `group:<candidate group>`; `all`: every queue of a team lead's units. */
const tab = z.string().regex(/^(mine|all|group:[A-Za-z0-9:_.-]{1,100})$/);
const bpmnId = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/);
const isoDate = z.iso.date();

const viewSchema = z
  .object({
    tab: tab.default('mine'),
    process: bpmnId.optional(),
    task: bpmnId.optional(),
    dueFrom: isoDate.optional(),
    dueTo: isoDate.optional(),
    overdue: z.literal('1').optional(),
    followFrom: isoDate.optional(),
    followTo: isoDate.optional(),
    urgent: z.literal('1').optional(),
    unit: z.uuid().optional(),
    assignee: z.union([z.literal('none'), z.uuid()]).optional(),
    sort: z.enum(QUEUE_SORTS).default('deadline'),
  })
  .strict();

export type QueueView = z.infer<typeof viewSchema>;

export const QUEUE_VIEW_FIELDS = [
  'tab',
  'process',
  'task',
  'dueFrom',
  'dueTo',
  'overdue',
  'followFrom',
  'followTo',
  'urgent',
  'unit',
  'assignee',
  'sort',
] as const;
export type QueueViewField = (typeof QUEUE_VIEW_FIELDS)[number];

export const DEFAULT_VIEW: QueueView = { tab: 'mine', sort: 'deadline' };

export type ParsedView =
  { ok: true; view: QueueView } | { ok: false; fields: QueueViewField[]; view: QueueView };

/**
 * Reads a view from URL parameters (empty values mean "not set"). On bad input the fields are
 * named and only the tab is kept, so that nothing is filtered on a value the user did not mean.
 */
export function parseQueueView(input: Record<string, unknown>): ParsedView {
  const raw: Record<string, string> = {};
  for (const field of QUEUE_VIEW_FIELDS) {
    const value = Array.isArray(input[field]) ? input[field][0] : input[field];
    if (typeof value === 'string' && value.trim() !== '') raw[field] = value.trim();
  }
  const parsed = viewSchema.safeParse(raw);
  const fields = new Set<QueueViewField>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (typeof field === 'string' && (QUEUE_VIEW_FIELDS as readonly string[]).includes(field))
        fields.add(field as QueueViewField);
    }
  } else {
    const v = parsed.data;
    if (v.dueFrom && v.dueTo && v.dueFrom > v.dueTo) fields.add('dueTo');
    if (v.followFrom && v.followTo && v.followFrom > v.followTo) fields.add('followTo');
  }
  if (fields.size || !parsed.success) {
    const keptTab = tab.safeParse(raw.tab);
    return {
      ok: false,
      fields: [...fields],
      view: { ...DEFAULT_VIEW, tab: keptTab.success && !fields.has('tab') ? keptTab.data : 'mine' },
    };
  }
  return { ok: true, view: parsed.data };
}

/** The view as URL parameters, defaults left out (links, saved filters). */
export function queueViewParams(view: QueueView): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of QUEUE_VIEW_FIELDS) {
    const value = view[field];
    if (value === undefined || value === DEFAULT_VIEW[field as 'tab' | 'sort']) continue;
    params.set(field, value);
  }
  return params;
}

/** A page cursor from the URL: opaque to us, bounded in size; the engine validates it. */
export function parseCursor(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(v) ? v : undefined;
}
