// Strict FEEL evaluation on top of @bpmn-io/feelin.
// feelin answers null plus a warning for a missing variable or a type error; Zeebe raises an
// incident there, and so do we: every such warning becomes a FeelError.
import { evaluate } from '@bpmn-io/feelin';

export class FeelError extends Error {
  constructor(
    public readonly expression: string,
    message: string,
  ) {
    super(`failed to evaluate expression '${expression}': ${message}`);
    this.name = 'FeelError';
  }
}

/** Warnings that do not make an expression fail (a missing key of a context is just null). */
const TOLERATED = new Set(['NO_CONTEXT_ENTRY_FOUND', 'NO_PROPERTY_FOUND']);

export function isFeel(value: unknown): value is string {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

/** Evaluate `=expr` strictly; plain values (no leading '=') are returned unchanged. */
export function evalFeel(expression: string, context: Record<string, unknown>): unknown {
  if (!isFeel(expression)) return expression;
  const body = expression.trimStart().slice(1);
  let result;
  try {
    result = evaluate(body, context);
  } catch (err) {
    throw new FeelError(body, err instanceof Error ? err.message : String(err));
  }
  const bad = result.warnings.filter((w) => !TOLERATED.has(w.type));
  if (bad.length) throw new FeelError(body, bad.map((w) => w.message).join('; '));
  return toPlain(result.value);
}

export function evalFeelBoolean(expression: string, context: Record<string, unknown>): boolean {
  const v = evalFeel(expression, context);
  if (typeof v !== 'boolean') {
    throw new FeelError(expression, `expected a boolean but got ${JSON.stringify(v)}`);
  }
  return v;
}

export function evalFeelString(expression: string, context: Record<string, unknown>): string {
  const v = evalFeel(expression, context);
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') {
    throw new FeelError(expression, `expected a string but got ${JSON.stringify(v)}`);
  }
  return v;
}

interface LuxonLike {
  isLuxonDateTime?: boolean;
  isLuxonDuration?: boolean;
  isLuxonInterval?: boolean;
  toISO(): string | null;
}

/** Converts luxon dates/durations (and nested ones) to ISO strings so values are JSON-safe. */
export function toPlain(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') return null;
    return value;
  }
  const l = value as LuxonLike;
  if (l.isLuxonDateTime || l.isLuxonDuration || l.isLuxonInterval) return l.toISO();
  if (Array.isArray(value)) return value.map(toPlain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
  return out;
}
