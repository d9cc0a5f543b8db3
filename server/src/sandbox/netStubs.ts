/**
 * Source of the preload (`node --require`) that runs in every sandboxed child before
 * anything else. Node 20's permission model has no network switch, so this is the
 * in-process layer: networking modules throw ERR_ACCESS_DENIED and the web networking
 * globals are removed. It is defense in depth only (the netns layer is the real wall);
 * when the permission model is missing it also blocks the process-spawning modules.
 * It also limits `process.kill`, `process._debugProcess` and `os.setPriority` to the child
 * itself (the permission model does not cover signals), reported as the 'kill-guard' layer.
 * Under bubblewrap (bwrap.ts) nothing outside the child's PID namespace is reachable anyway.
 */
export const NET_MODULES = [
  'net', 'tls', 'http', 'https', 'http2', 'dgram', 'dns', 'dns/promises', 'undici',
  // Legacy public aliases of the same internals; they reach `net` without going through Module._load.
  '_http_agent', '_http_client', '_http_common', '_http_incoming', '_http_outgoing', '_http_server', '_tls_common', '_tls_wrap',
];
export const PROCESS_MODULES = ['child_process', 'cluster', 'worker_threads', 'inspector', 'inspector/promises'];
export const NET_GLOBALS = ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'];

/**
 * @param watchdogMs the child exits by itself (code 124) this long after start if nobody
 *   killed it, so a run orphaned by a dying server cannot idle forever (busy loops are
 *   bounded by RLIMIT_CPU instead: a blocked event loop never runs this timer).
 */
export function preloadSource(blockProcessModules: boolean, watchdogMs: number): string {
  const blocked = [...NET_MODULES, ...(blockProcessModules ? PROCESS_MODULES : [])];
  return `'use strict';
(function () {
  const reallyExit = process.reallyExit.bind(process);
  setTimeout(() => reallyExit(124), ${Math.ceil(watchdogMs)}).unref();
  const Module = require('module');
  const blocked = new Set(${JSON.stringify(blocked)});
  const originalLoad = Module._load;
  const deny = (what) => {
    const e = new Error('WeaverGen sandbox: access to ' + what + ' is denied');
    e.code = 'ERR_ACCESS_DENIED';
    return e;
  };
  Module._load = function (request, parent, isMain) {
    const name = typeof request === 'string' && request.startsWith('node:') ? request.slice(5) : request;
    if (blocked.has(name)) throw deny('the "' + name + '" module');
    return Reflect.apply(originalLoad, this, [request, parent, isMain]);
  };
  const originalGetBuiltin = process.getBuiltinModule;
  if (typeof originalGetBuiltin === 'function') {
    process.getBuiltinModule = function getBuiltinModule(id) {
      const name = typeof id === 'string' && id.startsWith('node:') ? id.slice(5) : id;
      if (blocked.has(name)) throw deny('the "' + name + '" module');
      return Reflect.apply(originalGetBuiltin, process, [id]);
    };
  }
  // Signals only to itself: process.kill goes through process._kill, so guarding both covers it.
  // The pid is converted ONCE and the converted number is what gets passed on (an object whose
  // valueOf answers differently on each call cannot pass the check and then name another pid);
  // 0 and negative pids (process groups, -1 = everything) are refused.
  const selfPid = process.pid;
  const rawKill = process._kill;
  const realKill = process.kill;
  const ownPid = (pid) => {
    const n = typeof pid === 'number' ? pid : typeof pid === 'string' && /^[0-9]+$/.test(pid) ? Number(pid) : NaN;
    return n === selfPid ? n : undefined;
  };
  const lock = (obj, name, value) => {
    try { Object.defineProperty(obj, name, { value, writable: false, configurable: false }); } catch {}
  };
  lock(process, '_kill', function (pid, sig) { const n = ownPid(pid); return n === undefined ? -1 : Reflect.apply(rawKill, process, [n, sig]); });
  lock(process, 'kill', function kill(pid, sig) { const n = ownPid(pid); if (n === undefined) throw deny('signalling other processes'); return Reflect.apply(realKill, process, [n, sig]); });
  // The inspector of another process (SIGUSR1 through _debugProcess) and re-nicing others.
  lock(process, '_debugProcess', function () { throw deny('debugging other processes'); });
  lock(process, '_debugEnd', function () { throw deny('the inspector'); });
  const os = require('os');
  const realSetPriority = os.setPriority;
  lock(os, 'setPriority', function setPriority(a, b) {
    if (b === undefined) return Reflect.apply(realSetPriority, os, [a]);
    if (a !== 0 && ownPid(a) === undefined) throw deny('changing the priority of other processes');
    return Reflect.apply(realSetPriority, os, [0, b]);
  });
  for (const name of ${JSON.stringify(NET_GLOBALS)}) {
    const stub = function () { throw deny(name); };
    try { Object.defineProperty(globalThis, name, { value: stub, writable: false, configurable: false, enumerable: false }); } catch {}
  }
})();
`;
}
