/** The Portcullis mark: a gate with its grille half raised. */
export function Logo({ className = "h-8 w-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="7" className="fill-accent" />
      <path d="M7 26V12a9 9 0 0 1 18 0v14" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" />
      <path d="M12 8.5V21M16 7v14M20 8.5V21M9 13h14M9 17h14" stroke="white" strokeWidth="1.6" strokeLinecap="round" opacity="0.85" />
      <path d="M10 21v2.5M14 21v2.5M18 21v2.5M22 21v2.5" stroke="white" strokeWidth="1.6" strokeLinecap="round" opacity="0.85" />
    </svg>
  );
}
