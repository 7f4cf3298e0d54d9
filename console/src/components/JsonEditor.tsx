// A JSON object editor: a monospace textarea that reports where the JSON breaks as you type, and
// formats on demand. Deliberately no editor library: CodeMirror alone would double the bundle,
// and a plain textarea keeps Tab moving focus (no keyboard trap).
import { useId } from 'preact/hooks';

/** The parsed object, or why the text is not one. */
export function parseJsonObject(text: string): { value: Record<string, unknown>; error: null } | { value: null; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { value: null, error: `Not valid JSON: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { value: null, error: 'The data must be a JSON object ({ … }).' };
  return { value: value as Record<string, unknown>, error: null };
}

export function JsonEditor(props: { label: string; value: string; onValue: (v: string) => void; error?: string | null | undefined; rows?: number }) {
  const id = useId();
  const parsed = parseJsonObject(props.value);
  const error = props.error ?? parsed.error;
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <div class="label-row">
        <label for={id}>{props.label}</label>
        <button type="button" class="link" disabled={!parsed.value} onClick={() => parsed.value && props.onValue(JSON.stringify(parsed.value, null, 2))}>
          Format
        </button>
      </div>
      <textarea
        id={id}
        class="mono"
        rows={props.rows ?? 14}
        spellcheck={false}
        value={props.value}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
      {error && (
        <div class="error-text" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
