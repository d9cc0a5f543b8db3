/** Argument parsing for the CLI (pure, throws UsageError). */
export interface CliArgs {
  help: boolean;
  file: string;
  /** Zero-based, as in LSP. */
  line: number;
  column: number;
  intent?: string;
  json: boolean;
  config?: string;
  provider?: string;
}

export class UsageError extends Error {}

export const USAGE = `Usage: weavergen generate FILE:LINE[:COL] [options]

Generates code at a site in FILE (LINE and COL are 1-based): a "// weaver: <intent>"
or TODO comment, or an empty / stub function body. Prints the code to stdout and a
header naming the provider to stderr ("(recorded)" when the answer is a recording).

Options:
  --intent TEXT     what to generate (overrides the comment)
  --json            print the full result (or the error) as JSON
  --config FILE     settings JSON, like the "weavergen.*" settings object
  --provider ID     ask only this provider
  -h, --help        show this help

Keys are read from OPENAI_API_KEY / ANTHROPIC_API_KEY. Without settings, local model
servers are detected, then the bundled recorded demo is used.
Exit codes: 0 success, 1 generation failed, 2 usage error.
`;

export function parseCliArgs(argv: string[]): CliArgs {
  if (argv.length === 0) throw new UsageError('missing command');
  if (argv.includes('-h') || argv.includes('--help')) return { help: true, file: '', line: 0, column: 0, json: false };
  const [command, ...rest] = argv;
  if (command !== 'generate') throw new UsageError(`unknown command "${command}"`);
  const out: Partial<CliArgs> & { json: boolean } = { json: false };
  let target: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--json') out.json = true;
    else if (a === '--intent') out.intent = value();
    else if (a === '--config') out.config = value();
    else if (a === '--provider') out.provider = value();
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (target === undefined) target = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!target) throw new UsageError('missing FILE:LINE[:COL]');
  const m = /^(.+?):(\d+)(?::(\d+))?$/.exec(target);
  if (!m || Number(m[2]) < 1 || (m[3] !== undefined && Number(m[3]) < 1)) throw new UsageError(`expected FILE:LINE[:COL] (1-based), got "${target}"`);
  return { ...out, help: false, file: m[1], line: Number(m[2]) - 1, column: m[3] ? Number(m[3]) - 1 : 0 };
}
