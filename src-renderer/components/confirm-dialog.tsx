import {
  useEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
} from 'react';

export interface ConfirmField {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
  readonly multiline?: boolean;
}

const focusable = 'button, input, textarea, select';

/**
 * A modal confirmation. Required fields (reasons) must be non-blank before Confirm enables;
 * Escape cancels; focus starts on the first field or on Cancel, Tab stays inside the dialog,
 * and focus returns to what opened it when it closes.
 */
export function ConfirmDialog(props: {
  title: string;
  children?: ReactNode;
  fields: readonly ConfirmField[];
  confirmLabel: string;
  danger?: boolean;
  /** Confirm stays disabled while true (a choice the dialog still needs). */
  blocked?: boolean;
  onConfirm: (values: Record<string, string>) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const first = useRef<HTMLTextAreaElement | HTMLInputElement | null>(null);
  const cancel = useRef<HTMLButtonElement | null>(null);
  const box = useRef<HTMLDivElement | null>(null);
  const onCancel = useRef(props.onCancel);
  onCancel.current = props.onCancel;
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (first.current ?? cancel.current)?.focus();
    // On the document, so Escape works wherever focus went (e.g. a click on the backdrop).
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCancel.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      if (opener?.isConnected) {
        opener.focus();
      }
    };
  }, []);
  const trapTab = (e: ReactKeyboardEvent) => {
    if (e.key !== 'Tab' || !box.current) {
      return;
    }
    const items = [
      ...box.current.querySelectorAll<HTMLButtonElement | HTMLInputElement>(focusable),
    ].filter((el) => !el.disabled);
    const firstItem = items[0];
    const lastItem = items.at(-1);
    if (e.shiftKey && document.activeElement === firstItem) {
      e.preventDefault();
      lastItem?.focus();
    } else if (!e.shiftKey && document.activeElement === lastItem) {
      e.preventDefault();
      firstItem?.focus();
    }
  };
  const missing = props.fields.some((f) => f.required && (values[f.name] ?? '').trim() === '');
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        ref={box}
        onKeyDown={trapTab}
      >
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
            disabled={missing || props.blocked === true}
            onClick={() => props.onConfirm(values)}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
