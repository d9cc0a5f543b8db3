/**
 * Builds the spawn command line for one run from a probed profile:
 *   prlimit --cpu --data --fsize --core -- bwrap --unshare-all … --seccomp 4 -- node
 *     --experimental-permission --allow-fs-read=DIR --allow-fs-write=DIR [--allow-worker]
 *     --max-old-space-size=N --require PRELOAD ENTRY
 * (without bwrap: unshare --net -- prlimit … -- node …) and names the layers that command line
 * makes active.
 */
import { bwrapArgs } from './bwrap';
import type { IsolationProfile } from './isolation';
import { dataLimitBytes, type SandboxLimits } from './limits';

export type SandboxLayer =
  | 'bwrap-namespaces'
  | 'seccomp'
  | 'node-permission'
  | 'netns'
  | 'rlimit-cpu'
  | 'rlimit-data'
  | 'rlimit-fsize'
  | 'heap-cap'
  | 'env-scrub'
  | 'temp-dir'
  | 'net-stubs'
  | 'kill-guard'
  | 'process-group-kill';

export interface SandboxCommand {
  command: string;
  args: string[];
  layers: SandboxLayer[];
}

export function buildCommand(
  profile: IsolationProfile,
  opts: { dir: string; entryPath: string; preloadPath: string; limits: SandboxLimits; allowWorker?: boolean },
): SandboxCommand {
  const { dir, entryPath, preloadPath, limits } = opts;
  const layers: SandboxLayer[] = [];
  const argv: string[] = [];
  if (profile.netns && !profile.bwrap) {
    argv.push(profile.netns.unsharePath, '--net', ...(profile.netns.mapRootUser ? ['--map-root-user'] : []), '--');
    layers.push('netns');
  }
  if (profile.prlimit) {
    argv.push(
      profile.prlimit.prlimitPath,
      `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
      `--data=${dataLimitBytes(limits.memoryMb)}`,
      `--fsize=${limits.maxFileBytes}`,
      '--core=0',
      '--',
    );
    layers.push('rlimit-cpu', 'rlimit-data', 'rlimit-fsize');
  }
  if (profile.bwrap) {
    argv.push(...bwrapArgs(profile.bwrap, dir));
    layers.push('bwrap-namespaces', 'netns', ...(profile.bwrap.seccomp ? (['seccomp'] as const) : []));
  }
  argv.push(profile.nodePath);
  if (profile.permission) {
    argv.push('--experimental-permission', `--allow-fs-read=${dir}`, `--allow-fs-write=${dir}`, ...(opts.allowWorker ? ['--allow-worker'] : []));
    layers.push('node-permission');
  }
  if (profile.disableWarning) argv.push('--disable-warning=ExperimentalWarning', ...(opts.allowWorker ? ['--disable-warning=SecurityWarning'] : []));
  argv.push(`--max-old-space-size=${limits.memoryMb}`, '--require', preloadPath, entryPath);
  layers.push('heap-cap', 'env-scrub', 'temp-dir', 'net-stubs', 'kill-guard', 'process-group-kill');
  const [command, ...args] = argv;
  return { command: command as string, args, layers };
}
