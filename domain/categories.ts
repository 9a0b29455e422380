// The seed of report categories. Categories are data the server serves (admins add, rename and retire
// them); this list is what a fresh installation starts with. Ids are stable forever — reports refer to
// them — so a category is retired with `active: false`, never deleted or renamed in place.

import { CATEGORY_ID_RE, NOT_BLANK_RE } from './formats';
import { invalid, valid, type Validation } from './result';
import { checkObject, type ObjectSpec } from './schema';

export interface Category {
  id: string;
  label: { id: string; en: string };
  active: boolean;
}

export const DEFAULT_CATEGORIES: readonly Category[] = [
  // The PSBB (large-scale social restrictions) enforcement set.
  { id: 'kesehatan', label: { id: 'Kesehatan', en: 'Health' }, active: true },
  {
    id: 'gangguan-ketenteraman-ketertiban',
    label: { id: 'Gangguan Ketenteraman dan Ketertiban', en: 'Disturbance of peace and public order' },
    active: true,
  },
  { id: 'tenaga-kerja', label: { id: 'Tenaga Kerja', en: 'Labour' }, active: true },
  { id: 'bantuan-sosial', label: { id: 'Bantuan Sosial', en: 'Social assistance' }, active: true },
  { id: 'perdagangan', label: { id: 'Perdagangan', en: 'Trade' }, active: true },
  // Everyday public-order violations.
  {
    id: 'pkl-trotoar',
    label: { id: 'Pedagang Kaki Lima di Trotoar', en: 'Street vendors on the sidewalk' },
    active: true,
  },
  { id: 'parkir-liar', label: { id: 'Parkir Liar', en: 'Illegal parking' }, active: true },
  {
    id: 'reklame-tanpa-izin',
    label: { id: 'Reklame Tanpa Izin', en: 'Unlicensed billboard' },
    active: true,
  },
  {
    id: 'bangunan-tanpa-izin',
    label: { id: 'Bangunan Tanpa Izin', en: 'Illegal building' },
    active: true,
  },
  {
    id: 'kerumunan-masker',
    label: { id: 'Kerumunan / Pelanggaran Masker', en: 'Crowd / mask violation' },
    active: true,
  },
];

export const CATEGORY_SPEC: ObjectSpec = {
  t: 'obj',
  fields: {
    id: { t: 'str', min: 2, max: 64, re: [CATEGORY_ID_RE] },
    label: {
      t: 'obj',
      fields: {
        id: { t: 'str', min: 1, max: 120, re: [NOT_BLANK_RE] },
        en: { t: 'str', min: 1, max: 120, re: [NOT_BLANK_RE] },
      },
    },
    active: { t: 'bool' },
  },
};

export function validateCategory(input: unknown): Validation<Category> {
  const errors: string[] = [];
  const value = checkObject(CATEGORY_SPEC, input, 'category', errors, false);
  return errors.length > 0 || !value ? invalid(errors) : valid(value as unknown as Category);
}
