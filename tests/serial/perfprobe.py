# SPDX-License-Identifier: GPL-2.0-or-later
# perfprobe.py: what the kernel answers this user, independently of ctop.
#   perfprobe.py probe PID  -> JSON {"cycles_user", "clock_user", "clock_kernel"}:
#       0 when perf_event_open(pid, cpu -1) succeeds, else the errno, for the
#       hardware cycles event in user mode (ctop's counters), and the
#       cpu-clock event in user mode and with kernel mode (ctop's sampler).
#   perfprobe.py seccomp PROG ARGS... -> runs PROG under a seccomp filter that
#       answers EPERM to perf_event_open (as container runtimes do); exit 77
#       when this architecture or kernel cannot.
import ctypes, json, os, struct, sys

libc = ctypes.CDLL(None, use_errno=True)
ARCH = {"x86_64": (298, 0xC000003E), "aarch64": (241, 0xC00000B7)}.get(os.uname().machine)


def probe(pid, typ, config, exclude_kernel):
    attr = bytearray(64)  # PERF_ATTR_SIZE_VER0
    struct.pack_into("IIQ", attr, 0, typ, 64, config)
    # disabled, exclude_kernel (bit 5), exclude_hv (bit 6)
    struct.pack_into("Q", attr, 40, 1 | (exclude_kernel << 5) | (1 << 6))
    buf = ctypes.create_string_buffer(bytes(attr), 64)
    fd = libc.syscall(ctypes.c_long(ARCH[0]), buf, ctypes.c_int(pid), ctypes.c_int(-1),
                      ctypes.c_int(-1), ctypes.c_ulong(0))
    if fd >= 0:
        os.close(fd)
        return 0
    return ctypes.get_errno()


def seccomp(argv):
    ins = lambda code, jt, jf, k: struct.pack("HBBI", code, jt, jf, k)
    allow, eperm = 0x7FFF0000, 0x00050000 | 1
    prog = b"".join([
        ins(0x20, 0, 0, 4), ins(0x15, 1, 0, ARCH[1]), ins(0x06, 0, 0, allow),
        ins(0x20, 0, 0, 0), ins(0x15, 0, 1, ARCH[0]), ins(0x06, 0, 0, eperm),
        ins(0x06, 0, 0, allow)])
    buf = ctypes.create_string_buffer(prog, len(prog))

    class Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fp = Fprog(len(prog) // 8, ctypes.cast(buf, ctypes.c_void_p))
    ul = ctypes.c_ulong
    if libc.prctl(38, ul(1), ul(0), ul(0), ul(0)) != 0 or \
            libc.prctl(22, ul(2), ctypes.byref(fp), ul(0), ul(0)) != 0:
        sys.exit(77)
    os.execv(argv[0], argv)


if ARCH is None:
    sys.exit(77)
if sys.argv[1] == "probe":
    pid = int(sys.argv[2])
    print(json.dumps({"cycles_user": probe(pid, 0, 0, 1), "clock_user": probe(pid, 1, 0, 1),
                      "clock_kernel": probe(pid, 1, 0, 0)}))
else:
    seccomp(sys.argv[2:])
