import { describe, expect, it } from 'vitest';
import { userClaims } from './claims';

describe('userClaims', () => {
  it('names the user by preferred_username, then email, then name, then sub', () => {
    expect(userClaims({ sub: 's1', preferred_username: 'ada', email: 'ada@example.com', name: 'Ada' }, 'groups')?.name).toBe('ada');
    expect(userClaims({ sub: 's1', email: 'ada@example.com', name: 'Ada' }, 'groups')?.name).toBe('ada@example.com');
    expect(userClaims({ sub: 's1', name: 'Ada' }, 'groups')?.name).toBe('Ada');
    expect(userClaims({ sub: 's1' }, 'groups')).toEqual({ subject: 's1', name: 's1', groups: [] });
    expect(userClaims({ name: 'no subject' }, 'groups')).toBeNull();
  });

  it('reads groups as a list, a single string, a claim whose name has dots, or a dotted path (Keycloak realm roles)', () => {
    expect(userClaims({ sub: 's', groups: ['a', ' b ', 3, ''] }, 'groups')?.groups).toEqual(['a', 'b']);
    expect(userClaims({ sub: 's', groups: 'sre' }, 'groups')?.groups).toEqual(['sre']);
    expect(userClaims({ sub: 's', 'https://example.com/groups': ['x'] }, 'https://example.com/groups')?.groups).toEqual(['x']);
    expect(userClaims({ sub: 's', realm_access: { roles: ['admin'] } }, 'realm_access.roles')?.groups).toEqual(['admin']);
    expect(userClaims({ sub: 's', realm_access: {} }, 'realm_access.roles')?.groups).toEqual([]);
  });
});
