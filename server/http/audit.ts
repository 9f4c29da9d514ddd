import { Router } from 'express';
import type { AuditList } from '../../shared/auth';
import type { AuditLog } from '../auth/audit';
import { onlyMethods, sendError } from './errors';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** GET /api/audit?limit=&before=: the audit log, newest first (admins only: access.ts). */
export function createAuditRouter(audit: AuditLog): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const limitText = typeof req.query.limit === 'string' ? req.query.limit : undefined;
    const beforeText = typeof req.query.before === 'string' ? req.query.before : undefined;
    const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
    const before = beforeText === undefined ? undefined : Number(beforeText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return sendError(req, res, 400, { error: 'invalid parameter "limit"', detail: `limit must be a whole number from 1 to ${MAX_LIMIT}` });
    if (before !== undefined && (!Number.isInteger(before) || before < 1))
      return sendError(req, res, 400, { error: 'invalid parameter "before"', detail: 'before must be the id of an entry (the "next" of the previous page)' });
    // One more than asked tells whether there is a next page.
    const entries = await audit.list({ limit: limit + 1, before });
    const page = entries.slice(0, limit);
    const body: AuditList = {
      entries: page.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      next: entries.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
    res.json(body);
  });
  router.all('/audit', onlyMethods('GET'));
  return router;
}
