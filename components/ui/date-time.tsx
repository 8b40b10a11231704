const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** A moment as the date over its time: half the width of both on one line, for list columns. */
export function DateTime({ at }: { at: Date }) {
  return (
    <time dateTime={at.toISOString()}>
      {dateFormat.format(at)}
      <span className="block text-xs">{timeFormat.format(at)}</span>
    </time>
  );
}
