/**
 * The official POLLUX judge prompt, `prompts/test_pollux.txt` of ai-forever/POLLUX at commit
 * 2e8eb78. Kept as a constant (not fetched) so the prompt is part of the build and its version
 * can go into cache keys; a unit test checks it byte for byte against the sample copy.
 * No trailing newline: the file has none, and score.py sends it as is.
 */
export const POLLUX_PROMPT_TEMPLATE: string =
  '### Задание для оценки:\n' +
  '{instruction}\n' +
  '\n' +
  '### Эталонный ответ:\n' +
  '{reference_answer}\n' +
  '\n' +
  '### Ответ для оценки:\n' +
  '{answer}\n' +
  '\n' +
  '### Критерий оценки:\n' +
  '{criteria_name}\n' +
  '\n' +
  '### Шкала оценивания по критерию:\n' +
  '{rubrics}';

/** Identifies the template text in cache keys and exports; bump it whenever the text changes. */
export const PROMPT_TEMPLATE_VERSION = 'test_pollux@2e8eb78';
