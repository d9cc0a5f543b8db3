/**
 * The learning loop's one object: records outcomes in the local store, feeds the
 * reliability model and keeps its state in `<dir>/reliability.json` so it survives
 * restarts (when that file is missing or unreadable, the model is rebuilt by replaying
 * the stored outcomes). `reset()` forgets both.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { OutcomeStore, type OutcomeStoreOptions } from './outcomeStore';
import type { OutcomeEvent, OutcomeInput } from './outcomes';
import { ReliabilityModel, type ReliabilityOptions, type ReliabilitySummary } from './reliability';

export const STATE_FILE = 'reliability.json';

export interface LearnerOptions extends OutcomeStoreOptions {
  reliability?: ReliabilityOptions;
}

export class Learner {
  private writes: Promise<void> = Promise.resolve();

  private constructor(readonly store: OutcomeStore, private current: ReliabilityModel, private readonly opts: LearnerOptions) {}

  static async open(opts: LearnerOptions): Promise<Learner> {
    const store = await OutcomeStore.open(opts);
    let model: ReliabilityModel | undefined;
    try {
      const state: unknown = JSON.parse(await fs.readFile(join(opts.dir, STATE_FILE), 'utf8'));
      const loaded = ReliabilityModel.fromJSON(state, opts.reliability);
      if (loaded.events > 0) model = loaded;
    } catch {
      model = undefined;
    }
    return new Learner(store, model ?? ReliabilityModel.fromOutcomes(store.all(), opts.reliability), opts);
  }

  get model(): ReliabilityModel {
    return this.current;
  }

  /** Stores one outcome and learns from it; resolves when both are on disk. */
  async record(input: OutcomeInput): Promise<OutcomeEvent> {
    const event = await this.store.append(input);
    this.current.observe(event);
    await this.saveState();
    return event;
  }

  summary(): ReliabilitySummary {
    return this.current.summary();
  }

  /** Outcomes and what was learned, as one JSON document. */
  export(): string {
    return JSON.stringify({ format: 'weavergen-learning', version: 1, summary: this.summary(), outcomes: JSON.parse(this.store.export()) }, null, 2);
  }

  async reset(): Promise<void> {
    this.current.reset();
    await this.store.reset();
    await this.chain(() => fs.rm(join(this.opts.dir, STATE_FILE), { force: true }));
  }

  private saveState(): Promise<void> {
    const text = JSON.stringify(this.current.toJSON());
    const file = join(this.opts.dir, STATE_FILE);
    return this.chain(async () => {
      await fs.writeFile(`${file}.tmp`, text);
      await fs.rename(`${file}.tmp`, file);
    });
  }

  private chain(job: () => Promise<void>): Promise<void> {
    const next = this.writes.then(job);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
