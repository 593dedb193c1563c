import { defineMessages } from '../translate.ts';

/** Messages of the run machinery: run states, the header status line and the judge-loading note, shared with the Evaluate and Results pages. */
export default defineMessages({
  en: {
    'status.label': 'Run',
    'status.progress': '{done} / {total}',
    'status.progressEta': '{done} / {total}, ~{eta} left',
    'state.idle': 'Not started',
    'state.running': 'Running',
    'state.paused': 'Paused',
    'state.done': 'Finished',
    'state.cancelled': 'Cancelled',
    'state.error': 'Stopped by an error',
    'state.locked-elsewhere': 'Running in another tab',
    'engine.loading': 'Loading the judge: {text}',
  },
  ru: {
    'status.label': 'Прогон',
    'status.progress': '{done} / {total}',
    'status.progressEta': '{done} / {total}, осталось ~{eta}',
    'state.idle': 'Не запущен',
    'state.running': 'Идёт',
    'state.paused': 'Приостановлен',
    'state.done': 'Завершён',
    'state.cancelled': 'Отменён',
    'state.error': 'Остановлен из-за ошибки',
    'state.locked-elsewhere': 'Выполняется в другой вкладке',
    'engine.loading': 'Загрузка судьи: {text}',
  },
});
