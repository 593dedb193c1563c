/**
 * Limits of the answer importers, as named constants so the UI can state them and the tests
 * can check them. A browser tab decodes and validates the whole file in memory before anything
 * is stored, so the size limit is what keeps a wrong file from freezing the tab.
 */

/** Largest answers file accepted (bytes). POLLUX's full answers.json is a few MB; 50 MB leaves room for long answers. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** Most errors listed in one report; the rest are counted, so a wholly wrong file stays readable. */
export const MAX_REPORTED_ISSUES = 200;

/** Deepest JSON nesting the scanner follows; deeper input is an error instead of a stack overflow. */
export const MAX_JSON_DEPTH = 256;
