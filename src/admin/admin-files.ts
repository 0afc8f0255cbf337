// Credentials and channel configurations declared as files in the rules directory: `*.credentials.json`
// ({name, vendor, baseUrl, accountId, secretEnv, options}; the secret comes from the named environment
// variable) and `*.channel.json` ({name, credentials, senderNumbers}). They are read-only through the API.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JsonLocator } from '../rules/json-locator.ts';
import type { Problem } from '../rules/problem.ts';
import type { ChannelConfiguration } from './admin-store.ts';
import { checkChannelBody } from './channel-input.ts';
import { checkCredentialsFile, type CredentialsFields } from './credentials-input.ts';
import type { FieldProblem } from './field-problem.ts';

export const CREDENTIALS_FILE_SUFFIX = '.credentials.json';
export const CHANNEL_FILE_SUFFIX = '.channel.json';

export interface FileCredentials extends CredentialsFields {
  secretEnv: string;
  file: string;
}

export interface FileChannel extends ChannelConfiguration {
  file: string;
}

export interface AdminFiles {
  credentials: FileCredentials[];
  channels: FileChannel[];
  problems: Problem[];
}

export async function loadAdminFiles(dir: string): Promise<AdminFiles> {
  const names = (await readdir(dir)).sort();
  const result: AdminFiles = { credentials: [], channels: [], problems: [] };
  for (const name of names) {
    const file = join(dir, name);
    if (name.endsWith(CREDENTIALS_FILE_SUFFIX)) {
      const loaded = await loadJson(file, result.problems);
      if (loaded === undefined) continue;
      const checked = checkCredentialsFile(loaded.value);
      if (checked.ok) addUnique(result.credentials, { ...checked.value, file }, loaded.locator, result.problems);
      else result.problems.push(...located(file, loaded.locator, checked.problems));
    } else if (name.endsWith(CHANNEL_FILE_SUFFIX)) {
      const loaded = await loadJson(file, result.problems);
      if (loaded === undefined) continue;
      const checked = checkChannelBody(loaded.value);
      if (checked.ok) addUnique(result.channels, { ...checked.value, file }, loaded.locator, result.problems);
      else result.problems.push(...located(file, loaded.locator, checked.problems));
    }
  }
  return result;
}

async function loadJson(
  file: string,
  problems: Problem[],
): Promise<{ value: unknown; locator: JsonLocator } | undefined> {
  const text = await readFile(file, 'utf8');
  const locator = new JsonLocator(text);
  const [syntax] = locator.syntaxErrors;
  if (syntax !== undefined || locator.root === undefined) {
    problems.push({
      file,
      pointer: '',
      ...locator.position(syntax?.offset ?? locator.tooDeepAt ?? 0),
      message: 'invalid JSON',
      severity: 'error',
    });
    return undefined;
  }
  return { value: JSON.parse(text) as unknown, locator };
}

function addUnique<T extends { name: string; file: string }>(
  into: T[],
  item: T,
  locator: JsonLocator,
  problems: Problem[],
): void {
  const first = into.find((existing) => existing.name === item.name);
  if (first) {
    problems.push(
      ...located(item.file, locator, [
        { path: '/name', message: `name "${item.name}" is already declared in ${first.file}` },
      ]),
    );
  } else {
    into.push(item);
  }
}

function located(file: string, locator: JsonLocator, problems: FieldProblem[]): Problem[] {
  return problems.map((problem) => ({
    file,
    pointer: problem.path,
    ...locator.locate(problem.path),
    message: problem.message,
    severity: 'error',
  }));
}
