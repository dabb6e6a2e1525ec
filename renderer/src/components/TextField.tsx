import type { InputHTMLAttributes, ReactNode } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: ReactNode;
  /** Text shown inside the field's left edge, e.g. "$". */
  prefix?: string;
  suffix?: string;
}

/**
 * A labelled input with its hint and validation message underneath. The message line keeps its height
 * whether or not there is a message, so a form does not jump as the bookkeeper types.
 */
export function TextField({ id, label, value, onChange, error, hint, prefix, suffix, className, ...rest }: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="input-wrap">
        {prefix && (
          <span className="input-affix" aria-hidden="true">
            {prefix}
          </span>
        )}
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? errorId : null, hintId].filter(Boolean).join(' ') || undefined}
          {...rest}
        />
        {suffix && (
          <span className="input-affix input-suffix" aria-hidden="true">
            {suffix}
          </span>
        )}
      </div>
      {hint && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
      <div className="field-error" id={errorId} role={error ? 'alert' : undefined}>
        {error ?? ''}
      </div>
    </div>
  );
}
