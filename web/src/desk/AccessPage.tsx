import { useEffect, useState } from 'react';
import { fetchSignIn } from '../common/access';

/**
 * The full page shown instead of the desk when the server answers 401 (not
 * signed in, or the session ended) or 403 (signed in without the role this
 * needs): what happened and what to do, never a blank page.
 */
export function AccessPage({ kind, detail, next }: { kind: 'unauthorized' | 'forbidden'; detail: string; next: string }) {
  const [signIn, setSignIn] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (kind === 'unauthorized') void fetchSignIn().then(setSignIn);
  }, [kind]);
  if (kind === 'forbidden')
    return (
      <main className="access-page" data-testid="access-page" data-kind="forbidden">
        <h1>You do not have access to this</h1>
        <p>{detail}</p>
        <p>Ask a fleetscope admin for a role that allows it: they map one of your groups to a role (auth.groups in fleetscope&apos;s config).</p>
        <p>
          <a href="/">Back to the overview</a>
        </p>
      </main>
    );
  return (
    <main className="access-page" data-testid="access-page" data-kind="unauthorized">
      <h1>Sign in to fleetscope</h1>
      <p>You are not signed in, or your session has ended ({detail}).</p>
      {signIn === undefined ? null : signIn ? (
        <p>
          <a className="button" href={`${signIn}?next=${encodeURIComponent(next)}`} data-testid="sign-in">
            Sign in
          </a>
        </p>
      ) : (
        <p>
          This fleetscope has no sign-in page of its own: it is reached through its organisation&apos;s proxy, or with a token. Ask whoever runs it how to reach
          it.
        </p>
      )}
    </main>
  );
}
