import {
  matches,
  SLUG_RE,
  USER_LIMITS,
  validatePassword,
  validateUserName,
  type CreateUserRequest,
  type Role,
} from '../../../../domain';

export type NewAccountField = 'name' | 'password' | 'team' | 'region';

export type NewAccountProblemKey =
  | 'accounts.problems.nameRequired'
  | 'accounts.problems.nameFormat'
  | 'accounts.problems.passwordLength'
  | 'accounts.problems.teamRequired'
  | 'accounts.problems.regionRequired'
  | 'accounts.problems.slugFormat';

export interface NewAccountProblem {
  field: NewAccountField;
  key: NewAccountProblemKey;
}

export interface NewAccountInput {
  name: string;
  password: string;
  role: Role;
  team: string;
  region: string;
}

const emptyToNull = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/**
 * The domain's user rules (domain/users.ts), checked before sending so every problem is shown at once and
 * in the user's language. The server checks the same rules again.
 */
export function checkNewAccount(
  input: NewAccountInput,
): { ok: true; request: CreateUserRequest } | { ok: false; problems: NewAccountProblem[] } {
  const problems: NewAccountProblem[] = [];
  const name = input.name.trim();
  const team = emptyToNull(input.team);
  const region = emptyToNull(input.region);

  if (name === '') problems.push({ field: 'name', key: 'accounts.problems.nameRequired' });
  else if (!validateUserName(name).ok) problems.push({ field: 'name', key: 'accounts.problems.nameFormat' });
  if (!validatePassword(input.password).ok) {
    problems.push({ field: 'password', key: 'accounts.problems.passwordLength' });
  }
  if (team === null && input.role === 'officer') {
    problems.push({ field: 'team', key: 'accounts.problems.teamRequired' });
  } else if (team !== null && !matches(SLUG_RE, team)) {
    problems.push({ field: 'team', key: 'accounts.problems.slugFormat' });
  }
  if (region === null && input.role !== 'admin') {
    problems.push({ field: 'region', key: 'accounts.problems.regionRequired' });
  } else if (region !== null && !matches(SLUG_RE, region)) {
    problems.push({ field: 'region', key: 'accounts.problems.slugFormat' });
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, request: { name, password: input.password, role: input.role, team, region } };
}

/** Interpolation values the problem messages use. */
export const problemParams = {
  min: USER_LIMITS.passwordMin,
  nameMin: USER_LIMITS.nameMin,
  nameMax: USER_LIMITS.nameMax,
} as const;
