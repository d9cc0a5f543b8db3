/** Background pre-generation scheduler: low priority, pre-emptible, budgeted; user requests first, through a fair bounded queue. */
export { BackgroundScheduler } from './scheduler';
export {
  DEFAULT_FOREGROUND_CONCURRENCY, ForegroundCancelled, ForegroundQueue, isSuperseded, type ForegroundCancelReason, type ForegroundQueueOptions, type ForegroundStatus, type ForegroundTicket,
} from './foregroundQueue';
export { TokenBudget, DEFAULT_TOKENS_PER_HOUR, type BudgetLimits, type ProviderBudget } from './budget';
export {
  isPaidProviderKind, type BackgroundJobSpec, type CancelReason, type EnqueueResult, type JobOutcome, type JobSpend, type ProviderShare, type RunningJobInfo,
  type SchedulerOptions, type SchedulerStatus, type SkipReason,
} from './types';
