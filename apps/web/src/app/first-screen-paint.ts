import { firstPageOf, paintDevicesPage, type PlainView } from '../features/devices/first-screen.ts';
import { afterNextPaint, FIRST_SCREEN_ID, firstScreenHandedOver } from '../lib/first-screen.ts';
import { isRecord } from '../lib/is-record.ts';
import { element } from '../lib/paint.ts';
import { NAV } from './nav.ts';

interface FirstSession {
  userId: number;
  email: string;
  role: string;
  permissions: readonly string[];
}

function firstSessionOf(answer: unknown): FirstSession | undefined {
  if (!isRecord(answer) || !isRecord(answer.user)) return undefined;
  const { user, role, permissions } = answer;
  if (typeof user.id !== 'number' || typeof user.email !== 'string' || typeof role !== 'string') return undefined;
  if (!Array.isArray(permissions) || !permissions.every((item) => typeof item === 'string')) return undefined;
  return { userId: user.id, email: user.email, role, permissions };
}

/** An early answer's body when it is a success (read from a copy: the app reads the answer itself later). */
async function bodyOf(answer: Promise<Response>): Promise<unknown> {
  const response = await answer;
  if (!response.ok) return undefined;
  const body: unknown = await response.clone().json();
  return body;
}

/** The signed-in shell (bar and navigation, as app-layout.tsx draws them) around `page`, over the app's root. */
function paintShell(session: FirstSession, page: HTMLElement): void {
  const links = NAV.filter((item) => session.permissions.includes(item.permission)).map((item) =>
    element('li', {}, [element('a', { text: item.label, className: item.to === '/devices' ? 'active' : '' })]),
  );
  const screen = element(
    'div',
    { className: 'first-screen', attributes: { id: FIRST_SCREEN_ID, 'aria-hidden': 'true' } },
    [
      element('div', { className: 'shell' }, [
        element('header', { className: 'topbar' }, [
          element('span', { className: 'brand', text: 'mdm-console' }),
          element('nav', {}, [element('ul', {}, links)]),
          element('div', { className: 'topbar-end' }, [
            element('div', { className: 'user-menu' }, [
              element('button', { className: 'user-menu-button', attributes: { type: 'button', tabindex: '-1' } }, [
                element('span', { className: 'user-email', text: session.email }),
                element('span', { className: 'role-badge', text: session.role }),
              ]),
            ]),
          ]),
        ]),
        page,
      ]),
    ],
  );
  document.body.append(screen);
}

/**
 * Paints the devices page's first rows as soon as the early session and search answers are in, when both succeeded
 * and the address names the page's plain view: the rows show while the app's code is still loading. Signed out (a
 * 401), refused, failed or empty, nothing is painted, and the app shows what it shows. Nothing is painted once the
 * app has handed over (lib/first-screen.ts). Settles once the rows are on screen, or once it is known they will not be.
 */
export async function paintFirstScreenWhenAnswered(
  answers: { session: Promise<Response>; search: Promise<Response> },
  view: PlainView,
): Promise<void> {
  const [sessionAnswer, searchAnswer] = await Promise.all([bodyOf(answers.session), bodyOf(answers.search)]);
  const session = firstSessionOf(sessionAnswer);
  const page = firstPageOf(searchAnswer);
  if (!session || !page || page.rows.length === 0 || firstScreenHandedOver()) return;
  const main = element('main', { className: 'page' });
  paintDevicesPage(main, {
    userId: session.userId,
    mayUseFq: session.permissions.includes('devices:fq'),
    view,
    page,
  });
  paintShell(session, main);
  await afterNextPaint();
}
