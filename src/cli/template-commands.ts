// `optline extract` and `optline template check` (payload templates).
// Exit codes (see src/cli.ts): 0 success, 1 a finding (template error, payload mismatch, bad body), 2 bad usage.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError } from '../errors.ts';
import type { EventKind, Extraction } from '../events.ts';
import { parseJsonBody } from '../json/parse-json-body.ts';
import { compileTemplate } from '../template/compile-template.ts';
import { TemplateCompileError } from '../template/template-compile-error.ts';
import {
  customExtractor,
  extractorFor,
  NATIVE_VENDOR_IDS,
  type CallbackExtractor,
  type NativeVendorId,
} from '../vendors/vendor-registry.ts';
import { EXIT_FINDING, EXIT_USAGE, type CliIo } from './cli-io.ts';

interface ExtractOptions {
  vendor?: NativeVendorId;
  template?: string;
  kind?: EventKind;
  payload: string;
}

export function registerTemplateCommands(program: Command, io: CliIo): void {
  const kindOption = () => new Option('--kind <kind>', 'inbound or feedback').choices(['inbound', 'feedback']);

  program
    .command('extract')
    .description('extract the events of one callback body, with a native vendor or a Custom template')
    .addOption(new Option('--vendor <vendor>', 'a native vendor').choices(NATIVE_VENDOR_IDS))
    .option('--template <file>', 'a Custom payload template')
    .addOption(kindOption())
    .requiredOption('--payload <file>', 'the callback body (JSON)')
    .action((options: ExtractOptions, command: Command) => {
      if ((options.vendor === undefined) === (options.template === undefined)) {
        command.error('error: give exactly one of --vendor and --template', { exitCode: EXIT_USAGE });
      }
      const vendor =
        options.vendor === undefined
          ? customFrom(options.template ?? '', options.kind, command, io)
          : extractorFor(options.vendor);
      if (vendor === undefined) return;
      const body = readOrUsage(options.payload, command);
      let payload: unknown;
      try {
        payload = parseJsonBody(body);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return finding(`${options.payload}: ${error.message}`, io);
      }
      const result = vendor.extract(payload, options.kind);
      if (result.kind === 'mismatch') {
        return finding(`${options.payload}: the payload does not match at ${result.path}: ${result.message}`, io);
      }
      io.out(`${JSON.stringify(printable(result))}\n`);
    });

  program
    .command('template')
    .description('payload templates')
    .command('check')
    .description('validate payload templates; prints every error as FILE:line:column: message')
    .addOption(kindOption())
    .argument('<files...>', 'template files')
    .action((files: string[], options: { kind?: EventKind }, command: Command) => {
      let failed = false;
      for (const file of files) {
        const text = readOrUsage(file, command);
        try {
          const template = compileTemplate(text, { kind: options.kind, source: file });
          for (const warning of template.warnings)
            io.out(`${file}:${warning.line}:${warning.column}: warning: ${warning.message}\n`);
          io.out(`${file}: ok (${template.kind})\n`);
        } catch (error) {
          if (!(error instanceof TemplateCompileError)) throw error;
          io.out(`${error.message}\n`);
          failed = true;
        }
      }
      if (failed) io.exitCode = EXIT_FINDING;
    });
}

function customFrom(
  file: string,
  kind: EventKind | undefined,
  command: Command,
  io: CliIo,
): CallbackExtractor | undefined {
  try {
    return customExtractor(compileTemplate(readOrUsage(file, command), { kind, source: file }));
  } catch (error) {
    if (!(error instanceof TemplateCompileError)) throw error;
    finding(error.message, io);
    return undefined;
  }
}

/** A file that cannot be read is a usage error (a wrong path on the command line). */
function readOrUsage(file: string, command: Command): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return command.error(`error: cannot read ${file} (${reason})`, { exitCode: EXIT_USAGE });
  }
}

function finding(message: string, io: CliIo): void {
  io.err(`${message}\n`);
  io.exitCode = EXIT_FINDING;
}

/** The contract's shape: the five inbound fields plus `normalized`, or the feedback fields. */
function printable(extraction: Extraction): unknown {
  if (extraction.kind === 'ignored') return extraction;
  if (extraction.kind === 'feedback') {
    return {
      kind: extraction.kind,
      events: extraction.events.map((event) => ({
        clientReference: event.clientReference,
        messageId: event.messageId,
        ...(event.recipient === undefined || event.recipient === null ? {} : { recipient: event.recipient }),
        statuses: event.statuses.map(({ code, status, canonical, final }) => ({ code, status, canonical, final })),
      })),
    };
  }
  return {
    kind: extraction.kind,
    events: extraction.events.map((event) => ({
      inboundMessage: event.inboundMessage,
      profileNumber: event.profileNumber,
      requestId: event.requestId,
      originTimestamp: event.originTimestamp,
      inboundNumber: event.inboundNumber,
      normalized: event.normalized,
      ...(event.binary === true ? { binary: true } : {}),
      ...(event.clientReference === undefined || event.clientReference === null
        ? {}
        : { clientReference: event.clientReference }),
    })),
  };
}
