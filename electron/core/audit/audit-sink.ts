/** What services need of the audit log: AuditLog satisfies it; tests may pass a recorder. */
export interface AuditSink {
  append(actor: string, action: string, details?: Record<string, unknown>): unknown;
}
