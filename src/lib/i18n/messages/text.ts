/** Messages of untrusted text shown as markdown (components/Markdown.svelte). */
import { defineMessages } from '../translate.ts';

export default defineMessages({
  en: {
    'plain.tooLong': 'This text is long ({size} characters; formatting stops at {cap}), so it is shown as plain text to keep the page responsive.',
    'plain.tooComplex': 'This text has a lot of formatting (over {max} tags), so it is shown as plain text to keep the page responsive.',
    'plain.failed': 'This text could not be formatted, so it is shown exactly as written.',
    'plain.rest': 'Formatting stopped after {done} of {size} characters to keep the page responsive; the rest is shown as plain text.',
    renderAnyway: 'Format it anyway (may take a few seconds)',
  },
  ru: {
    'plain.tooLong': 'Текст длинный ({size} символов; форматирование — до {cap}), поэтому он показан без форматирования, чтобы страница не зависала.',
    'plain.tooComplex': 'В тексте очень много разметки (больше {max} тегов), поэтому он показан без форматирования, чтобы страница не зависала.',
    'plain.failed': 'Этот текст не удалось отформатировать, поэтому он показан в точности как написан.',
    'plain.rest': 'Форматирование остановлено после {done} из {size} символов, чтобы страница не зависала; остальное показано без форматирования.',
    renderAnyway: 'Всё равно отформатировать (может занять несколько секунд)',
  },
});
