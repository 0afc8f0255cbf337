// One typed configuration object from the environment; fails fast and names the variable that is wrong.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  rulesDir: string;
  mongodbUri: string | null;
  adminToken: string | null;
  publicUrl: string;
  synchronous: 'FULL' | 'NORMAL';
  logLevel: string;
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
    adminToken: nonEmpty(env, 'OPTLINE_ADMIN_TOKEN'),
    publicUrl: (nonEmpty(env, 'OPTLINE_PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    synchronous: oneOf(env, 'OPTLINE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
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
