/** The execution sandbox for untrusted generated code. See README.md for the layers. */
export { DEFAULT_LIMITS, resolveLimits, dataLimitBytes, type SandboxLimits } from './limits';
export { getIsolation, probeIsolation, resetIsolationCache, scrubbedEnv, type IsolationProfile, type ProbeOptions } from './isolation';
export { buildCommand, type SandboxCommand, type SandboxLayer } from './command';
export { classifyEnd, type SandboxOutcome, type KillReason, type EndState } from './classify';
export { runSandboxed, newNonce, type SandboxJob, type SandboxRun } from './run';
export { type SandboxLaunch } from './launch';
export { SandboxSpawner, getSandboxSpawner, resetSandboxSpawner, resolveSpawnerFile, spawnerEnv, type SpawnerOptions } from './spawner/client';
export { canonicalize, DEFAULT_MAX_VALUE_CHARS } from './canonical';
export { runProbes, parseProbeChannel, type ProbeJob, type ProbeRun, type ProbeResult, type ProbeStatus, type ProbeOutcome } from './runProbes';
export { runTestProgram, type TestProgramJob, type TestProgramResult } from './runTests';
export { PROBE_ALLOWED_MODULES } from './probeHarness';
export { sweepStaleSandboxDirs, TEMP_PREFIXES } from './sweep';
