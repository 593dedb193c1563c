/** Messages of a run bundle file that cannot be imported (views/results/RunList.svelte). */
import { defineMessages } from '../translate.ts';

export default defineMessages({
  en: {
    'error.tooLarge': 'This file is {size}; a run bundle can be at most {max}, so it was not read. Choose the .json file that “Export run bundle” wrote on the other machine.',
    'error.notJson': 'This file is not JSON ({detail}), so it is not a run bundle. A run bundle is the .json file that “Export run bundle” on a run’s page writes.',
    'error.notBundle': 'This file is not a POLLUX Web run bundle. A run bundle is the .json file that “Export run bundle” on a run’s page writes; it begins with "format": "pollux-web-run".',
    'error.looksLikeAnswers': 'This file looks like answers (answers.json): import those on the Evaluate page.',
    'error.looksLikeScores': 'This file looks like a scores.json written by score.py, not a run bundle.',
    'error.version': 'This run bundle has version {found}; this app reads version {expected}. Export the run again with the current POLLUX Web.',
    'error.list': 'This run bundle cannot be imported, and nothing was stored. Each problem with its place in the file:',
  },
  ru: {
    'error.tooLarge': 'Размер файла — {size}, а архив прогона может быть не больше {max}, поэтому файл не прочитан. Выберите .json-файл, который записала кнопка «Экспорт прогона» на другом компьютере.',
    'error.notJson': 'Это не JSON ({detail}), а значит, и не архив прогона. Архив прогона — это .json-файл, который записывает кнопка «Экспорт прогона» на странице прогона.',
    'error.notBundle': 'Это не архив прогона POLLUX Web. Архив прогона — это .json-файл, который записывает кнопка «Экспорт прогона» на странице прогона; он начинается с "format": "pollux-web-run".',
    'error.looksLikeAnswers': 'Похоже, это файл ответов (answers.json): ответы импортируются на странице «Оценка».',
    'error.looksLikeScores': 'Похоже, это scores.json, записанный score.py, а не архив прогона.',
    'error.version': 'У этого архива прогона версия {found}, а приложение читает версию {expected}. Экспортируйте прогон заново в текущей версии POLLUX Web.',
    'error.list': 'Этот архив прогона нельзя импортировать, ничего не сохранено. Ошибки и их место в файле:',
  },
});
