import { Link, Outlet } from '@tanstack/react-router';
import { useEffect } from 'react';
import { UserMenu } from '../features/auth/components/user-menu.tsx';
import { PendingApprovals } from '../features/jobs/components/pending-approvals.tsx';
import { SpaceSelector } from '../features/spaces/components/space-selector.tsx';
import { useSession } from '../features/auth/public.ts';
import { can } from '../lib/session.ts';
import { NAV } from './nav.ts';

export function AppLayout() {
  const session = useSession();
  useEffect(() => {
    // "/" focuses the page's search box, wherever the user is (unless they are typing).
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const search = document.querySelector<HTMLInputElement>('[data-page-search]');
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  if (!session) return null;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">mdm-console</span>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => can(session, item.permission)).map((item) => (
              <li key={item.to}>
                <Link to={item.to} activeProps={{ 'aria-current': 'page', className: 'active' }}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <PendingApprovals session={session} />
          <SpaceSelector session={session} />
          <UserMenu session={session} />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
