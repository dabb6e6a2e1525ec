import { useEffect, useState } from 'react';
import { useDebounced } from '../hooks/use-debounced';

export interface SearchBoxProps {
  id: string;
  label: string;
  placeholder?: string;
  /** The applied search (from the address). */
  value: string;
  /** Called once the bookkeeper stops typing for `delayMs`. */
  onSearch: (value: string) => void;
  delayMs?: number;
}

/** A search field that queries once per pause in typing, not once per keystroke. */
export function SearchBox({ id, label, placeholder, value, onSearch, delayMs = 300 }: SearchBoxProps) {
  const [text, setText] = useState(value);
  const settled = useDebounced(text, delayMs);
  useEffect(() => {
    setText(value);
  }, [value]);
  useEffect(() => {
    if (settled.trim() !== value.trim()) onSearch(settled.trim());
    // Only a settled change of the typed text searches; a new `value` from the parent must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);
  return (
    <div className="search-box" role="search">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <span className="search-icon" aria-hidden="true">
        ⌕
      </span>
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onSearch(text.trim());
          if (e.key === 'Escape' && text) {
            setText('');
            onSearch('');
          }
        }}
      />
    </div>
  );
}
