import { useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';
import { FqEditor } from './fq-editor.tsx';
import { SEARCH_PLACEHOLDER } from '../page-text.ts';

interface SearchBarProps {
  q: string;
  fq: string | undefined;
  mayUseFq: boolean;
  onSearch: (q: string) => void;
  onFq: (fq: string | undefined) => void;
}

/** Free text, debounced; admins may switch to an fq. */
export function SearchBar({ q, fq, mayUseFq, onSearch, onFq }: SearchBarProps) {
  const [text, setText] = useState(q);
  const [advanced, setAdvanced] = useState(fq !== undefined);
  const lastSent = useRef(q);

  useEffect(() => {
    // The URL changed by another way (back button, chip removal): show it.
    if (q !== lastSent.current) {
      lastSent.current = q;
      setText(q);
    }
  }, [q]);

  const debounced = useDebouncedValue(text, 250);
  useEffect(() => {
    if (debounced === lastSent.current) return;
    lastSent.current = debounced;
    onSearch(debounced);
  }, [debounced, onSearch]);

  return (
    <div className="search-bar">
      <div className="search-row">
        <input
          type="search"
          aria-label="Search devices"
          placeholder={SEARCH_PLACEHOLDER}
          data-page-search
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              lastSent.current = text;
              onSearch(text);
            }
          }}
        />
        {mayUseFq ? (
          <button
            type="button"
            aria-pressed={advanced}
            onClick={() => {
              if (advanced) onFq(undefined);
              setAdvanced(!advanced);
            }}
          >
            Advanced (fq)
          </button>
        ) : null}
      </div>
      {mayUseFq && advanced ? (
        <FqEditor fq={fq ?? ''} onApply={(value) => onFq(value.trim() === '' ? undefined : value)} />
      ) : null}
    </div>
  );
}
