/** Console roles, each including the powers of the ones before it. */
export const ROLES = ['viewer', 'operator', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function hasRole(role: string, needed: Role): boolean {
  const have = ROLES.indexOf(role as Role);
  return have >= 0 && have >= ROLES.indexOf(needed);
}
