import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../../domain/api';
import {
  assignEvent,
  availableActions,
  commentEvent,
  disposeEvent,
  finishEvent,
  rejectEvent,
  statusEvent,
  verifyEvent,
  type CaseAction,
  type EventOrigin,
} from '../../../../domain/case-actions';
import type { ReportEvent } from '../../../../domain/report-events';
import type { Validation } from '../../../../domain/result';
import type { Photo } from '../../../../domain/report';
import type { CaptureSettings } from '../../data/contracts';
import type { CaseView } from '../../data/local-data';
import { useKnownNames, useLocalData } from '../../data/local-data';
import { useAssignees, type Assignees } from './use-directory';
import { statusLabel } from '../my-reports/format';
import { AfterPhotos } from './AfterPhotos';

const keyOf = (a: CaseAction): string => (a.kind === 'change-status' ? `status-${a.to}` : a.kind);

/** Makes the event for an action from the form's fields; problems are i18n keys under case.actions.problems. */
type Build = (
  origin: EventOrigin,
  fields: Record<string, string>,
  photos: readonly Photo[],
) => Validation<ReportEvent> | { problem: string };

function builderFor(
  action: CaseAction,
  from: CaseView['state']['status'],
  maxPhotos: number,
  assignees: Assignees | null,
): Build {
  switch (action.kind) {
    case 'verify':
      return (o, f) => verifyEvent(o, f.note);
    case 'reject':
      return (o, f) => ((f.reason ?? '').trim() ? rejectEvent(o, f.reason ?? '') : { problem: 'reason' });
    case 'dispose':
      return (o, f) => ((f.unit ?? '').trim() ? disposeEvent(o, f.unit ?? '', f.note) : { problem: 'unit' });
    case 'change-status':
      if (action.to === 'selesai') {
        return (o, f, photos) =>
          (f.note ?? '').trim()
            ? finishEvent(o, from, f.note ?? '', photos, maxPhotos)
            : { problem: 'closingNote' };
      }
      return (o, f) => statusEvent(o, from, action.to, f.note);
    case 'assign':
      return (o, f) => {
        const team = (f.team ?? '').trim();
        const officer = (f.officer ?? '').trim();
        if (!team && !officer) return { problem: 'assign' };
        // A name nobody has would be a task nobody receives (the gateway refuses it too).
        if (assignees && team && !assignees.teams.includes(team)) return { problem: 'unknownTeam' };
        if (assignees && officer && !assignees.officers.includes(officer))
          return { problem: 'unknownOfficer' };
        return assignEvent(o, team || null, officer || null);
      };
    case 'comment':
      return (o, f) => ((f.text ?? '').trim() ? commentEvent(o, f.text ?? '') : { problem: 'comment' });
    case 'link-duplicate':
      return () => ({ problem: 'invalid' });
  }
}

/**
 * The review actions the status machine and the permission table allow this user here and now
 * (domain availableActions), each a button (Alt+1…9) opening a short form. Saving writes one event on the
 * device; it syncs like a report does, and the timeline shows it pending until the server has it.
 */
export function ActionPanel({
  user,
  view,
  settings,
}: {
  user: SessionUser;
  view: CaseView;
  /** The server's photo limits, for the after-photos of the Selesai form. */
  settings: Pick<CaptureSettings, 'maxPhotos' | 'maxImportBytes'>;
}) {
  const { t, i18n } = useTranslation();
  const { cases } = useLocalData();
  const names = useKnownNames();
  const { report, state } = view;
  const offered = availableActions(user, report, state);
  const assignees = useAssignees(
    user.name,
    report.region,
    offered.some((a) => a.kind === 'assign'),
  );
  const [chosen, setOpen] = useState<CaseAction | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [processing, setProcessing] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const firstField = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const buttons = useRef<Map<string, HTMLButtonElement>>(new Map());
  const formId = useId();
  // Linking duplicates lives in the duplicates panel, beside the candidates.
  const actions = offered.filter((a) => a.kind !== 'link-duplicate');
  // When the status moves on (another supervisor, or a sync), a form for a step no longer offered closes.
  const open = chosen !== null && actions.some((a) => keyOf(a) === keyOf(chosen)) ? chosen : null;

  const labelOf = (a: CaseAction): string => {
    switch (a.kind) {
      case 'change-status':
        return t('case.actions.toStatus', { status: statusLabel(a.to, i18n.language) });
      case 'link-duplicate':
        return t('case.duplicates.link');
      default:
        return t(`case.actions.${a.kind}`);
    }
  };

  const start = (a: CaseAction) => {
    setOpen(a);
    setFields({});
    setPhotos([]);
    setProcessing(0);
    setProblem(null);
    setSaved(false);
  };
  const close = () => {
    const key = open ? keyOf(open) : null;
    setOpen(null);
    setProblem(null);
    if (key) buttons.current.get(key)?.focus();
  };

  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [open]);

  // Alt+1…9 opens the nth action from anywhere on the case screen.
  const actionsKey = actions.map(keyOf).join();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const a = Number.isInteger(n) && n >= 1 ? actions[n - 1] : undefined;
      if (!a) return;
      e.preventDefault();
      start(a);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
    // actionsKey stands for `actions`, which is rebuilt on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actionsKey]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!open || busy || processing > 0) return;
    const origin: EventOrigin = {
      actor: user,
      report,
      id: crypto.randomUUID(),
      at: new Date().toISOString(),
    };
    const built = builderFor(open, state.status, settings.maxPhotos, assignees)(origin, fields, photos);
    if ('problem' in built)
      return setProblem(t(`case.actions.problems.${built.problem}` as 'case.actions.problems.reason'));
    if (!built.ok) return setProblem(t('case.actions.problems.invalid', { detail: built.errors.join('; ') }));
    setBusy(true);
    try {
      await cases.addEvent(built.value, report);
      setSaved(true);
      close();
    } catch (err) {
      setProblem(
        t('case.actions.problems.storage', { detail: err instanceof Error ? err.message : String(err) }),
      );
    } finally {
      setBusy(false);
    }
  };

  const field = (
    name: string,
    label: string,
    opts: { multiline?: boolean; list?: string; first?: boolean } = {},
  ) => {
    const id = `${formId}-${name}`;
    const common = {
      id,
      name,
      value: fields[name] ?? '',
      onChange: (ev: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: ev.target.value })),
    };
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {opts.multiline ? (
          <textarea
            autoComplete="off"
            {...common}
            rows={3}
            ref={opts.first ? (el) => void (firstField.current = el) : undefined}
          />
        ) : (
          <input
            {...common}
            type="text"
            autoComplete="off"
            list={opts.list}
            ref={opts.first ? (el) => void (firstField.current = el) : undefined}
          />
        )}
      </div>
    );
  };

  const form = (a: CaseAction) => {
    switch (a.kind) {
      case 'verify':
        return field('note', t('case.actions.fields.note'), { multiline: true, first: true });
      case 'reject':
        return field('reason', t('case.actions.fields.reason'), { multiline: true, first: true });
      case 'dispose':
        return (
          <>
            {field('unit', t('case.actions.fields.unit'), { list: `${formId}-units`, first: true })}
            <datalist id={`${formId}-units`}>
              {names.units.map((u) => (
                <option key={u} value={u} />
              ))}
            </datalist>
            {field('note', t('case.actions.fields.note'), { multiline: true })}
          </>
        );
      case 'change-status':
        if (a.to === 'selesai') {
          return (
            <>
              {field('note', t('case.actions.fields.closingNote'), { multiline: true, first: true })}
              <AfterPhotos
                author={user.name}
                reportId={report.id}
                settings={settings}
                onChange={setPhotos}
                onProcessing={setProcessing}
              />
            </>
          );
        }
        return field('note', t('case.actions.fields.note'), { multiline: true, first: true });
      case 'assign':
        return (
          <>
            <p className="field-hint">{t('case.actions.fields.assignHint')}</p>
            {field('team', t('case.actions.fields.team'), { list: `${formId}-teams`, first: true })}
            <datalist id={`${formId}-teams`}>
              {(assignees?.teams ?? names.teams).map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
            {field('officer', t('case.actions.fields.officer'), { list: `${formId}-officers` })}
            <datalist id={`${formId}-officers`}>
              {(assignees?.officers ?? names.officers).map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </>
        );
      case 'comment':
        return field('text', t('case.actions.fields.comment'), { multiline: true, first: true });
      case 'link-duplicate':
        return null;
    }
  };

  return (
    <section className="panel case-actions" aria-labelledby="case-actions-title" data-testid="case-actions">
      <h2 id="case-actions-title">{t('case.actions.title')}</h2>
      {actions.length === 0 ? (
        <p className="muted">{t('case.actions.none')}</p>
      ) : (
        <>
          <div className="case-action-buttons" role="toolbar" aria-label={t('case.actions.title')}>
            {actions.map((a, i) => (
              <button
                key={keyOf(a)}
                ref={(el) => {
                  if (el) buttons.current.set(keyOf(a), el);
                  else buttons.current.delete(keyOf(a));
                }}
                type="button"
                className={`button button-small ${a.kind === 'reject' ? 'button-danger' : 'button-secondary'}`}
                data-action={keyOf(a)}
                aria-expanded={open !== null && keyOf(open) === keyOf(a)}
                aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}
                onClick={() => start(a)}
              >
                {labelOf(a)}
                {i < 9 ? <kbd className="shortcut">Alt+{i + 1}</kbd> : null}
              </button>
            ))}
          </div>
          <p className="field-hint">{t('case.actions.hint')}</p>
        </>
      )}
      {open ? (
        <form
          className="case-action-form"
          aria-label={labelOf(open)}
          data-testid="action-form"
          onSubmit={(e) => void submit(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            }
          }}
          noValidate
        >
          {form(open)}
          {problem !== null ? (
            <p className="alert alert-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy || processing > 0}>
              {t('case.actions.submit')}
            </button>
            <button type="button" className="button button-quiet" onClick={close}>
              {t('case.actions.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <p role="status" className="muted" data-testid="action-saved">
        {saved ? t('case.actions.saved') : ''}
      </p>
    </section>
  );
}
