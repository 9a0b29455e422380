import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Category } from '../../../../domain/categories';
import { searchCategories } from '../../capture/category-search';
import { SearchCombobox } from './SearchCombobox';

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

/** The category picker: typing filters by the Indonesian or the English label (capture/category-search.ts). */
export function CategoryCombobox({
  id,
  categories,
  value,
  onChange,
  invalid,
  describedBy,
}: CategoryComboboxProps) {
  const { t, i18n } = useTranslation();
  const search = useCallback((query: string) => searchCategories(categories, query), [categories]);
  return (
    <SearchCombobox<Category>
      id={id}
      search={search}
      keyOf={(c) => c.id}
      labelOf={(c) => labelOf(c, i18n.language)}
      value={categories.find((c) => c.id === value) ?? null}
      onChange={(category) => onChange(category?.id ?? '')}
      invalid={invalid}
      describedBy={describedBy}
      listLabel={t('capture.category.options')}
      noMatch={t('capture.category.noMatch')}
    />
  );
}
