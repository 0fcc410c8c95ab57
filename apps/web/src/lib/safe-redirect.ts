/** Where to go after signing in: only a path of this site (never another origin). */
export function safeRedirect(target: string | undefined): string {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\'))
    return '/devices';
  if (target.startsWith('/sign-in')) return '/devices';
  return target;
}
