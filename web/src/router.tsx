import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

/** The current path and query; follows pushState navigation and the back button. */
export function useLocation(): { path: string; search: string } {
  const read = () => ({ path: location.pathname, search: location.search });
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const onChange = () => setCurrent(read());
    window.addEventListener('popstate', onChange);
    window.addEventListener('fleetscope:navigate', onChange);
    return () => {
      window.removeEventListener('popstate', onChange);
      window.removeEventListener('fleetscope:navigate', onChange);
    };
  }, []);
  return current;
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  window.dispatchEvent(new Event('fleetscope:navigate'));
}

/** An ordinary link (works with a new tab and without JavaScript) that navigates in place on a plain click. */
export function Link({ to, className, children }: { to: string; className?: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} className={className} onClick={onClick}>
      {children}
    </a>
  );
}
