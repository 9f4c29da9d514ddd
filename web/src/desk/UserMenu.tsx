import { useState } from 'react';
import type { Me } from '../../../shared/auth';
import { errorDetail, postJson } from '../common/access';

/** Who is signed in and with which role; "Sign out" for a sign-in session (other ways in have nothing to sign out of). */
export function UserMenu({ me }: { me: Me }) {
  const [problem, setProblem] = useState<string | null>(null);
  if (me.method === 'none') return null;
  const signOut = async () => {
    const { status, body } = await postJson('/auth/logout');
    if (status !== 200) return setProblem(status === null ? 'fleetscope could not be reached' : errorDetail(body, status));
    const url: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'providerLogoutUrl') : null;
    location.assign(typeof url === 'string' ? url : '/');
  };
  return (
    <span className="user-menu" data-testid="user-menu" data-role={me.role}>
      <span title={me.email ?? me.name}>{me.name}</span> <span className="role">{me.role}</span>
      {me.method === 'session' && (
        <button type="button" onClick={() => void signOut()} data-testid="sign-out">
          Sign out
        </button>
      )}
      {problem && <span role="alert">Sign-out failed: {problem}</span>}
    </span>
  );
}
