/**
 * The app's message dictionary, built once from every ./messages/<feature>.ts module. Pure
 * data: the reactive language choice lives in src/state/i18n.svelte.ts.
 */
import { buildDictionary, type Dictionary, type FeatureMessages } from './translate.ts';

const modules = import.meta.glob<{ default: FeatureMessages }>('./messages/*.ts', { eager: true });
const features: Record<string, FeatureMessages> = {};
for (const [path, mod] of Object.entries(modules)) {
  const name = path.replace(/^.*\/(.+)\.ts$/, '$1');
  features[name] = mod.default;
}

export const dictionary: Dictionary = buildDictionary(features);
