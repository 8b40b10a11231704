export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight">
      <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-accent" fill="none" stroke="currentColor" strokeWidth="2">
        <circle cx="6" cy="6" r="2.5" />
        <circle cx="6" cy="18" r="2.5" />
        <circle cx="18" cy="12" r="2.5" />
        <path d="M8.5 6h3a3 3 0 0 1 3 3v0a3 3 0 0 0 1 2.2M8.5 18h3a3 3 0 0 0 3-3v0a3 3 0 0 1 1-2.2" />
      </svg>
      {compact ? null : <span className="text-base">Switchboard</span>}
    </span>
  );
}
