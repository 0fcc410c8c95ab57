import type { JobTarget, Session } from '@mdm-console/contract';
import { useState } from 'react';
import { ActionDialog, type ActionRequest } from './action-dialog.tsx';
import { ActionMenu } from './action-menu.tsx';

interface ActionsButtonProps {
  session: Session | undefined;
  target: JobTarget;
  /** What is acted on, for the dialog's title: "3 selected devices", "Anna’s iPhone". */
  targetLabel: string;
  /** The menu button's accessible name. */
  label: string;
  text?: string;
}

/** The same flow wherever devices are acted on: the devices table, a device's page, the helpdesk. */
export function ActionsButton({ session, target, targetLabel, label, text }: ActionsButtonProps) {
  const [request, setRequest] = useState<ActionRequest | null>(null);
  return (
    <>
      <ActionMenu
        session={session}
        label={label}
        {...(text ? { text } : {})}
        onChoose={(action) => setRequest({ action, target, targetLabel })}
      />
      {request ? <ActionDialog request={request} onClose={() => setRequest(null)} /> : null}
    </>
  );
}
