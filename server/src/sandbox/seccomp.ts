/**
 * The seccomp filter bubblewrap installs for every sandboxed child (`bwrap --seccomp FD`): a
 * classic-BPF program, assembled here, that refuses the system calls a Node program has no use
 * for and an escape would need — debugging other processes (ptrace, process_vm_*, pidfd_getfd,
 * kcmp), namespaces and mounts (unshare, setns, mount*, pivot_root, chroot, clone with CLONE_NEW*
 * flags), kernel objects (bpf, perf_event_open, keyctl, io_uring, userfaultfd, modules, kexec,
 * reboot, swap, clocks), and every socket family but AF_UNIX and AF_NETLINK (getifaddrs, which
 * `os.networkInterfaces()` uses; in the empty network namespace it sees only a loopback). Refused calls fail with EPERM
 * (ENOSYS for clone3 and io_uring, so glibc and libuv fall back); a foreign syscall ABI
 * (x32, i386 on x86_64) kills the process.
 *
 * Only x86_64 is assembled: the syscall numbers are per architecture, and this is the one the
 * suite runs on. Elsewhere `seccompProgram()` returns undefined and the layer is reported missing.
 */

/** struct sock_filter: u16 code, u8 jt, u8 jf, u32 k — 8 bytes, little-endian. */
interface Insn { code: number; jt: number | string; jf: number | string; k: number }

const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;

const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const retErrno = (errno: number): number => 0x00050000 | (errno & 0xffff);
const EPERM = 1;
const ENOSYS = 38;

const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const OFF_NR = 0;
const OFF_ARCH = 4;
const OFF_ARG0_LO = 16;

/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET | NEWTIME. */
const CLONE_NEW_MASK = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000 | 0x00000080;
const AF_UNIX = 1;
const AF_NETLINK = 16;

/** x86_64 numbers of the refused calls (EPERM). */
const DENY_X86_64: Record<string, number> = {
  ptrace: 101, syslog: 103, personality: 135, pivot_root: 155, acct: 163, settimeofday: 164,
  mount: 165, umount2: 166, swapon: 167, swapoff: 168, reboot: 169, sethostname: 170,
  setdomainname: 171, iopl: 172, ioperm: 173, init_module: 175, delete_module: 176,
  quotactl: 179, chroot: 161, lookup_dcookie: 212, clock_settime: 227, kexec_load: 246,
  add_key: 248, request_key: 249, keyctl: 250, unshare: 272, perf_event_open: 298,
  fanotify_init: 300, name_to_handle_at: 303, open_by_handle_at: 304, setns: 308,
  process_vm_readv: 310, process_vm_writev: 311, kcmp: 312, finit_module: 313,
  kexec_file_load: 320, bpf: 321, userfaultfd: 323, pidfd_send_signal: 424, open_tree: 428,
  move_mount: 429, fsopen: 430, fsconfig: 431, fsmount: 432, fspick: 433, pidfd_getfd: 438,
  mount_setattr: 442,
};
/** Refused with ENOSYS so the caller falls back to an older interface. */
const NOSYS_X86_64: Record<string, number> = { clone3: 435, io_uring_setup: 425, io_uring_enter: 426, io_uring_register: 427 };
const CLONE_X86_64 = 56;
const SOCKET_X86_64 = 41;

/** Names of every refused call, for the report and the tests. */
export const SECCOMP_REFUSED: readonly string[] = Object.freeze([...Object.keys(DENY_X86_64), ...Object.keys(NOSYS_X86_64), 'clone(CLONE_NEW*)', 'socket(not AF_UNIX/AF_NETLINK)']);

/** Resolves symbolic jump targets (labels) to relative offsets and encodes the program. */
function assemble(insns: (Insn | string)[]): Buffer {
  const labels = new Map<string, number>();
  const code: Insn[] = [];
  for (const i of insns) {
    if (typeof i === 'string') labels.set(i, code.length);
    else code.push(i);
  }
  const buf = Buffer.alloc(code.length * 8);
  code.forEach((insn, pc) => {
    const rel = (t: number | string): number => {
      if (typeof t === 'number') return t;
      const at = labels.get(t);
      if (at === undefined || at <= pc || at - pc - 1 > 255) throw new Error(`seccomp: bad jump to ${t}`);
      return at - pc - 1;
    };
    buf.writeUInt16LE(insn.code, pc * 8);
    buf.writeUInt8(rel(insn.jt), pc * 8 + 2);
    buf.writeUInt8(rel(insn.jf), pc * 8 + 3);
    buf.writeUInt32LE(insn.k >>> 0, pc * 8 + 4);
  });
  return buf;
}

const ld = (off: number): Insn => ({ code: LD_W_ABS, jt: 0, jf: 0, k: off });
const ret = (k: number): Insn => ({ code: RET_K, jt: 0, jf: 0, k });
const jeq = (k: number, jt: number | string, jf: number | string = 0): Insn => ({ code: JEQ_K, jt, jf, k });

function x86_64Program(): Buffer {
  const insns: (Insn | string)[] = [
    ld(OFF_ARCH),
    jeq(AUDIT_ARCH_X86_64, 0, 'kill'),
    ld(OFF_NR),
    { code: JGE_K, jt: 'kill', jf: 0, k: X32_SYSCALL_BIT },
    jeq(CLONE_X86_64, 'clone'),
    jeq(SOCKET_X86_64, 'socket'),
    ...Object.values(DENY_X86_64).map((nr) => jeq(nr, 'eperm')),
    ...Object.values(NOSYS_X86_64).map((nr) => jeq(nr, 'enosys')),
    ret(RET_ALLOW),
    'clone',
    ld(OFF_ARG0_LO),
    { code: JSET_K, jt: 'eperm', jf: 0, k: CLONE_NEW_MASK },
    ret(RET_ALLOW),
    'socket',
    ld(OFF_ARG0_LO),
    jeq(AF_UNIX, 'allow', 0),
    jeq(AF_NETLINK, 'allow', 'eperm'),
    'allow',
    ret(RET_ALLOW),
    'eperm',
    ret(retErrno(EPERM)),
    'enosys',
    ret(retErrno(ENOSYS)),
    'kill',
    ret(RET_KILL_PROCESS),
  ];
  return assemble(insns);
}

/** The compiled filter for this machine's architecture, or undefined where none is assembled. */
export function seccompProgram(arch: string = process.arch): Buffer | undefined {
  return arch === 'x64' ? x86_64Program() : undefined;
}
