const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** A moment as the date over its time: half the width of both on one line, for list columns. */
export function DateTime({ seconds }: { seconds: number }) {
  const moment = new Date(seconds * 1000);
  return (
    <time dateTime={moment.toISOString()}>
      {dateFormat.format(moment)}
      <span className="block text-xs">{timeFormat.format(moment)}</span>
    </time>
  );
}
