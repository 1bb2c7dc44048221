/** Text into HTML text or a double-quoted attribute: every value in our documents goes through this. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
