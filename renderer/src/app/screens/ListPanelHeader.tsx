import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ErrorAlert';

/** The top of an administrator's list panel (accounts, devices): title, reload, the last notice and errors. */
export function ListPanelHeader(props: {
  titleId: string;
  title: string;
  loading: boolean;
  onReload: () => void;
  notice: string | null;
  errors: unknown[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="panel-heading">
        <h2 id={props.titleId}>{props.title}</h2>
        <button
          type="button"
          className="button button-secondary"
          disabled={props.loading}
          onClick={props.onReload}
        >
          {t('accounts.reload')}
        </button>
      </div>
      {props.notice !== null ? (
        <p className="alert alert-success" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.errors.map((error, i) =>
        error !== null ? <ErrorAlert key={i} error={error} context="general" /> : null,
      )}
    </>
  );
}
