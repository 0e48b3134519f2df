import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface ConfirmField {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly multiline?: boolean;
}

/**
 * A modal confirmation. Required fields (reasons) must be non-blank before Confirm enables;
 * Escape cancels; focus starts on the first field or on Cancel.
 */
export function ConfirmDialog(props: {
  title: string;
  children?: ReactNode;
  fields: readonly ConfirmField[];
  confirmLabel: string;
  danger?: boolean;
  onConfirm: (values: Record<string, string>) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const first = useRef<HTMLTextAreaElement | HTMLInputElement | null>(null);
  const cancel = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    (first.current ?? cancel.current)?.focus();
  }, []);
  const missing = props.fields.some((f) => f.required && (values[f.name] ?? '').trim() === '');
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
        <h2 id="dialog-title">{props.title}</h2>
        {props.children}
        {props.fields.map((f, i) => {
          const id = `field-${f.name}`;
          const common = {
            id,
            value: values[f.name] ?? '',
            required: f.required,
            onChange: (e: { target: { value: string } }) =>
              setValues((v) => ({ ...v, [f.name]: e.target.value })),
          };
          return (
            <p key={f.name}>
              <label htmlFor={id}>
                {f.label}
                {f.required ? ' (required)' : ''}
              </label>
              <br />
              {f.multiline === false ? (
                <input {...common} ref={i === 0 ? (el) => void (first.current = el) : undefined} />
              ) : (
                <textarea
                  {...common}
                  ref={i === 0 ? (el) => void (first.current = el) : undefined}
                />
              )}
            </p>
          );
        })}
        <div className="row">
          <button type="button" ref={cancel} onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className={props.danger ? 'danger' : 'primary'}
            disabled={missing}
            onClick={() => props.onConfirm(values)}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
