import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { type ApiFailure } from '../api/client';
import { type MessageStatus } from '../api/types';
import { relative } from '../lib/format';
import { useNow } from './use-resource';

/** The page's heading: focused when the page opens, so screen readers announce the new page. */
export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <div className="page-title">
      <h1 ref={heading} tabIndex={-1}>
        {children}
      </h1>
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}

/** The way back to the list a detail page belongs to, above its title. */
export function Breadcrumb({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p className="breadcrumbs">
      <Link href={href}>{children}</Link> /
    </p>
  );
}

export function ErrorNotice({ error, title }: { error: ApiFailure | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p>{error.message}</p>
      {error.body.details?.length ? (
        <ul>
          {error.body.details.map((detail, index) => (
            <li key={index}>
              {detail.path ? <code>{detail.path}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A page whose data is not there yet: its title, and the failure or a loading line. */
export function Pending({
  title,
  error,
  what,
}: {
  title: ReactNode;
  error: ApiFailure | undefined;
  what: string;
}) {
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <ErrorNotice error={error} />
      {error ? null : <Loading what={what} />}
    </>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

const STATUS_LABELS: Record<MessageStatus, string> = {
  pending: 'pending',
  delivered: 'delivered',
  failed: 'failed',
};

export function StatusBadge({ status }: { status: MessageStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABELS[status]}</span>;
}

export function Badge({
  tone,
  children,
}: {
  tone: 'good' | 'bad' | 'warn' | 'neutral';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/**
 * A date as the reader's local time (or relative to now: "in 5 min"), with the exact instant on
 * hover and for machines.
 */
export function Time({ iso, relative: asRelative }: { iso: string | null; relative?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  return asRelative ? <RelativeTime iso={iso} /> : <AbsoluteTime iso={iso} />;
}

function AbsoluteTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {date.toLocaleString()}
    </time>
  );
}

function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {relative(iso, now)}
    </time>
  );
}

/** Copies `text`; says so where assistive technology hears it. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const copy = () => {
    navigator.clipboard.writeText(text).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <>
      <button type="button" className="button-secondary" onClick={copy}>
        {label}
      </button>
      <span className="copy-status" role="status">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select the text and copy it' : ''}
      </span>
    </>
  );
}

/** A secret shown once: readable, selectable, copyable, and said to be shown only now. */
export function SecretReveal({
  label,
  secret,
  children,
}: {
  label: string;
  secret: string;
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <section className="notice notice-secret" aria-labelledby={id}>
      <h2 id={id}>{label}</h2>
      {children}
      <div className="secret-row">
        <input
          className="secret"
          readOnly
          value={secret}
          aria-label={label}
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={secret} />
      </div>
    </section>
  );
}

/** A destructive action that asks once more, in place (no modal to trap focus). */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  disabled,
}: {
  label: string;
  confirmLabel: string;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        className="button-danger"
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button
        ref={confirm}
        type="button"
        className="button-danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button-secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/**
 * Keyset paging: the API only goes forward (nextCursor), so the cursors of the pages seen are
 * kept to go back.
 */
export function usePager(resetKey: string) {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [key, setKey] = useState(resetKey);
  if (key !== resetKey) {
    setKey(resetKey);
    setCursors([undefined]);
  }
  const cursor = cursors[cursors.length - 1];
  return {
    cursor,
    page: cursors.length,
    next: (nextCursor: string) => setCursors([...cursors, nextCursor]),
    previous: () => setCursors(cursors.slice(0, -1)),
    first: () => setCursors([undefined]),
  };
}

export function Pager({
  pager: { page, next: onNext, previous: onPrevious },
  nextCursor,
  labels = ['← Previous', 'Next →'],
}: {
  pager: ReturnType<typeof usePager>;
  nextCursor: string | null | undefined;
  labels?: [string, string];
}) {
  if (page <= 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button-secondary" disabled={page <= 1} onClick={onPrevious}>
        {labels[0]}
      </button>
      <span>Page {page}</span>
      <button
        type="button"
        className="button-secondary"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
      >
        {labels[1]}
      </button>
    </nav>
  );
}

/** A table (or code) that scrolls on narrow screens, reachable by keyboard to scroll it. */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must take focus to scroll by keyboard
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** Runs an action, keeping its failure for an ErrorNotice and telling when it is busy. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | undefined>();
  const run = async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (failure) {
      setError(failure as ApiFailure);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(undefined) };
}
