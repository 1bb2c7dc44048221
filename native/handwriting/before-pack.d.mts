/** Types of before-pack.mjs for the TypeScript tests that import it. */
export declare function elfMachine(path: string): number | undefined;
export declare function checkHelperFor(arch: number, helperPath?: string): void;
export declare function beforePack(context: { electronPlatformName: string; arch: number }): Promise<void>;
