/**
 * Where the taxonomy JSON comes from, in order: the app's own copy (public/taxonomy/, written by
 * scripts/fetch-taxonomy.mjs in the Pages build), the pinned raw.githubusercontent.com URL, then
 * the bundled excerpts (public/sample/). Pure: returns the candidate URLs.
 */
import { taxonomyRawUrl, type TaxonomyName } from './config.ts';

export type TaxonomyOrigin = 'site' | 'github' | 'excerpt';

export function taxonomyCandidates(name: TaxonomyName, baseUrl: string): { origin: TaxonomyOrigin; url: string }[] {
  return [
    { origin: 'site', url: `${baseUrl}taxonomy/${name}.json` },
    { origin: 'github', url: taxonomyRawUrl(name) },
    { origin: 'excerpt', url: `${baseUrl}sample/${name}.excerpt.json` },
  ];
}
