// Upload limits from configuration (DOCUMENT_MAX_BYTES, DOCUMENT_MAX_PAGES, DOCUMENT_MAX_PIXELS).
import { z } from 'zod';
import { DEFAULT_SNIFF_LIMITS, type SniffLimits } from './sniff';

const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const LimitsEnv = z.object({
  DOCUMENT_MAX_BYTES: positive(DEFAULT_SNIFF_LIMITS.maxBytes),
  DOCUMENT_MAX_PAGES: positive(DEFAULT_SNIFF_LIMITS.maxPages),
  DOCUMENT_MAX_PIXELS: positive(DEFAULT_SNIFF_LIMITS.maxPixels),
});

export function uploadLimits(env: Record<string, string | undefined> = process.env): SniffLimits {
  const parsed = LimitsEnv.parse({
    DOCUMENT_MAX_BYTES: env.DOCUMENT_MAX_BYTES || undefined,
    DOCUMENT_MAX_PAGES: env.DOCUMENT_MAX_PAGES || undefined,
    DOCUMENT_MAX_PIXELS: env.DOCUMENT_MAX_PIXELS || undefined,
  });
  return {
    ...DEFAULT_SNIFF_LIMITS,
    maxBytes: parsed.DOCUMENT_MAX_BYTES,
    maxPages: parsed.DOCUMENT_MAX_PAGES,
    maxPixels: parsed.DOCUMENT_MAX_PIXELS,
  };
}
