/** Types of build-helper.mjs for the TypeScript tests that import it. */
export declare const HELPER_SOURCE: string;
export declare const HELPER_BINARY: string;
export declare function buildHandwritingHelper(options?: { quiet?: boolean }): string;
