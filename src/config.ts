// One typed configuration object from the environment; fails fast and names the variable that is wrong.
import { resolve } from 'node:path';
import { allowedRanges } from './send/outbound-policy.ts';

/** A bearer token of the admin API and the label its changes are recorded under. */
export interface AdminToken {
  label: string;
  token: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  rulesDir: string;
  mongodbUri: string | null;
  /** OPTLINE_ADMIN_TOKEN (labelled "admin") and OPTLINE_ADMIN_TOKENS ("alice:token1,bob:token2"); none: the API is off. */
  adminTokens: AdminToken[];
  publicUrl: string;
  /** How often changes made through another instance's admin API are picked up (0: never). */
  adminSyncSeconds: number;
  synchronous: 'FULL' | 'NORMAL';
  logLevel: string;
  /** OPTLINE_DISPATCH=off: this instance queues replies but does not send them. */
  dispatch: boolean;
  /** How often the dispatcher looks for due replies when the outbox is idle. */
  dispatchPollMs: number;
  /**
   * OPTLINE_OUTBOUND_ALLOW: host:port pairs (any address; for SNS confirmation also besides SNS's own hosts) and
   * CIDR ranges that outbound requests may reach although loopback, private or link-local (tests' fakes).
   */
  outboundAllow: string[];
  /** OPTLINE_MAX_CLOCK_SKEW_SECONDS: an event's own time counts as at most this far past its receipt. */
  maxClockSkewSeconds: number;
  /** OPTLINE_METRICS: GET /metrics open ("on", default; the admin token is accepted too), "token" only, or "off". */
  metrics: 'on' | 'token' | 'off';
  /** OPTLINE_DRAIN_SECONDS: on SIGTERM, how long admitted requests may take to finish before the exit. */
  drainSeconds: number;
  /**
   * OPTLINE_HEAP_GROWTH_PERCENT: how far V8 lets the heap grow past what a full collection left live (0: V8's own
   * factor, up to 4x). A callback's garbage is short-lived; the default keeps RSS under load near 150 MB.
   */
  heapGrowthPercent: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST ?? '0.0.0.0';
  return {
    port,
    host,
    dataDir: resolve(env.OPTLINE_DATA ?? '.data'),
    rulesDir: resolve(env.OPTLINE_RULES ?? 'rules'),
    mongodbUri: nonEmpty(env, 'MONGODB_URI'),
    adminTokens: adminTokens(env),
    publicUrl: (nonEmpty(env, 'OPTLINE_PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    adminSyncSeconds: integer(env, 'OPTLINE_ADMIN_SYNC_SECONDS', 10, 0, 86_400),
    synchronous: oneOf(env, 'OPTLINE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    logLevel: env.LOG_LEVEL ?? 'info',
    dispatch: oneOf(env, 'OPTLINE_DISPATCH', ['ON', 'OFF'] as const, 'ON') === 'ON',
    dispatchPollMs: integer(env, 'OPTLINE_DISPATCH_POLL_MS', 1000, 10, 3_600_000),
    outboundAllow: outboundAllow(env),
    maxClockSkewSeconds: integer(env, 'OPTLINE_MAX_CLOCK_SKEW_SECONDS', 300, 0, 86_400),
    metrics: ({ ON: 'on', TOKEN: 'token', OFF: 'off' } as const)[
      oneOf(env, 'OPTLINE_METRICS', ['ON', 'TOKEN', 'OFF'] as const, 'ON')
    ],
    drainSeconds: integer(env, 'OPTLINE_DRAIN_SECONDS', 10, 0, 600),
    heapGrowthPercent: integer(env, 'OPTLINE_HEAP_GROWTH_PERCENT', 50, 0, 1000),
  };
}

/** OPTLINE_OUTBOUND_ALLOW's entries, lower-cased; throws ConfigError naming a malformed one. */
export function outboundAllow(env: NodeJS.ProcessEnv): string[] {
  const entries = (nonEmpty(env, 'OPTLINE_OUTBOUND_ALLOW') ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of entries) {
    if (/^([a-z0-9.-]+|\[[0-9a-f:.]+\]):[0-9]{1,5}$/.test(entry)) continue;
    try {
      if (allowedRanges([entry]).rules.length === 1) continue;
    } catch {
      // named below
    }
    throw new ConfigError(
      `OPTLINE_OUTBOUND_ALLOW must be host:port pairs or address ranges (10.0.0.0/8) separated by commas, got "${entry}"`,
    );
  }
  return entries;
}

function adminTokens(env: NodeJS.ProcessEnv): AdminToken[] {
  const tokens: AdminToken[] = [];
  const single = nonEmpty(env, 'OPTLINE_ADMIN_TOKEN');
  if (single !== null) tokens.push({ label: 'admin', token: single });
  for (const entry of (nonEmpty(env, 'OPTLINE_ADMIN_TOKENS') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z0-9._@-]{1,64}):(\S{8,})$/.exec(entry);
    if (!match?.[1] || !match[2]) {
      throw new ConfigError(
        'OPTLINE_ADMIN_TOKENS must be label:token pairs separated by commas (labels: letters, digits, ._@-; tokens: 8+ characters)',
      );
    }
    tokens.push({ label: match[1], token: match[2] });
  }
  if (new Set(tokens.map((token) => token.token)).size !== tokens.length) {
    throw new ConfigError(
      'OPTLINE_ADMIN_TOKEN and OPTLINE_ADMIN_TOKENS must not repeat a token (each names one author)',
    );
  }
  return tokens;
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = nonEmpty(env, name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const text = nonEmpty(env, name);
  if (text === null) return fallback;
  const match = allowed.find((option) => option === text.toUpperCase());
  if (!match) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return match;
}
