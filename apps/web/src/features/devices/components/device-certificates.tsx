import { PlainTable } from '../../../components/ui/plain-table.tsx';
import { useState } from 'react';
import { ErrorState, Loading } from '../../../components/ui/states.tsx';
import { formatDate, humanize } from '../../../lib/format.ts';
import { useDeviceCertificates } from '../api/get-device-certificates.ts';

const SOON = 30 * 86_400_000;

function expiry(notAfter: number | null, now: number): { label: string; className: string } {
  if (notAfter === null) return { label: 'Unknown', className: 'badge' };
  if (notAfter < now) return { label: 'Expired', className: 'badge badge-bad' };
  if (notAfter - now < SOON) return { label: 'Expires soon', className: 'badge badge-warn' };
  return { label: 'Valid', className: 'badge badge-ok' };
}

export function DeviceCertificates({ id }: { id: number }) {
  const certificates = useDeviceCertificates(id);
  const [now] = useState(Date.now);
  if (certificates.isPending) return <Loading label="Loading certificates…" />;
  if (certificates.isError)
    return <ErrorState error={certificates.error} onRetry={() => void certificates.refetch()} />;
  if (certificates.data.certificates.length === 0) return <p className="muted">No certificate on this device.</p>;
  return (
    <PlainTable caption="Certificates" headers={['Subject', 'Issuer', 'Expires', 'State']}>
      {certificates.data.certificates.map((certificate, index) => {
        const status = expiry(certificate.notAfter, now);
        return (
          <tr
            key={`${certificate.serialNumber ?? ''}-${index}`}
            className={status.label !== 'Valid' ? 'row-warn' : undefined}
          >
            <td>{certificate.subject ?? '—'}</td>
            <td>{certificate.issuer ?? certificate.caName ?? '—'}</td>
            <td>
              {formatDate(certificate.notAfter)} <span className={status.className}>{status.label}</span>
            </td>
            <td>{humanize(certificate.state)}</td>
          </tr>
        );
      })}
    </PlainTable>
  );
}
