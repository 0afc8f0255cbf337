// `optline extract` and `optline template check` (payload templates).
// Exit codes (see src/cli.ts): 0 success, 1 a finding (template error, payload mismatch, bad body), 2 bad usage.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError } from '../errors.ts';
import type { EventKind, Extraction } from '../events.ts';
import { parseJsonBody } from '../json/parse-json-body.ts';
import { compileTemplate, extractOrMismatch } from '../template/compile-template.ts';
import { suggestTemplate } from '../template/suggest/suggest-template.ts';
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
      const payload = payloadFrom(options.payload, command, io);
      if (payload === undefined) return;
      const result = vendor.extract(payload.value, options.kind);
      if (result.kind === 'mismatch') {
        return finding(`${options.payload}: the payload does not match at ${result.path}: ${result.message}`, io);
      }
      io.out(`${JSON.stringify(printable(result))}\n`);
    });

  const template = program.command('template').description('payload templates');
  template
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

  template
    .command('suggest')
    .description("propose a template from one sample body of a provider's documentation; // comments say why")
    .addOption(kindOption().makeOptionMandatory())
    .requiredOption('--payload <file>', 'the sample callback body (JSON)')
    .action((options: { kind: EventKind; payload: string }, command: Command) => {
      const parsed = payloadFrom(options.payload, command, io);
      if (parsed === undefined) return;
      const payload = parsed.value;
      if (typeof payload !== 'object' || payload === null) {
        return finding(`${options.payload}: a sample must be a JSON object or array, as callbacks are`, io);
      }
      const suggestion = suggestTemplate(payload, options.kind, options.payload);
      io.out(suggestion.text);
      // The proposal is checked as `template check` and `extract` would check it, so a fault shows here first.
      try {
        const result = extractOrMismatch(compileTemplate(suggestion.text, { kind: options.kind }), payload);
        if (result.kind === 'mismatch') {
          finding(
            `the proposal does not extract the sample yet (${result.path}: ${result.message}): see its open decisions`,
            io,
          );
        }
      } catch (error) {
        if (!(error instanceof TemplateCompileError)) throw error;
        finding(`the proposal does not compile yet: ${error.message}`, io);
      }
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

/** The parsed body of a payload file, or undefined after a finding naming the file and what is wrong with it. */
function payloadFrom(file: string, command: Command, io: CliIo): { value: unknown } | undefined {
  const body = readOrUsage(file, command);
  try {
    return { value: parseJsonBody(body) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    finding(`${file}: ${error.message}`, io);
    return undefined;
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
