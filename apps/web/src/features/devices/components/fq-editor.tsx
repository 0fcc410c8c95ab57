import { useId, useMemo, useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';
import { useFqCheck } from '../api/check-fq.ts';

/** The word being typed at the caret, if it could be a field name. */
function wordAt(text: string, caret: number): { start: number; word: string } {
  let start = caret;
  while (start > 0 && /[\w.]/.test(text.charAt(start - 1))) start--;
  return { start, word: text.slice(start, caret) };
}

/** An fq with its syntax checked by the BFF as you type, and field names completed. */
export function FqEditor({ fq, onApply }: { fq: string; onApply: (fq: string) => void }) {
  const [text, setText] = useState(fq);
  const [caret, setCaret] = useState(fq.length);
  const [active, setActive] = useState(0);
  const hintId = useId();
  const listId = useId();
  const check = useFqCheck(useDebouncedValue(text, 300));

  const { start, word } = wordAt(text, caret);
  const suggestions = useMemo(() => {
    if (word.length < 2 || !check.data) return [];
    const lower = word.toLowerCase();
    return check.data.fields.filter((field) => field.toLowerCase().startsWith(lower) && field !== word).slice(0, 8);
  }, [word, check.data]);

  const complete = (field: string) => {
    const next = text.slice(0, start) + field + text.slice(caret);
    setText(next);
    setCaret(start + field.length);
    setActive(0);
  };

  const valid = check.data?.valid ?? true;
  return (
    <div className="fq-editor">
      <label htmlFor={`${hintId}-input`}>Filter query (fq)</label>
      <textarea
        id={`${hintId}-input`}
        rows={2}
        spellCheck={false}
        value={text}
        aria-describedby={hintId}
        aria-invalid={!valid}
        aria-autocomplete="list"
        aria-controls={suggestions.length > 0 ? listId : undefined}
        placeholder={`platformType = "IOS" AND lastCheckin > now-7d`}
        onChange={(event) => {
          setText(event.target.value);
          setCaret(event.target.selectionStart);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={(event) => {
          if (suggestions.length > 0 && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
            event.preventDefault();
            setActive(
              (index) => (index + (event.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length,
            );
          } else if (suggestions.length > 0 && event.key === 'Tab' && !event.shiftKey) {
            event.preventDefault();
            complete(suggestions[active] ?? suggestions[0] ?? '');
          } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onApply(text);
          }
        }}
      />
      {suggestions.length > 0 ? (
        <ul id={listId} className="completions" role="listbox" aria-label="Field names">
          {suggestions.map((field, index) => (
            <li key={field} role="option" aria-selected={index === active}>
              <button
                type="button"
                tabIndex={-1}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => complete(field)}
              >
                {field}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p id={hintId} className={valid ? 'muted' : 'form-error'} role={valid ? undefined : 'alert'}>
        {valid ? 'Tab completes a field name; Ctrl+Enter applies.' : (check.data?.message ?? 'Invalid')}
      </p>
      <button type="button" className="primary" disabled={!valid} onClick={() => onApply(text)}>
        Apply fq
      </button>
    </div>
  );
}
