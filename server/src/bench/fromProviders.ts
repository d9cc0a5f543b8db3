/**
 * Candidates from the configured providers (no --candidates): each task's prompt becomes a
 * file with an empty function body, the same site finder, prompt builder, fan-out and
 * extraction as `weavergen generate` produce the answers, and each answer becomes the
 * completion (the text that follows the prompt once the answer is in place).
 */
import { buildPrompt } from '../context/promptBuilder';
import { findSite } from '../context/siteFinder';
import { insertionText } from '../generation/insertion';
import type { ProviderSource } from '../generation/providerSet';
import { extractCandidate, type Extracted } from '../orchestra/candidates';
import { fanOut } from '../orchestra/fanOut';
import type { CandidateSource } from './run';
import type { BenchCandidate, BenchTask } from './tasks';

const FILE = 'task.js';

/** The task as a file: the prompt, then an empty body closed on its own line. */
export function taskFile(task: BenchTask): { text: string; line: number } {
  const prompt = task.prompt.endsWith('\n') ? task.prompt : `${task.prompt}\n`;
  const text = `${prompt}}\n`;
  return { text, line: prompt.split('\n').length - 1 };
}

export function providerSource(source: ProviderSource): CandidateSource {
  return async (task, signal) => {
    const { text, line } = taskFile(task);
    const found = findSite(text, FILE, { position: { line, character: 0 } });
    if (!found) return [];
    const providers = (await source.current()).providers;
    if (providers.length === 0) return [];
    const prompt = buildPrompt(text, FILE, found, source.settings().maxContextTokens);
    const o = source.settings().orchestra;
    let fan;
    try {
      fan = await fanOut<Extracted>(providers, {
        system: prompt.system, messages: [{ role: 'user', content: prompt.user }],
        hints: { intent: found.site.intent, symbol: found.site.symbol, file: FILE },
      }, {
        // Every answer is wanted here (the oracle needs them all): no quorum cut-off.
        samplesPerProvider: o.samplesPerProvider, providerDeadlineMs: o.providerDeadlineMs, overallDeadlineMs: o.overallDeadlineMs,
        quorum: Number.MAX_SAFE_INTEGER, signal,
        accept: (answer) => {
          const e = extractCandidate(answer, text, found);
          return e ? { value: e, key: e.key } : null;
        },
      });
    } catch (e) {
      if (signal.aborted) throw e;
      return []; // every provider failed: the task has no candidates
    }
    return fan.samples.map((s): BenchCandidate => {
      const spliced = text.slice(0, found.start) + insertionText(text, found, s.value.code) + text.slice(found.end);
      const completion = found.start >= task.prompt.length ? spliced.slice(task.prompt.length) : spliced;
      return { taskId: task.task_id, provider: s.provider.id, completion, line: null };
    });
  };
}
