import type { Session } from '@mdm-console/contract';
import { useNavigate } from '@tanstack/react-router';
import { useId, useRef, useState } from 'react';
import { THEMES, chooseTheme, storedTheme, type Theme } from '../../../lib/theme.ts';
import { useDismiss } from '../../../lib/use-dismiss.ts';
import { useSignOut } from '../api/sign-out.ts';

const THEME_LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function UserMenu({ session }: { session: Session }) {
  const [open, setOpen] = useState(false);
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const menuId = useId();
  const container = useRef<HTMLDivElement>(null);
  const signOut = useSignOut();
  const navigate = useNavigate();

  useDismiss(open, container, () => setOpen(false));

  return (
    <div className="user-menu" ref={container}>
      <button
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="visually-hidden">User menu: </span>
        <span className="user-email">{session.user.email}</span>
        <span className="role-badge">{session.role}</span>
      </button>
      {open ? (
        <div id={menuId} className="user-menu-panel">
          <p className="muted">
            Signed in as <strong>{session.user.email}</strong> ({session.role})
          </p>
          <fieldset className="theme-choice">
            <legend>Theme</legend>
            {THEMES.map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name="theme"
                  value={value}
                  checked={theme === value}
                  onChange={() => {
                    setTheme(value);
                    chooseTheme(value);
                  }}
                />
                {THEME_LABELS[value]}
              </label>
            ))}
          </fieldset>
          <button
            type="button"
            onClick={() =>
              signOut.mutate(undefined, {
                // Someone who came through the company's provider is signed out there as well.
                onSuccess: (redirectTo) => {
                  if (redirectTo !== null) window.location.assign(redirectTo);
                  else void navigate({ to: '/sign-in', search: {} });
                },
                onError: () => void navigate({ to: '/sign-in', search: {} }),
              })
            }
          >
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
