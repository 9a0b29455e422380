// Users, their roles, and how they map onto CouchDB `_users` roles. CouchDB is where identity lives (its
// `_users` database), so role, team and region travel as role strings: that is all validate_doc_update's
// userCtx can see.

import { matches, SLUG_RE, USER_NAME_RE } from './formats';
import { invalid, valid, type Validation } from './result';
import { checkObject, MAX_ERRORS, type ObjectSpec } from './schema';

export const ROLES = ['officer', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && ROLES.indexOf(v as Role) !== -1;

/** Who is acting: what a session, a CouchDB userCtx and a permission check all need. */
export interface UserContext {
  name: string;
  role: Role;
  team: string | null;
  region: string | null;
}

export interface User extends UserContext {
  disabled: boolean;
}

export const USER_LIMITS = { nameMin: 2, nameMax: 64, passwordMin: 8, passwordMax: 256 } as const;

export const TEAM_ROLE_PREFIX = 'team:';
export const REGION_ROLE_PREFIX = 'region:';

export const USER_SPEC: ObjectSpec = {
  t: 'obj',
  fields: {
    name: { t: 'str', min: USER_LIMITS.nameMin, max: USER_LIMITS.nameMax, re: [USER_NAME_RE] },
    role: { t: 'str', min: 1, max: 16, oneOf: ROLES },
    team: { t: 'str', min: 1, max: 64, re: [SLUG_RE], nullable: true },
    region: { t: 'str', min: 1, max: 64, re: [SLUG_RE], nullable: true },
    disabled: { t: 'bool' },
  },
};

export function validateUserName(name: unknown): Validation<string> {
  if (typeof name !== 'string') return invalid(['name must be a string']);
  if (name.length < USER_LIMITS.nameMin || name.length > USER_LIMITS.nameMax) {
    return invalid([`name must be ${USER_LIMITS.nameMin}..${USER_LIMITS.nameMax} characters long`]);
  }
  if (!matches(USER_NAME_RE, name)) {
    return invalid([
      'name must start with a lowercase letter and contain only lowercase letters, digits, ".", "_" and "-"',
    ]);
  }
  return valid(name);
}

/** Length only: composition rules push people towards worse passwords (NIST SP 800-63B §5.1.1.2). */
export function validatePassword(password: unknown): Validation<string> {
  if (typeof password !== 'string') return invalid(['password must be a string']);
  if (password.length < USER_LIMITS.passwordMin || password.length > USER_LIMITS.passwordMax) {
    return invalid([
      `password must be ${USER_LIMITS.passwordMin}..${USER_LIMITS.passwordMax} characters long`,
    ]);
  }
  return valid(password);
}

/**
 * Officers need a team and a region: reports are filed into them, and a report outside any team or region
 * would be visible to admins only. Supervisors act on a region, so they need one; a team is optional.
 */
export function validateUser(input: unknown): Validation<User> {
  const errors: string[] = [];
  const value = checkObject(USER_SPEC, input, 'user', errors, false);
  if (errors.length > 0 || !value) return invalid(errors);
  const user = value as unknown as User;
  if (user.role === 'officer' && user.team === null) errors.push('user.team is required for an officer');
  if (user.role !== 'admin' && user.region === null)
    errors.push(`user.region is required for a ${user.role}`);
  return errors.length > 0 ? invalid(errors.slice(0, MAX_ERRORS)) : valid(user);
}

/** The CouchDB `_users` roles that carry a user's role, team and region. */
export function couchRolesFor(user: Pick<UserContext, 'role' | 'team' | 'region'>): string[] {
  const roles: string[] = [user.role];
  if (user.team !== null) roles.push(TEAM_ROLE_PREFIX + user.team);
  if (user.region !== null) roles.push(REGION_ROLE_PREFIX + user.region);
  return roles;
}

/**
 * The inverse of couchRolesFor. Fails closed: no known role, two roles, two teams or two regions mean the
 * account was provisioned wrongly, and guessing which one was meant could grant too much. Other roles
 * (e.g. CouchDB's `_admin`, or roles added by hand) are ignored here; callers check `_admin` themselves.
 */
export function userContextFromCouch(name: string, roles: readonly string[]): UserContext | null {
  let role: Role | null = null;
  let team: string | null = null;
  let region: string | null = null;
  for (const r of roles) {
    if (typeof r !== 'string') return null;
    if (isRole(r)) {
      if (role !== null && role !== r) return null;
      role = r;
    } else if (r.indexOf(TEAM_ROLE_PREFIX) === 0) {
      const t = r.slice(TEAM_ROLE_PREFIX.length);
      if (team !== null && team !== t) return null;
      team = t;
    } else if (r.indexOf(REGION_ROLE_PREFIX) === 0) {
      const g = r.slice(REGION_ROLE_PREFIX.length);
      if (region !== null && region !== g) return null;
      region = g;
    }
  }
  if (role === null) return null;
  return { name, role, team, region };
}
