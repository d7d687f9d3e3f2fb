/**
 * `PORTAL_FRAME_ANCESTORS`: who may embed the console in a frame, as the sources of the CSP
 * directive `frame-ancestors`, space-separated: `'none'` (alone: nobody, the default), `'self'`,
 * schemes (`https:`) and origins with an optional `*.` host wildcard or `:*` port
 * (`https://app.example.com`, `https://*.example.com:8443`). Paths, quotes other than the two
 * keywords and separators (`;`, `,`) are refused: the value goes into a header.
 */
const KEYWORDS = new Set(["'none'", "'self'"]);
const SCHEME_SOURCE = /^[a-z][a-z0-9+.-]*:$/i;
const HOST_SOURCE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::(?:\d{1,5}|\*))?$/i;

export type FrameAncestorsResult = { ok: true; sources: string[] } | { ok: false; error: string };

export function parseFrameAncestors(text: string): FrameAncestorsResult {
  if (!/^[\x20-\x7e]*$/.test(text)) {
    return { ok: false, error: 'must be printable ASCII, sources separated by spaces' };
  }
  const sources = text.trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0) return { ok: false, error: "must name at least one source, or 'none'" };
  for (const source of sources) {
    if (!KEYWORDS.has(source) && !SCHEME_SOURCE.test(source) && !HOST_SOURCE.test(source)) {
      return {
        ok: false,
        error: `"${source}" is not 'none', 'self', a scheme (https:) or an origin (https://app.example.com)`,
      };
    }
  }
  if (sources.includes("'none'") && sources.length > 1) {
    return { ok: false, error: "'none' cannot be combined with other sources" };
  }
  return { ok: true, sources: [...new Set(sources)] };
}
