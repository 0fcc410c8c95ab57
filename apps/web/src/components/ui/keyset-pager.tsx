import { useState } from 'react';

/** Pages read by a key (the last row's): the keys of the pages seen, so that Previous goes back one. */
export function useKeysetPages<K = number>() {
  const [keys, setKeys] = useState<(K | undefined)[]>([undefined]);
  return {
    /** The key of the page shown: undefined for the first. */
    current: keys[keys.length - 1],
    first: keys.length === 1,
    next: (key: K) => setKeys((seen) => [...seen, key]),
    previous: () => setKeys((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    reset: () => setKeys([undefined]),
  };
}

export interface KeysetPages<K = number> {
  current: K | undefined;
  first: boolean;
  next: (key: K) => void;
  previous: () => void;
  reset: () => void;
}

/** "Previous …" and "Next …" over keyset pages; `nextKey` is null on the last page. */
export function KeysetPager<K>({
  pages,
  nextKey,
  what,
}: {
  pages: KeysetPages<K>;
  nextKey: K | null | undefined;
  what: string;
}) {
  return (
    <div className="pager">
      <button type="button" disabled={pages.first} onClick={pages.previous}>
        Previous {what}
      </button>
      <button
        type="button"
        disabled={nextKey == null}
        onClick={() => {
          if (nextKey != null) pages.next(nextKey);
        }}
      >
        Next {what}
      </button>
    </div>
  );
}
