// Optional API routes are discovered from the OpenAPI document (/api/docs/json) instead of being probed,
// so that a server without them causes no 404 (and no console error) in the browser.
let paths: Promise<Set<string>> | null = null;

export function hasRoute(path: string): Promise<boolean> {
  paths ??= fetch('/api/docs/json', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(async (r) =>
      r.ok ? new Set(Object.keys(((await r.json()) as { paths?: object }).paths ?? {})) : new Set<string>(),
    )
    .catch(() => new Set<string>());
  return paths.then((p) => p.has(path));
}
