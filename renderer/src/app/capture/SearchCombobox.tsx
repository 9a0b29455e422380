import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';

export interface SearchComboboxProps<T> {
  id: string;
  /** The options matching what is typed (all of them for an empty query), best first. */
  search: (query: string) => readonly T[];
  keyOf: (option: T) => string;
  /** Shown in the input for the chosen option, and as each option's text. */
  labelOf: (option: T) => string;
  value: T | null;
  /** `null` when typing over the chosen option un-chooses it. */
  onChange: (option: T | null) => void;
  invalid: boolean;
  describedBy?: string;
  /** The listbox's accessible name, the "nothing matches" line, and the "N more" line. */
  listLabel: string;
  noMatch: string;
  /** At most this many options are rendered; the rest are announced by `more(count)` until the query narrows. */
  maxShown?: number;
  more?: (count: number) => string;
}

/**
 * A searchable picker following the ARIA 1.2 combobox pattern (list autocomplete, selection follows Enter
 * or a click): typing filters; the arrow keys move through the options; Escape closes the list and restores
 * the chosen option's label. Used for categories and areas.
 */
export function SearchCombobox<T>({
  id,
  search,
  keyOf,
  labelOf,
  value,
  onChange,
  invalid,
  describedBy,
  listLabel,
  noMatch,
  maxShown = Number.POSITIVE_INFINITY,
  more,
}: SearchComboboxProps<T>) {
  const listId = useId();
  const selectedLabel = value === null ? '' : labelOf(value);
  const selectedKey = value === null ? null : keyOf(value);
  // null: the input shows the chosen option; a string: what the officer is typing.
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const found = useMemo(() => search(query ?? ''), [search, query]);
  const matches = found.length > maxShown ? found.slice(0, maxShown) : found;
  const hidden = found.length - matches.length;
  const activeIndex = Math.min(active, matches.length - 1);
  const optionId = (index: number) => `${listId}-option-${index}`;

  // Keep the keyboard's option visible in a scrolled list.
  useEffect(() => {
    if (open && activeIndex >= 0)
      document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  });

  function choose(option: T) {
    onChange(option);
    setQuery(null);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(
            Math.max(
              0,
              matches.findIndex((o) => keyOf(o) === selectedKey),
            ),
          );
        } else setActive((activeIndex + 1) % Math.max(1, matches.length));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        setActive((activeIndex - 1 + matches.length) % Math.max(1, matches.length));
        break;
      case 'Home':
      case 'End':
        if (open && matches.length > 0) {
          event.preventDefault();
          setActive(event.key === 'Home' ? 0 : matches.length - 1);
        }
        break;
      case 'Enter': {
        const option = open ? matches[activeIndex] : undefined;
        if (option !== undefined) {
          // Enter picks the option; it must not also submit the form.
          event.preventDefault();
          choose(option);
        }
        break;
      }
      case 'Escape':
        if (open || query !== null) {
          event.preventDefault();
          setOpen(false);
          setQuery(null);
        }
        break;
    }
  }

  return (
    <div className="combobox">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && activeIndex >= 0 ? optionId(activeIndex) : undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        value={query ?? selectedLabel}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
          // Typing over a chosen option un-chooses it: what is shown is what will be saved.
          if (value !== null) onChange(null);
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setQuery(null);
        }}
      />
      <ul id={listId} role="listbox" aria-label={listLabel} className="combobox-list" hidden={!open}>
        {matches.map((option, index) => (
          <li
            key={keyOf(option)}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'combobox-option combobox-option-active' : 'combobox-option'}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
          >
            {labelOf(option)}
          </li>
        ))}
        {matches.length === 0 ? (
          <li className="combobox-empty" role="presentation">
            {noMatch}
          </li>
        ) : null}
        {hidden > 0 && more ? (
          <li className="combobox-empty" role="presentation">
            {more(hidden)}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
