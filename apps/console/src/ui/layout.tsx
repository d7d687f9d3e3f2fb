import { type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';

/** The frame of the portal and of the operator console: skip link, top bar, main content. */
export function Layout({
  brand,
  navLabel,
  links,
  aside,
  children,
}: {
  brand: ReactNode;
  navLabel: string;
  links: Array<{ href: string; label: string }>;
  aside: ReactNode;
  children: ReactNode;
}) {
  const [location] = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>{brand}</span>
        </div>
        <nav aria-label={navLabel}>
          {links.map(({ href, label }) => (
            <Link
              key={href}
              href={href}
              aria-current={location.startsWith(href) ? 'page' : undefined}
            >
              {label}
            </Link>
          ))}
        </nav>
        <div className="session-info">{aside}</div>
      </header>
      <main id="main" className="content">
        {children}
      </main>
    </>
  );
}
