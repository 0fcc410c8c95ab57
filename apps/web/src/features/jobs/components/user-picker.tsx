import type { Person } from '@mdm-console/contract';
import { useId, useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';
import { useUserSearch } from '../api/search-users.ts';

/** A combobox over the Core users API: type at least 2 characters, pick with arrows and Enter. */
export function UserPicker({ chosen, onChoose }: { chosen: Person | null; onChoose: (person: Person | null) => void }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const listId = useId();
  // The users API takes at most 20 characters.
  const debounced = useDebouncedValue(text.trim().slice(0, 20), 250);
  const users = useUserSearch(debounced);
  const options = debounced.length >= 2 ? (users.data?.users ?? []) : [];
  const pick = (person: Person) => {
    onChoose(person);
    setText(person.email ?? person.principal ?? String(person.id));
    setOpen(false);
  };
  return (
    <div className="combobox">
      <label htmlFor={`${listId}-input`}>New owner</label>
      <input
        id={`${listId}-input`}
        role="combobox"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${options[active].id}` : undefined}
        placeholder="Name or email"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
          if (chosen) onChoose(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            setOpen(true);
            if (options.length > 0)
              setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
          } else if (event.key === 'Enter' && open && options[active]) {
            event.preventDefault();
            pick(options[active]);
          } else if (event.key === 'Escape' && open) {
            // Closes the list only, not a dialog the picker sits in.
            event.preventDefault();
            setOpen(false);
          }
        }}
      />
      {open && options.length > 0 ? (
        <ul id={listId} role="listbox" aria-label="Users" className="combobox-list">
          {options.map((person, index) => (
            <li
              key={person.id}
              id={`${listId}-${person.id}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(person)}
            >
              <span>{person.displayName ?? [person.firstName, person.lastName].filter(Boolean).join(' ')}</span>{' '}
              <span className="muted">{person.email ?? person.principal}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {open && debounced.length >= 2 && users.data && options.length === 0 ? (
        <p className="muted">No user matches.</p>
      ) : null}
    </div>
  );
}
