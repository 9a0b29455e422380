import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type CreateUserRequest, type Role } from '../../../../domain';
import { ApiRequestError } from '../../api/api-error';
import { ErrorAlert } from '../ErrorAlert';
import { checkNewAccount, problemParams, type NewAccountField, type NewAccountProblem } from './new-account';

const hints: Partial<Record<NewAccountField, 'accounts.teamHint' | 'accounts.regionHint'>> = {
  team: 'accounts.teamHint',
  region: 'accounts.regionHint',
};

const EMPTY = { name: '', password: '', role: 'officer' as Role, team: '', region: '' };

export function AddAccountForm({ onCreate }: { onCreate: (user: CreateUserRequest) => Promise<void> }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(EMPTY);
  const [pending, setPending] = useState(false);
  const [problems, setProblems] = useState<NewAccountProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);

  const set = (field: keyof typeof EMPTY) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setError(null);
    setCreated(null);
    const checked = checkNewAccount(values);
    if (!checked.ok) {
      setProblems(checked.problems);
      document.getElementById(`new-account-${checked.problems[0]?.field ?? 'name'}`)?.focus();
      return;
    }
    setProblems([]);
    setPending(true);
    try {
      await onCreate(checked.request);
      setCreated(checked.request.name);
      setValues(EMPTY);
    } catch (caught) {
      setError(caught);
    } finally {
      setPending(false);
    }
  }

  const problemFor = (field: NewAccountField) => problems.find((p) => p.field === field);
  const nameTaken = error instanceof ApiRequestError && error.code === 'conflict';

  function fieldProps(field: NewAccountField) {
    const problem = problemFor(field) ?? (field === 'name' && nameTaken ? { field, key: null } : undefined);
    return {
      id: `new-account-${field}`,
      value: values[field],
      onChange: (event: { target: { value: string } }) => set(field)(event.target.value),
      'aria-invalid': problem !== undefined,
      'aria-describedby':
        [hints[field] ? `new-account-${field}-hint` : '', problem?.key ? `new-account-${field}-problem` : '']
          .filter(Boolean)
          .join(' ') || undefined,
    };
  }

  function fieldProblem(field: NewAccountField) {
    const problem = problemFor(field);
    return problem ? (
      <p className="field-problem" id={`new-account-${field}-problem`}>
        {t(problem.key, problemParams)}
      </p>
    ) : null;
  }

  return (
    <section className="panel" aria-labelledby="new-account-title">
      <h2 id="new-account-title">{t('accounts.addTitle')}</h2>
      <form
        className="form form-grid"
        noValidate
        onSubmit={(event) => void submit(event)}
        aria-busy={pending}
      >
        <div className="field">
          <label htmlFor="new-account-name">{t('accounts.name')}</label>
          <input
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            {...fieldProps('name')}
          />
          {fieldProblem('name')}
        </div>
        <div className="field">
          <label htmlFor="new-account-password">{t('accounts.password')}</label>
          <input type="password" autoComplete="new-password" {...fieldProps('password')} />
          {fieldProblem('password')}
        </div>
        <div className="field">
          <label htmlFor="new-account-role">{t('accounts.role')}</label>
          <select
            id="new-account-role"
            value={values.role}
            onChange={(event) => set('role')(ROLES.find((r) => r === event.target.value) ?? 'officer')}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-account-team">{t('accounts.team')}</label>
          <input type="text" autoCapitalize="none" spellCheck={false} {...fieldProps('team')} />
          <p className="field-hint" id="new-account-team-hint">
            {t('accounts.teamHint')}
          </p>
          {fieldProblem('team')}
        </div>
        <div className="field">
          <label htmlFor="new-account-region">{t('accounts.region')}</label>
          <input type="text" autoCapitalize="none" spellCheck={false} {...fieldProps('region')} />
          <p className="field-hint" id="new-account-region-hint">
            {t('accounts.regionHint')}
          </p>
          {fieldProblem('region')}
        </div>

        <div className="form-footer">
          {problems.length > 0 ? (
            <div className="alert alert-error" role="alert">
              <p>{t('accounts.problemsTitle')}</p>
            </div>
          ) : null}
          {nameTaken ? (
            <div className="alert alert-error" role="alert">
              <p>{t('accounts.nameTaken', { name: values.name.trim() })}</p>
            </div>
          ) : error !== null ? (
            <ErrorAlert error={error} context="general" />
          ) : null}
          {created !== null ? (
            <p className="alert alert-success" role="status">
              {t('accounts.created', { name: created })}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? t('accounts.submitting') : t('accounts.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
