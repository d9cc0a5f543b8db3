/**
 * `weavergen generate FILE:LINE[:COL]` — the same GenerationService, headless.
 * `weavergen bench selection ...` — the selection benchmark (bench/index.ts).
 * Exit codes: 0 success, 1 generation failure, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_SETTINGS, resolveSettings, type WeaverSettings } from './protocol/settings';
import { demoRecordingPath, resolveProviders } from './providers/registry';
import { envKeys, ProviderSet } from './generation/providerSet';
import { GenerationService } from './generation/service';
import { asWeaverError } from './util/errors';
import { parseCliArgs, UsageError, USAGE, type CliArgs } from './util/cliArgs';
import { benchMain } from './bench';
import { runBenchScript } from './benchScripts';

async function bench(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await benchMain(argv, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), signal: controller.signal });
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function run(argv: string[]): Promise<number> {
  const script = runBenchScript(argv); // `weavergen bench repair|learn`: scripts/bench-*.mjs
  if (script) return script;
  if (argv[0] === 'bench') return bench(argv.slice(1));
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`weavergen: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let settings: WeaverSettings = DEFAULT_SETTINGS;
  let text: string;
  try {
    if (args.config) settings = resolveSettings(JSON.parse(await readFile(args.config, 'utf8')));
    text = await readFile(args.file, 'utf8');
  } catch (e) {
    process.stderr.write(`weavergen: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const set = new ProviderSet(resolveProviders, { keys: envKeys(), demoRecordingPath: demoRecordingPath() }, settings);
  try {
    void set.resolve();
    const uri = pathToFileURL(path.resolve(args.file)).toString();
    const doc = TextDocument.create(uri, 'typescript', 1, text);
    const result = await new GenerationService(set).generate(doc, {
      textDocument: { uri }, position: { line: args.line, character: args.column }, intent: args.intent,
      providers: args.provider ? [args.provider] : undefined,
    }, controller.signal);
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const p = result.provider;
      process.stderr.write(`// weavergen: ${result.site.kind}${result.site.symbol ? ` ${result.site.symbol}` : ''} by ${p.id} (${p.model})` +
        `${result.recorded ? ' (recorded)' : ''} in ${result.timings.totalMs} ms\n`);
      process.stdout.write(result.code.replace(/^\n/, '').replace(/\n[ \t]*$/, '') + '\n');
    }
    return 0;
  } catch (e) {
    const w = asWeaverError(e);
    if (args.json) process.stdout.write(`${JSON.stringify({ error: { message: w.message, ...w.data } }, null, 2)}\n`);
    process.stderr.write(`weavergen: ${w.message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    set.dispose();
  }
}

run(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
  process.stderr.write(`weavergen: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
