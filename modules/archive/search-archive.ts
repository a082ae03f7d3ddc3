// Full-text search over documents (Finnish and Swedish word forms) with filters. Staff who handle
// clients see their units' clients; archivists see all, for a stated archival purpose. Audited.
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { DOCUMENT_TYPES, documents, signatureStatusEnum } from '@/db/documents-schema';
import { clients } from '@/db/schema';
import type { LoadedActor } from '@/modules/access/load-actor';
import { CLIENT_HANDLING_ROLES } from '@/modules/access/rules';
import { appendAudit } from '@/modules/audit';
import { helsinkiToday } from '@/modules/calendar/helsinki-time';
import { isArchivalPurpose } from '@/modules/documents/decide-document-access';
import { AppError } from '@/modules/errors';
import { RETENTION_STATES, retentionStateCondition } from './retention-state';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ArchiveQuery = z
  .object({
    text: z.string().trim().max(200).optional(),
    clientId: z.uuid().optional(),
    caseId: z.uuid().optional(),
    type: z.enum(DOCUMENT_TYPES).optional(),
    signatureStatus: z.enum(signatureStatusEnum.enumValues).optional(),
    retentionState: z.enum(RETENTION_STATES).optional(),
    legalHold: z.boolean().optional(),
    /** Inclusive dates (Helsinki time is close enough for a filter: whole UTC days). */
    from: isoDate.optional(),
    to: isoDate.optional(),
    sort: z.enum(['relevance', 'newest', 'oldest', 'title']).default('relevance'),
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'the start date is after the end date',
    path: ['to'],
  });
export type ArchiveQuery = z.input<typeof ArchiveQuery>;

/** Matches counted up to this; more shows as "more than 10 000". */
export const TOTAL_CAP = 10_000;

export interface ArchiveHit {
  id: string;
  clientId: string;
  clientName: string;
  caseId: string | null;
  type: (typeof DOCUMENT_TYPES)[number];
  title: string;
  language: string;
  createdAt: Date;
  signatureStatus: (typeof signatureStatusEnum.enumValues)[number];
  retentionClass: string | null;
  disposalDate: string | null;
  legalHold: boolean;
  rank: number;
}

export async function searchArchive(
  db: Database,
  actor: LoadedActor,
  input: ArchiveQuery,
  purpose: string | null,
  now: Date = new Date(),
): Promise<{ hits: ArchiveHit[]; total: number; totalIsLowerBound: boolean }> {
  const parsed = ArchiveQuery.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', parsed.error.message);
  const query = parsed.data;

  const conditions: SQL[] = [];
  let basis: 'archival' | 'unit_membership';
  if (actor.roles.includes('archivist')) {
    if (!isArchivalPurpose(purpose)) {
      throw new AppError('invalid_input', 'an archival purpose is required');
    }
    basis = 'archival';
  } else if (
    actor.roles.some((role) => CLIENT_HANDLING_ROLES.includes(role)) &&
    actor.unitIds.length > 0
  ) {
    basis = 'unit_membership';
    conditions.push(inArray(clients.responsibleUnitId, [...actor.unitIds]));
  } else {
    await appendAudit(db, {
      actorUserId: actor.userId,
      actorName: actor.displayName,
      action: 'access.denied',
      purpose,
      details: { resource: 'archive', reason: 'no_role' },
    });
    throw new AppError('forbidden', 'no archive access for this role');
  }

  const text = query.text ? query.text : undefined;
  // Matched on the normalised word forms (hakemus ~ hakemuksen, ansökan ~ ansökningar), each
  // word in either language (search_query in db/migrations/0010_search_word_forms.sql).
  const forms = text ? sql`search_query(${text})` : undefined;
  if (forms) conditions.push(sql`${documents.searchForms} @@ ${forms}`);
  if (query.clientId) conditions.push(eq(documents.clientId, query.clientId));
  if (query.caseId) conditions.push(eq(documents.caseId, query.caseId));
  if (query.type) conditions.push(eq(documents.type, query.type));
  if (query.signatureStatus) conditions.push(eq(documents.signatureStatus, query.signatureStatus));
  if (query.retentionState) {
    conditions.push(retentionStateCondition(query.retentionState, helsinkiToday(now)));
  }
  if (query.legalHold !== undefined) conditions.push(eq(documents.legalHold, query.legalHold));
  if (query.from) conditions.push(gte(documents.createdAt, new Date(`${query.from}T00:00:00Z`)));
  if (query.to) {
    const end = new Date(`${query.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    conditions.push(lt(documents.createdAt, end));
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const offset = (query.page - 1) * query.pageSize;
  // The join to clients only where it filters (every document has exactly one client).
  const fromMatching = (columns: SelectedFields) =>
    basis === 'unit_membership'
      ? db
          .select(columns)
          .from(documents)
          .innerJoin(clients, eq(clients.id, documents.clientId))
          .where(where)
      : db.select(columns).from(documents).where(where);

  let rows: ArchiveHit[];
  let matches: number | undefined;
  if (forms && query.sort === 'relevance') {
    // Documents with the very stems of the query (the snowball vectors) come before those that
    // only share a normalised form; ts_rank stays below 1.
    const rank = sql`ts_rank(${documents.searchForms}, ${forms}) + CASE WHEN ${documents.searchFi} @@ websearch_to_tsquery('finnish', ${text}) OR ${documents.searchSv} @@ websearch_to_tsquery('swedish', ${text}) THEN 1 ELSE 0 END`;
    // Every match is ranked anyway, so the same pass counts them. The matches are fenced off
    // (MATERIALIZED) with just id, date and rank: otherwise the planner carries the search
    // vectors through the window count and the sort (over 100 000 documents they spilled to
    // disk; bench/documents.ts).
    const matched = fromMatching({
      id: documents.id,
      createdAt: documents.createdAt,
      rank: rank.as('rank'),
    });
    const top = await db.execute<{ id: string; rank: number; matches: string }>(
      sql`WITH matched AS MATERIALIZED (${matched})
          SELECT id, rank, count(*) OVER () AS matches FROM matched
          ORDER BY rank DESC, created_at DESC, id DESC
          LIMIT ${query.pageSize} OFFSET ${offset}`,
    );
    const details = top.rows.length
      ? await db
          .select(pageColumns)
          .from(documents)
          .innerJoin(clients, eq(clients.id, documents.clientId))
          .where(
            inArray(
              documents.id,
              top.rows.map((r) => r.id),
            ),
          )
      : [];
    const byId = new Map(details.map((row) => [row.id, row]));
    rows = top.rows.flatMap((r) => {
      const row = byId.get(r.id);
      return row ? [{ ...row, rank: Number(r.rank) }] : [];
    });
    if (top.rows.length > 0) matches = Number(top.rows[0]!.matches);
  } else {
    // In index order, stopping at the page.
    rows = (
      await db
        .select(pageColumns)
        .from(documents)
        .innerJoin(clients, eq(clients.id, documents.clientId))
        .where(where)
        .orderBy(...orderFor(query.sort))
        .limit(query.pageSize)
        .offset(offset)
    ).map((row) => ({ ...row, rank: 0 }));
  }
  if (matches === undefined) {
    const lastPage = offset === 0 || rows.length > 0;
    if (lastPage && rows.length < query.pageSize) {
      matches = offset + rows.length;
    } else {
      // Capped: beyond the cap the total is a lower bound.
      const counted = await db.execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM (${fromMatching({ one: sql`1` }).limit(TOTAL_CAP + 1)}) AS matches`,
      );
      matches = Number(counted.rows[0]?.n ?? 0);
    }
  }
  const total = Math.min(matches, TOTAL_CAP);
  const totalIsLowerBound = matches > TOTAL_CAP;
  await appendAudit(db, {
    actorUserId: actor.userId,
    actorName: actor.displayName,
    action: 'document.search',
    purpose: purpose ?? 'archive search',
    details: {
      resource: 'archive',
      basis,
      query: { ...query },
      resultCount: total,
      clientIds: [...new Set(rows.map((r) => r.clientId))],
    },
  });
  return { hits: rows, total, totalIsLowerBound };
}

function orderFor(sort: z.output<typeof ArchiveQuery>['sort']) {
  const newest = [desc(documents.createdAt), desc(documents.id)];
  switch (sort) {
    case 'oldest':
      return [asc(documents.createdAt), asc(documents.id)];
    case 'title':
      return [asc(documents.title), asc(documents.id)];
    case 'newest':
    case 'relevance':
      return newest;
  }
}

const pageColumns = {
  id: documents.id,
  clientId: documents.clientId,
  clientName: sql<string>`${clients.firstNames} || ' ' || ${clients.lastName}`,
  caseId: documents.caseId,
  type: documents.type,
  title: documents.title,
  language: documents.language,
  createdAt: documents.createdAt,
  signatureStatus: documents.signatureStatus,
  retentionClass: documents.retentionClass,
  disposalDate: documents.disposalDate,
  legalHold: documents.legalHold,
};
