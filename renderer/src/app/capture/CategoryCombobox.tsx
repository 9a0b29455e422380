import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../../../domain/categories';
import { searchCategories } from '../../capture/category-search';

export interface CategoryComboboxProps {
  id: string;
  /** Offered (active) categories, in the server's order. */
  categories: readonly Category[];
  value: string;
  onChange: (categoryId: string) => void;
  invalid: boolean;
  describedBy?: string;
}

const labelOf = (category: Category, language: string): string =>
  language === 'en' ? category.label.en : category.label.id;

/**
 * A searchable category picker following the ARIA 1.2 combobox pattern (list autocomplete, selection
 * follows Enter or a click): typing filters by the Indonesian or the English label; the arrow keys move
 * through the options; Escape closes the list and restores the chosen category's name.
 */
export function CategoryCombobox({
  id,
  categories,
  value,
  onChange,
  invalid,
  describedBy,
}: CategoryComboboxProps) {
  const { t, i18n } = useTranslation();
  const listId = useId();
  const selected = categories.find((c) => c.id === value) ?? null;
  const selectedLabel = selected ? labelOf(selected, i18n.language) : '';
  // null: the input shows the chosen category; a string: what the officer is typing.
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const matches = useMemo(() => searchCategories(categories, query ?? ''), [categories, query]);
  const activeIndex = Math.min(active, matches.length - 1);
  const optionId = (index: number) => `${listId}-option-${index}`;

  // Keep the keyboard's option visible in a scrolled list.
  useEffect(() => {
    if (open && activeIndex >= 0)
      document.getElementById(optionId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  });

  function choose(category: Category) {
    onChange(category.id);
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
              matches.findIndex((c) => c.id === value),
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
        const category = open ? matches[activeIndex] : undefined;
        if (category) {
          // Enter picks the option; it must not also submit the form.
          event.preventDefault();
          choose(category);
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
          // Typing over a chosen category un-chooses it: what is shown is what will be saved.
          if (value !== '') onChange('');
        }}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          setQuery(null);
        }}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={t('capture.category.options')}
        className="combobox-list"
        hidden={!open}
      >
        {matches.map((category, index) => (
          <li
            key={category.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'combobox-option combobox-option-active' : 'combobox-option'}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(category);
            }}
          >
            {labelOf(category, i18n.language)}
          </li>
        ))}
        {matches.length === 0 ? (
          <li className="combobox-empty" role="presentation">
            {t('capture.category.noMatch')}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
