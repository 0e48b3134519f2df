import { eventKindWord } from '../../src-main/core/words';

/**
 * Which event kinds the timeline shows, several at once: a disclosure with one checkbox per
 * kind present. Nothing ticked shows every kind.
 */
export function KindPicker(props: {
  options: readonly string[];
  chosen: readonly string[];
  onChange: (kinds: string[]) => void;
}) {
  const { options, chosen, onChange } = props;
  const label =
    chosen.length === 0
      ? 'every kind'
      : chosen.length === 1
        ? eventKindWord(chosen[0] ?? '')
        : `${chosen.length} kinds`;
  return (
    <details className="kind-picker">
      <summary>Kinds: {label}</summary>
      <fieldset aria-label="Event kinds">
        {options.map((k) => (
          <label key={k}>
            <input
              type="checkbox"
              checked={chosen.includes(k)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, k] : chosen.filter((x) => x !== k))
              }
            />{' '}
            {eventKindWord(k)}
          </label>
        ))}
        {chosen.length > 0 ? (
          <button type="button" onClick={() => onChange([])}>
            Show every kind
          </button>
        ) : null}
      </fieldset>
    </details>
  );
}
