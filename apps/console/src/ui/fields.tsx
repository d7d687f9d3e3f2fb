import { type InputHTMLAttributes, type ReactNode } from 'react';

/** A labelled form control; its hint, when given, is `${id}-hint` for aria-describedby. */
export function Field({
  id,
  label,
  hint,
  grow,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  grow?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

type InputAttributes = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'aria-describedby'
>;

/** An input in a Field, holding a string (text, URL, datetime-local …); children follow it. */
export function TextField({
  id,
  label,
  hint,
  grow,
  value,
  onChange,
  children,
  ...input
}: Omit<InputAttributes, 'children'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  grow?: boolean;
  value: string;
  onChange: (value: string) => void;
  children?: ReactNode;
}) {
  return (
    <Field id={id} label={label} hint={hint} grow={grow}>
      <input
        {...input}
        id={id}
        aria-describedby={hint ? `${id}-hint` : undefined}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {children}
    </Field>
  );
}

/** A select in a Field holding a string; its options are the children. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {children}
      </select>
    </Field>
  );
}

/** A select in a Field among numbers (durations in seconds, say). */
export function NumberChoiceField({
  id,
  label,
  options,
  value,
  onChange,
}: {
  id: string;
  label: ReactNode;
  options: ReadonlyArray<{ value: number; label: string }>;
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
