import { type INestApplication } from '@nestjs/common';

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/**
 * Every route the app's express router really serves, as `METHOD /path/:param`, sorted. Walks
 * the router (not Nest's metadata), so a route can hide from neither the OpenAPI test nor the
 * tenancy test. Swagger's own /docs routes are left out.
 */
export function registeredRoutes(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    for (const path of [layer.route.path].flat()) {
      if (path.startsWith('/docs')) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  return [...routes].sort();
}
