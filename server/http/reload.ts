import { Router, type Request, type Response } from 'express';
import { actorOf } from '../auth/audit';
import type { ConfigReloader } from '../auth/reload';
import { onlyMethods, sendError } from './errors';
import { callerOf, identityOf } from './guard';

/** `POST /-/reload` (or PUT, as Prometheus takes it): re-reads the tokens file and the web configuration file (admins only: access.ts). */
export function createReloadRouter(reloader: ConfigReloader): Router {
  const router = Router();
  router.route('/-/reload').post(handle).put(handle).all(onlyMethods('POST', 'PUT'));
  return router;

  async function handle(req: Request, res: Response) {
    const result = await reloader.reload(actorOf(identityOf(req), callerOf(req).address));
    if (!result.ok)
      return sendError(req, res, 400, {
        error: 'the config could not be reloaded; what was in force stays in force',
        detail: result.problems.join('; '),
      });
    res.json({ reloaded: reloader.parts, changes: result.changes });
  }
}
