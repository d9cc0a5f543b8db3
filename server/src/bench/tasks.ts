/**
 * Benchmark tasks and recorded candidates (JSON Lines), and how a completion becomes a
 * program. A completion is the text that follows the prompt (HumanEval style); a
 * completion that is a whole declaration of the entry point is run without the prompt
 * (the benchmark task set's judging rule), so a `const f = ...` is not declared twice.
 */

export interface BenchTask {
  task_id: string;
  /** Ends just after the function's opening brace. */
  prompt: string;
  /** Hidden: used only to judge, after selection. */
  tests: string;
  entry_point: string;
  canonical_solution?: string;
}

export interface BenchCandidate {
  taskId: string;
  provider: string;
  completion: string;
  /** 0-based line in the candidates file (null when the candidate was not read from a file). */
  line: number | null;
}

export class BenchInputError extends Error {
  override name = 'BenchInputError';
}
export const isBenchInputError = (e: unknown): e is BenchInputError => e instanceof BenchInputError;

function jsonLines(text: string, what: string): { value: Record<string, unknown>; line: number }[] {
  const out: { value: Record<string, unknown>; line: number }[] = [];
  text.split('\n').forEach((raw, line) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new BenchInputError(`${what} line ${line + 1} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BenchInputError(`${what} line ${line + 1} is not a JSON object`);
    out.push({ value: value as Record<string, unknown>, line });
  });
  return out;
}

const str = (v: unknown): v is string => typeof v === 'string';

export function parseTasks(text: string): BenchTask[] {
  return jsonLines(text, 'tasks').map(({ value: v, line }) => {
    if (!str(v.task_id) || !str(v.prompt) || !str(v.tests) || !str(v.entry_point)) {
      throw new BenchInputError(`tasks line ${line + 1} needs string fields task_id, prompt, tests, entry_point`);
    }
    return {
      task_id: v.task_id, prompt: v.prompt, tests: v.tests, entry_point: v.entry_point,
      ...(str(v.canonical_solution) ? { canonical_solution: v.canonical_solution } : {}),
    };
  });
}

export function parseCandidates(text: string): BenchCandidate[] {
  return jsonLines(text, 'candidates').map(({ value: v, line }) => {
    if (!str(v.task_id) || !str(v.provider) || !str(v.completion)) {
      throw new BenchInputError(`candidates line ${line + 1} needs string fields task_id, provider, completion`);
    }
    return { taskId: v.task_id, provider: v.provider, completion: v.completion, line };
  });
}

const escape = (s: string) => s.replace(/[$]/g, '\\$');
const LEADING_COMMENTS = String.raw`^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*`;

/** True when the completion starts (after comments) with a declaration of the entry point. */
export function isWholeFunction(completion: string, entryPoint: string): boolean {
  const name = escape(entryPoint);
  const decl = new RegExp(`${LEADING_COMMENTS}(?:export\\s+)?(?:(?:async\\s+)?function\\s*\\*?\\s*${name}\\s*\\(|(?:const|let|var)\\s+${name}\\s*=)`);
  return decl.test(completion);
}

/** The candidate's program without the tests: what selection runs on probe inputs. */
export function programOf(task: BenchTask, completion: string): string {
  return isWholeFunction(completion, task.entry_point) ? completion : task.prompt + completion;
}

/** The program the hidden tests judge: prompt + completion + "\n" + tests (or answer + tests). */
export function testProgramOf(task: BenchTask, completion: string): string {
  return `${programOf(task, completion)}\n${task.tests}`;
}
