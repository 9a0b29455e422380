import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Area } from '../../../../domain/report';
import type { AreaList } from '../../api/reference-data';
import { areaOptions, searchAreas, type AreaOption } from '../../capture/area-search';
import { SearchCombobox } from './SearchCombobox';

export interface AreaComboboxProps {
  id: string;
  areas: AreaList;
  value: Area | null;
  onChange: (area: Area | null) => void;
  describedBy?: string;
}

/**
 * A province has hundreds (DKI Jakarta 267) to thousands of kelurahan: the list renders the first matches
 * and says how many more there are, so typing a few letters is always the quick way.
 */
const MAX_SHOWN = 50;

/** The kelurahan picker: typing matches the kelurahan, kecamatan or kota name (capture/area-search.ts). */
export function AreaCombobox({ id, areas, value, onChange, describedBy }: AreaComboboxProps) {
  const { t } = useTranslation();
  const options = useMemo(() => areaOptions(areas), [areas]);
  const search = useCallback((query: string) => searchAreas(options, query), [options]);
  const selected = useMemo(
    () =>
      value === null ? null : (options.find((o) => o.area.kelurahan.code === value.kelurahan.code) ?? null),
    [options, value],
  );
  return (
    <SearchCombobox<AreaOption>
      id={id}
      search={search}
      keyOf={(o) => o.area.kelurahan.code}
      labelOf={(o) => o.label}
      value={selected}
      onChange={(option) => onChange(option?.area ?? null)}
      invalid={false}
      describedBy={describedBy}
      listLabel={t('capture.area.options')}
      noMatch={t('capture.area.noMatch')}
      maxShown={MAX_SHOWN}
      more={(count) => t('capture.area.more', { count })}
    />
  );
}
