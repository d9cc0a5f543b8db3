/**
 * Cold start (issue 13, item 7): warming the type checker parses the TypeScript lib
 * synchronously in the background worker (1-3 s on a loaded machine). Posted when background
 * work turned on, it sat in front of the first refresh and the first job, holding their
 * prompts back from the models. It now goes out right after the first background job was
 * submitted (the worker builds and sends that prompt first, then parses the lib while the
 * models answer), or after a grace delay when no job comes.
 */
export const DEFAULT_WARM_UP_GRACE_MS = 3000;

export class DeferredWarmUp {
  private state: 'idle' | 'armed' | 'done' = 'idle';
  private timer?: NodeJS.Timeout;

  constructor(private readonly run: () => void, private readonly graceMs = DEFAULT_WARM_UP_GRACE_MS) {}

  /** Background work turned on: warm up after the grace delay unless a job comes first. */
  arm(): void {
    if (this.state !== 'idle') return;
    this.state = 'armed';
    this.later(this.graceMs);
  }

  /** A background job was just submitted: warm up a macrotask later (the job's message goes first). */
  jobSubmitted(): void {
    if (this.state !== 'done') this.later(0);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.state = 'done';
  }

  private later(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.state === 'done') return;
      this.state = 'done';
      this.run();
    }, ms);
    this.timer.unref?.();
  }
}
