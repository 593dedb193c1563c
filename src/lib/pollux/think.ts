/**
 * `<think>` handling for reasoning models. The tags are matched case-sensitively, as answer.py
 * does, so results match the official answers.json byte for byte.
 */

const CLOSED_THINK = /<think>([\s\S]*?)<\/think>/g;
const OPEN_THINK_TAIL = /<think>([\s\S]*)$/;
const CLOSE_TAG = '</think>';

/** answer.py `strip_think_tags`: drop closed blocks, then an unterminated `<think>` tail, then trim. */
export function stripThinkTags(text: string): string {
  if (!text) return text;
  return text.replace(CLOSED_THINK, '').replace(OPEN_THINK_TAIL, '').trim();
}

/** Visible text and reasoning of one output. */
export interface ThinkSplit {
  visible: string;
  thoughts: string;
}

/**
 * Like stripThinkTags, but also keeps the reasoning (it is the 4B judge's only rationale) and
 * treats text before an orphan `</think>` as reasoning: Qwen3 chat templates put the opening
 * `<think>` in the prompt, so the generation itself often starts inside the block.
 */
export function splitThink(text: string): ThinkSplit {
  const thoughts: string[] = [];
  let rest = text;
  if (!rest.includes('<think>')) {
    const close = rest.indexOf(CLOSE_TAG);
    if (close >= 0) {
      thoughts.push(rest.slice(0, close));
      rest = rest.slice(close + CLOSE_TAG.length);
    }
  }
  rest = rest.replace(CLOSED_THINK, (_whole, inner: string) => {
    thoughts.push(inner);
    return '';
  });
  rest = rest.replace(OPEN_THINK_TAIL, (_whole, inner: string) => {
    thoughts.push(inner);
    return '';
  });
  return {
    visible: rest.trim(),
    thoughts: thoughts
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .join('\n\n'),
  };
}
