/** Background pre-generation scheduler: low priority, pre-emptible, budgeted. */
export { BackgroundScheduler } from './scheduler';
export { TokenBudget, DEFAULT_TOKENS_PER_HOUR, type BudgetLimits, type ProviderBudget } from './budget';
export {
  isPaidProviderKind, type BackgroundJobSpec, type CancelReason, type EnqueueResult, type JobOutcome, type JobSpend, type ProviderShare, type RunningJobInfo,
  type SchedulerOptions, type SchedulerStatus, type SkipReason,
} from './types';
