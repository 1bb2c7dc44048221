/** The one way the core turns a thrown value into text for a log line or a refusal. */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
