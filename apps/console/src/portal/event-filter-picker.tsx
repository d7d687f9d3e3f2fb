import { useId, useState } from 'react';
import { type EventType } from '../api/types';
import {
  addFilter,
  ALL_EVENTS,
  filterMatches,
  groupTypes,
  isValidFilter,
  removeFilter,
} from '../lib/event-filters';

/**
 * Chooses a webhook's event filters from the catalog (GET /v1/event-types): everything, whole
 * groups (`user.*`) or single types, plus any other well-formed filter typed in (the catalog
 * documents, it does not restrict). Deprecated types are offered only if already chosen.
 */
export function EventFilterPicker({
  catalog,
  value,
  onChange,
}: {
  catalog: EventType[];
  value: string[];
  onChange: (filters: string[]) => void;
}) {
  const [custom, setCustom] = useState('');
  const [customError, setCustomError] = useState<string | undefined>();
  const customId = useId();
  const all = value.includes(ALL_EVENTS);
  const offered = catalog.filter((type) => !type.deprecated || value.includes(type.name));
  const toggle = (filter: string, on: boolean) =>
    onChange(on ? addFilter(value, filter) : removeFilter(value, filter));
  const addCustom = () => {
    const filter = custom.trim();
    if (!isValidFilter(filter)) {
      setCustomError('Use an event type (user.create), a prefix wildcard (user.*) or * for all.');
      return;
    }
    setCustomError(undefined);
    setCustom('');
    onChange(addFilter(value, filter));
  };
  const listed = new Set([
    ALL_EVENTS,
    ...offered.map((type) => type.name),
    ...groupTypes(offered).map((g) => g.wildcard),
  ]);
  const others = value.filter((filter) => !listed.has(filter));

  return (
    <fieldset className="event-picker">
      <legend>Events</legend>
      <label className="check strong">
        <input
          type="checkbox"
          checked={all}
          onChange={(event) => toggle(ALL_EVENTS, event.target.checked)}
        />
        All events <code>*</code>
      </label>
      <div className="event-groups">
        {groupTypes(offered).map((group) => {
          const groupOn = all || value.includes(group.wildcard);
          return (
            <fieldset key={group.prefix} className="event-group">
              <legend>{group.prefix}</legend>
              <label className="check">
                <input
                  type="checkbox"
                  checked={groupOn}
                  disabled={all}
                  onChange={(event) => toggle(group.wildcard, event.target.checked)}
                />
                every <code>{group.wildcard}</code> event
              </label>
              {group.types.map((type) => {
                const covered = value.some(
                  (filter) => filter !== type.name && filterMatches(filter, type.name),
                );
                return (
                  <label key={type.name} className="check" title={type.description}>
                    <input
                      type="checkbox"
                      checked={covered || value.includes(type.name)}
                      disabled={covered}
                      onChange={(event) => toggle(type.name, event.target.checked)}
                    />
                    <code>{type.name}</code>
                    {type.deprecated ? <span className="muted"> (deprecated)</span> : null}
                  </label>
                );
              })}
            </fieldset>
          );
        })}
      </div>
      <div className="field">
        <label htmlFor={customId}>Another type or wildcard</label>
        <div className="inline">
          <input
            id={customId}
            value={custom}
            placeholder="invoice.paid or invoice.*"
            aria-invalid={customError ? true : undefined}
            aria-describedby={customError ? `${customId}-error` : undefined}
            onChange={(event) => setCustom(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                addCustom();
              }
            }}
          />
          <button type="button" className="button-secondary" onClick={addCustom}>
            Add
          </button>
        </div>
        {customError ? (
          <p id={`${customId}-error`} className="field-error">
            {customError}
          </p>
        ) : null}
      </div>
      {others.length > 0 ? (
        <ul className="chips" aria-label="Other filters">
          {others.map((filter) => (
            <li key={filter} className="chip">
              {filter}{' '}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${filter}`}
                onClick={() => toggle(filter, false)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small" aria-live="polite">
        {value.length === 0 ? 'Choose at least one event.' : `Subscribed to: ${value.join(', ')}`}
      </p>
    </fieldset>
  );
}
