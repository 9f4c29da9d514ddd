import type { Exchange } from './use-wall-access';
import { hadWallAccess } from './wall-token';

/**
 * The wall's full-screen notice when it may not show the fleet: never a
 * sign-in page (nobody signs in on a TV), but what happened and what an admin
 * does about it.
 */
export function AccessNotice({ exchange, detail }: { exchange: Exchange; detail: string }) {
  const refused = exchange.state === 'refused';
  const revoked = !refused && (hadWallAccess() || detail === 'access revoked');
  return (
    <div className="wall-access" role="alert" data-testid="access-notice" data-reason={refused ? 'refused' : revoked ? 'revoked' : 'none'}>
      <strong>{refused ? 'Wall token refused' : revoked ? 'Access revoked' : 'No access'}</strong>
      <p>
        {refused
          ? exchange.detail
          : revoked
            ? "This screen's token has been revoked: the screen shows nothing more until it is given a new one."
            : 'This screen has not been given a token.'}
      </p>
      <p className="wall-access-how">
        An admin creates a viewer token (<code>fleetscope token create --name lobby-tv --role viewer</code>) and opens{' '}
        <code>{location.origin}/wall#token=…</code> on this screen once.
      </p>
    </div>
  );
}
