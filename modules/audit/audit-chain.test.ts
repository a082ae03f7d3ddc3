import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/test/db';
import { appendAudit, verifyAuditChain } from './index';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.close();
});

async function asAttacker(sqlText: string, params: unknown[] = []) {
  // Someone with superuser access to the database bypasses the append-only trigger.
  const client = new pg.Client(t.url);
  await client.connect();
  try {
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await client.query(sqlText, params);
  } finally {
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    await client.end();
  }
}

describe('audit log hash chain', () => {
  it('chains every row to the previous one and verifies intact', async () => {
    for (let i = 0; i < 5; i++) {
      await appendAudit(t.db, {
        actorName: 'Tester',
        action: 'client.read',
        clientId: null,
        purpose: `case ${i}`,
        details: { z: i, a: { nested: true, list: [3, 1] } },
      });
    }
    const report = await verifyAuditChain(t.db);
    expect(report).toEqual({ ok: true, rows: 5, lastSeq: expect.any(Number) });
    const rows = await t.pool.query('SELECT prev_hash, hash FROM audit_log ORDER BY seq');
    for (let i = 1; i < rows.rows.length; i++) {
      expect(rows.rows[i].prev_hash).toBe(rows.rows[i - 1].hash);
    }
  });

  it('stays linear when many writers append at once', async () => {
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        appendAudit(t.db, { actorName: `w${i}`, action: 'login', details: { i } }),
      ),
    );
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, rows: 35 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the normal path', async () => {
    await expect(t.pool.query(`UPDATE audit_log SET actor_name = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(t.pool.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('reports the first changed row when a row is altered', async () => {
    const { rows } = await t.pool.query<{ seq: string }>(
      'SELECT seq FROM audit_log ORDER BY seq LIMIT 1 OFFSET 2',
    );
    const target = Number(rows[0]!.seq);
    await asAttacker(`UPDATE audit_log SET purpose = 'innocent' WHERE seq = $1`, [target]);
    expect(await verifyAuditChain(t.db)).toMatchObject({
      ok: false,
      brokenAtSeq: target,
      reason: 'content_changed',
    });
  });

  it('reports the row after a deleted one as a broken link', async () => {
    const fresh = await createTestDatabase();
    try {
      for (let i = 0; i < 4; i++)
        await appendAudit(fresh.db, { actorName: 'T', action: 'login', details: { i } });
      const { rows } = await fresh.pool.query<{ seq: string }>(
        'SELECT seq FROM audit_log ORDER BY seq',
      );
      const seqs = rows.map((r) => Number(r.seq));
      const client = new pg.Client(fresh.url);
      await client.connect();
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await client.query('DELETE FROM audit_log WHERE seq = $1', [seqs[1]]);
      await client.end();
      expect(await verifyAuditChain(fresh.db)).toMatchObject({
        ok: false,
        brokenAtSeq: seqs[2],
        reason: 'link_broken',
      });
    } finally {
      await fresh.close();
    }
  });
});
