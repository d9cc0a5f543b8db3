/**
 * The learning loop's one object: records outcomes in the local store, feeds the
 * reliability model and keeps its state in `<dir>/reliability.json` so it survives
 * restarts (when that file is missing or unreadable, the model is rebuilt by replaying
 * the stored outcomes). `reset()` forgets both.
 */
import { StateDir } from '../util/safeFiles';
import { OutcomeStore, type OutcomeStoreOptions } from './outcomeStore';
import type { OutcomeEvent, OutcomeInput } from './outcomes';
import { isReliabilityState, ReliabilityModel, type ReliabilityOptions, type ReliabilitySummary } from './reliability';

export const STATE_FILE = 'reliability.json';

export interface LearnerOptions extends OutcomeStoreOptions {
  reliability?: ReliabilityOptions;
}

export class Learner {
  private writes: Promise<void> = Promise.resolve();

  private constructor(readonly store: OutcomeStore, private current: ReliabilityModel, private readonly state: StateDir) {}

  static async open(opts: LearnerOptions): Promise<Learner> {
    const store = await OutcomeStore.open(opts);
    const state = StateDir.at(opts.dir, opts.root, opts.log);
    // A truncated, garbage or foreign state file is moved aside; the model is then rebuilt from the outcomes.
    const saved = await state.readJson(STATE_FILE, isReliabilityState);
    const loaded = saved === undefined ? undefined : ReliabilityModel.fromJSON(saved, opts.reliability);
    const model = loaded && loaded.events > 0 ? loaded : ReliabilityModel.fromOutcomes(store.all(), opts.reliability);
    return new Learner(store, model, state);
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
    await this.chain(async () => this.state.remove(STATE_FILE));
  }

  private saveState(): Promise<void> {
    const text = JSON.stringify(this.current.toJSON());
    return this.chain(() => this.state.replace(STATE_FILE, text));
  }

  private chain(job: () => Promise<void>): Promise<void> {
    const next = this.writes.then(job);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
