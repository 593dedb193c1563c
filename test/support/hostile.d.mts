/** Types of hostile.mjs (hostile text shared by the hostile-input tests); see that file. */
export declare const LEAK_HOSTS: readonly string[];
export declare function hostileMarkdown(tag?: string): string;
export declare function hostileName(tag?: string): string;
