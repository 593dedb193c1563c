/** Types of scenarios.mjs (the shared scripted-judge vocabulary); see that file for the list. */
export declare const SCENARIO_MODELS: readonly string[];
export declare const SLOW_TOKEN_MS: number;
export declare function hashText(text: string): string;
export interface PolluxPromptParts {
  instruction: string;
  answer: string;
  criterion: string;
  levels: number[];
}
export declare function parsePolluxPrompt(prompt: string): PolluxPromptParts;
export declare function scriptedScore(prompt: string): number;
export declare function validJudgment(prompt: string): string;
export declare function malformedJudgment(prompt: string): string;
export declare function bareJudgment(prompt: string): string;
export declare function scenarioText(model: string, prompt: string, seenBefore: number, varied?: boolean, constrained?: boolean): string | null;
export declare function tokenize(text: string): string[];
export declare function estimateTokens(text: string): number;
