/**
 * The inputs of the markdown bench: an ordinary answer (the baseline) and the adversarial shapes
 * that made marked crash or go superlinear (nesting, runs of delimiters, tables, URLs, tags),
 * each as a function of the size in characters.
 */
const ORDINARY_PARAGRAPHS = [
  '## Ответ\n\nЭто обычный ответ модели: **жирный** текст, *курсив*, `код` и [ссылка](https://example.com/a?b=c).\n\n',
  '1. Первый пункт списка с пояснением.\n2. Второй пункт, чуть длиннее первого, с `inline code`.\n3. Третий.\n\n',
  '| Критерий | Оценка |\n|---|---|\n| Полнота | 2 |\n| Точность | 1 |\n\n',
  '> Цитата из условия задачи, которую модель повторяет.\n\n```python\ndef f(x):\n    return x * 2\n```\n\n',
];

export const CASES: Record<string, (n: number) => string> = {
  ordinary: (n) => ORDINARY_PARAGRAPHS.join('').repeat(Math.ceil(n / 400)).slice(0, n),
  'quote >>>': (n) => '>'.repeat(n),
  'list - - -': (n) => '- '.repeat(n / 2),
  'emphasis *a': (n) => '*a'.repeat(n / 2),
  'emphasis _a': (n) => '_a'.repeat(n / 2),
  'emphasis nest': (n) => '*'.repeat(n / 2) + 'a' + '*'.repeat(n / 2),
  'emphasis *0-*': (n) => '*0-*'.repeat(n / 4),
  'links [a](': (n) => '[a]('.repeat(n / 4),
  'url (www.': (n) => '(www.'.repeat(n / 5),
  'tag <b a ': (n) => '<b a '.repeat(n / 5),
  'table rows': (n) => '|a|b|\n|-|-|\n' + '|x|y|\n'.repeat(n / 6),
  'brackets [[[': (n) => '['.repeat(n),
};
