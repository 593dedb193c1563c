/**
 * A subset of Python's `str.format`, enough for POLLUX templates: `{name}` fields and the `{{` / `}}`
 * escapes. Substitution is a single left-to-right pass over the *template*, so braces inside the
 * substituted values (answers often contain code or JSON) are never interpreted again — exactly
 * what Python does, and what a chain of `replaceAll` calls would get wrong.
 */
export function formatPython(template: string, fields: Readonly<Record<string, string>>): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      const close = template.indexOf('}', i + 1);
      if (close < 0) throw new Error("formatPython: single '{' encountered in format string");
      const name = template.slice(i + 1, close);
      // Conversions and format specs (`{x!r}`, `{x:>5}`) are not needed by POLLUX; refuse them
      // rather than silently producing a prompt that differs from Python's.
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new Error(`formatPython: unsupported replacement field {${name}}`);
      }
      const value = fields[name];
      if (value === undefined) throw new Error(`formatPython: missing value for field {${name}}`);
      out += value;
      i = close + 1;
    } else if (ch === '}') {
      if (template[i + 1] !== '}') throw new Error("formatPython: single '}' encountered in format string");
      out += '}';
      i += 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}
