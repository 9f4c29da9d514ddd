import { Router } from 'express';
import type { Me } from '../../shared/auth';
import type { AccessMode } from '../auth/access-mode';
import { roleAllows, type Role } from '../auth/types';
import { ruleFor } from './access';
import { onlyMethods } from './errors';
import { identityOf } from './guard';

/** Whether `role` may use a route, by the access table itself: what the UI offers is what the server allows. */
function may(role: Role, method: string, path: string): boolean {
  const rule = ruleFor(method, path);
  return rule === 'public' || (rule !== 'alertmanager' && roleAllows(role, rule));
}

/** GET /api/me: who the caller is, their role and what it allows, and whether access control is on. Never a secret. */
export function createMeRouter(options: { mode: AccessMode }): Router {
  const router = Router();
  router.get('/me', (req, res) => {
    const identity = identityOf(req);
    const body: Me = {
      name: identity.name,
      ...(identity.email ? { email: identity.email } : {}),
      groups: [...identity.groups],
      role: identity.role,
      method: identity.method,
      may: {
        silence: may(identity.role, 'POST', '/api/silences'),
        retryNotifications: may(identity.role, 'POST', '/api/notifications/x/retry'),
        audit: may(identity.role, 'GET', '/api/audit'),
        reload: may(identity.role, 'POST', '/-/reload'),
      },
      access: options.mode,
    };
    res.json(body);
  });
  router.all('/me', onlyMethods('GET'));
  return router;
}
