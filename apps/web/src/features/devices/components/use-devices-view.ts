import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback } from 'react';
import type { DevicesSearch } from '../search-params.ts';

/** The Devices view lives in the URL; this reads it and changes it. */
export function useDevicesView() {
  const view = useSearch({ from: '/app/devices' });
  const navigate = useNavigate({ from: '/devices' });
  const update = useCallback(
    (patch: Partial<DevicesSearch>, options: { replace?: boolean } = {}) =>
      void navigate({ search: (previous) => ({ ...previous, ...patch }), replace: options.replace ?? false }),
    [navigate],
  );
  return { view, update };
}
