import { useId, useRef, useState } from 'react';
import { useDismiss } from '../../../lib/use-dismiss.ts';
import { DEFAULT_COLUMN_IDS, DEVICE_COLUMNS } from './device-columns.tsx';

interface ColumnChooserProps {
  visible: readonly string[];
  onChange: (ids: string[]) => void;
}

/** Which device fields the table shows, and in what order. */
export function ColumnChooser({ visible, onChange }: ColumnChooserProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const container = useRef<HTMLDivElement>(null);
  useDismiss(open, container, () => setOpen(false));

  const toggle = (id: string) => {
    if (visible.includes(id)) {
      if (visible.length > 1) onChange(visible.filter((item) => item !== id));
    } else {
      // A new column goes where it sits in the full list, among the visible ones.
      const order: string[] = DEVICE_COLUMNS.map((column) => column.id);
      onChange([...visible, id].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    }
  };

  return (
    <div className="popover-anchor" ref={container}>
      <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open ? (
        <div id={panelId} className="popover column-chooser">
          <fieldset>
            <legend>Visible columns</legend>
            <ul>
              {DEVICE_COLUMNS.map((column) => (
                <li key={column.id}>
                  <label>
                    <input
                      type="checkbox"
                      checked={visible.includes(column.id)}
                      disabled={visible.length === 1 && visible.includes(column.id)}
                      onChange={() => toggle(column.id)}
                    />
                    {column.label}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="button" className="link-button" onClick={() => onChange([...DEFAULT_COLUMN_IDS])}>
            Reset to default columns
          </button>
        </div>
      ) : null}
    </div>
  );
}
