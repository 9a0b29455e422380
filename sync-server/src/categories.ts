import type { Category } from '../../domain/categories';
import type { Couch } from './couch';
import { CATEGORIES_DOC_ID } from './provision';

const CACHE_MS = 30_000;

/** The category list clients cache for offline use; read from the config database. */
export class CategoryStore {
  private cached: { categories: Category[]; until: number } | null = null;

  constructor(
    private readonly couch: Couch,
    private readonly configDb: string,
  ) {}

  async list(): Promise<Category[]> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.categories;
    const doc = await this.couch.use<{ categories: Category[] }>(this.configDb).get(CATEGORIES_DOC_ID);
    this.cached = { categories: doc.categories, until: Date.now() + CACHE_MS };
    return doc.categories;
  }
}
