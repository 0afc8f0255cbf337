// The browser console: the bundle `npm run build` writes to dist/console/, served at /console/ (the root
// redirects there). It is a pure client of /api, so this router only serves files, under a Content-Security-Policy
// that allows scripts and requests from this origin alone (no inline script can run). Inline styles are allowed:
// CodeMirror and uPlot position their elements with style attributes, which carry no code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { AppError } from '../errors.ts';

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// From src/http/ (npm run dev, tests) the bundle is in dist/console/; from dist/src/http/ (npm start) it is too.
const CANDIDATES = ['../../dist/console', '../../console'].map((path) => fileURLToPath(new URL(path, import.meta.url)));

/** The directory holding the built console, or null when `npm run build` has not written it. */
export function consoleAssetsDir(): string | null {
  return CANDIDATES.find((dir) => existsSync(`${dir}/index.html`)) ?? null;
}

export function consoleRouter(dir: string | null = consoleAssetsDir()): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.redirect(302, '/console/');
  });
  router.use('/console', (_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    if (dir === null) next(new AppError('not_found', 'the console is not built: run npm run build'));
    else next();
  });
  if (dir !== null) router.use('/console', express.static(dir, { index: 'index.html', redirect: true }));
  return router;
}
