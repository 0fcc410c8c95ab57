import type { Session } from '@mdm-console/contract';
import { toast } from '../../../components/ui/toaster.tsx';
import { errorMessage } from '../../../lib/api-client.ts';
import { can } from '../../../lib/session.ts';
import { useChooseSpace } from '../api/choose-space.ts';
import { useSpaces } from '../api/get-spaces.ts';

export function SpaceSelector({ session }: { session: Session }) {
  const spaces = useSpaces();
  const choose = useChooseSpace();
  if (!can(session, 'spaces:read')) return null;
  const current = session.spaceId ?? spaces.data?.defaultSpaceId;
  return (
    <label className="space-selector">
      <span>Space</span>
      <select
        value={current ?? ''}
        disabled={!spaces.data || choose.isPending}
        onChange={(event) =>
          choose.mutate(Number(event.target.value), {
            onSuccess: () => toast('success', 'Space changed.'),
            onError: (error) => toast('error', errorMessage(error)),
          })
        }
      >
        {spaces.data ? null : <option value="">Loading…</option>}
        {spaces.data?.spaces.map((space) => (
          <option key={space.id} value={space.id}>
            {space.name}
            {space.deviceCount !== null ? ` (${space.deviceCount.toLocaleString()})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
