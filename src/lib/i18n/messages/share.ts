/** Messages of an opened share link that cannot be shown (views/metrics/ShareView.svelte). */
import { defineMessages } from '../translate.ts';

export default defineMessages({
  en: {
    'error.tooLong': 'This share link is {size} characters long; links over {max} characters are not opened. Ask the sender for a link without answer texts.',
    'error.notBase64': 'This share link contains characters a share link never has: it was probably copied incompletely or changed. Copy the whole link again.',
    'error.truncated': 'This share link cannot be decompressed: it is probably cut off. Copy the whole link again.',
    'error.tooLarge': 'This share link expands to more than {max}, so it is not opened, to keep the page responsive. Ask the sender for a link without answer texts.',
    'error.notJson': 'This link does not contain a POLLUX Web result. Check that you opened the link you were sent.',
    'error.version': 'This share link was made by another version of POLLUX Web ({detail}). Ask the sender to share the result again.',
    'error.invalid': 'This share link is damaged or was not made by POLLUX Web: the field “{where}” is not valid ({detail}). Ask the sender to share the result again.',
    'error.damaged': 'This share link is damaged: its scores do not match their checksum. Copy the whole link again.',
  },
  ru: {
    'error.tooLong': 'Длина этой ссылки — {size} символов; ссылки длиннее {max} символов не открываются. Попросите отправителя поделиться результатом без текстов ответов.',
    'error.notBase64': 'В ссылке есть символы, которых в ссылке на результат не бывает: вероятно, её скопировали не целиком или изменили. Скопируйте ссылку полностью ещё раз.',
    'error.truncated': 'Ссылку не удаётся распаковать: вероятно, она обрезана. Скопируйте ссылку полностью ещё раз.',
    'error.tooLarge': 'Ссылка распаковывается больше чем в {max}, поэтому она не открыта, чтобы страница не зависла. Попросите отправителя поделиться результатом без текстов ответов.',
    'error.notJson': 'В этой ссылке нет результата POLLUX Web. Проверьте, что открыли присланную ссылку.',
    'error.version': 'Ссылка сделана другой версией POLLUX Web ({detail}). Попросите отправителя поделиться результатом заново.',
    'error.invalid': 'Ссылка повреждена или сделана не в POLLUX Web: поле «{where}» неверно ({detail}). Попросите отправителя поделиться результатом заново.',
    'error.damaged': 'Ссылка повреждена: оценки не совпадают с контрольной суммой. Скопируйте ссылку полностью ещё раз.',
  },
});
