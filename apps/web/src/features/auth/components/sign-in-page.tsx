import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type SubmitEvent } from 'react';
import { errorMessage } from '../../../lib/api-client.ts';
import { safeRedirect } from '../../../lib/safe-redirect.ts';
import { useSignIn } from '../api/sign-in.ts';
import { useSignInOptions } from '../api/sign-in-options.ts';

/** What single sign-on's return here means, in words a person can act on. */
const SSO_MESSAGES: Record<string, string> = {
  NO_ROLE:
    'Your account has no role in mdm-console; ask your administrator to add you to one of the groups that give access.',
  SIGN_IN_EXPIRED: 'That sign-in took too long or was not started here; start again.',
  SIGN_IN_REFUSED: 'The answer from your company’s sign-in did not pass our checks; start again.',
  ACCOUNT_DISABLED: 'Your mdm-console account is disabled; ask your administrator.',
  IDP_UNREACHABLE: 'Your company’s sign-in cannot be reached right now; try again in a moment.',
  INVALID_RETURN_TO: 'After sign-in mdm-console returns only to its own pages.',
};
const ssoMessage = (code: string): string =>
  SSO_MESSAGES[code] ?? 'Signing in through your company did not work; start again.';

/** The path (within this site) to come back to after signing in through the provider. */
function returnPath(redirect: string | undefined): string {
  const url = new URL(safeRedirect(redirect), window.location.origin);
  return url.pathname + url.search + url.hash;
}

export function SignInPage() {
  const { redirect, sso } = useSearch({ from: '/sign-in' });
  const navigate = useNavigate();
  const signIn = useSignIn();
  const options = useSignInOptions();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    signIn.mutate(
      { email: email.trim(), password },
      { onSuccess: () => void navigate({ href: safeRedirect(redirect), replace: true }) },
    );
  };
  const provider = options.data?.sso ?? null;
  const localLogin = options.data?.localLogin ?? false;

  return (
    <main className="sign-in">
      <div className="sign-in-card">
        <h1 id="sign-in-title">mdm-console</h1>
        <p className="muted">Sign in to manage your organisation's devices.</p>
        {sso === undefined ? null : (
          <p className="form-error" role="alert">
            {ssoMessage(sso)}
          </p>
        )}
        {provider ? (
          <a
            className="button primary sign-in-sso"
            href={`${provider.loginUrl}?${new URLSearchParams({ returnTo: returnPath(redirect) }).toString()}`}
          >
            Sign in with {provider.name}
          </a>
        ) : null}
        {provider && localLogin ? <p className="sign-in-or muted">or with a password</p> : null}
        {localLogin ? (
          <form onSubmit={submit} aria-labelledby="sign-in-title">
            <label>
              Email
              <input
                type="email"
                name="email"
                autoComplete="username"
                required
                ref={provider ? undefined : focusOnMount}
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            </label>
            <label>
              Password
              <input
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            </label>
            {signIn.isError ? (
              <p className="form-error" role="alert">
                {errorMessage(signIn.error)}
              </p>
            ) : null}
            <button type="submit" className="primary" disabled={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : null}
        {options.isError ? (
          <p className="form-error" role="alert">
            {errorMessage(options.error)}
          </p>
        ) : null}
      </div>
    </main>
  );
}

/**
 * Focuses the field when it appears, each time the page does (after a sign-out too): the `autofocus` attribute alone
 * is honoured once per document, and Preact sets only the attribute.
 */
function focusOnMount(element: HTMLElement | null): void {
  element?.focus();
}
