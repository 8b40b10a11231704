/**
 * Text that may wrap after each separator and nowhere else: an audit action at its dots, an API
 * path at its slashes. Left alone, a browser breaks such text at hyphens or not at all.
 */
export function Breakable({ text, after }: { text: string; after: string }) {
  const parts = text.split(after);
  return parts.map((part, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
    <span key={i}>
      {part}
      {i < parts.length - 1 ? (
        <>
          {after}
          <wbr />
        </>
      ) : null}
    </span>
  ));
}
