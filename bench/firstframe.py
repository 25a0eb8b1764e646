# SPDX-License-Identifier: GPL-2.0-or-later
# firstframe: time from starting a terminal program to its first full
# frame.  Runs CMD on a 120x40 pseudo-terminal (TERM=xterm-256color,
# UTF-8) and prints the seconds until its output holds MARKER, the text a
# frame ends with (the bottom line is drawn last), then ends it.  A bench
# helper, not a test.
#
# Usage: python3 firstframe.py MARKER CMD [ARG...]
import fcntl, os, pty, select, signal, struct, sys, termios, time

marker = sys.argv[1].encode()
cmd = sys.argv[2:]
t0 = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.environ["LANG"] = "C.UTF-8"
    os.environ["LINES"] = "40"
    os.environ["COLUMNS"] = "120"
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.execvp(cmd[0], cmd)
buf, took = b"", None
while time.monotonic() - t0 < 20:
    r, _, _ = select.select([fd], [], [], 0.5)
    if not r:
        continue
    try:
        data = os.read(fd, 65536)
    except OSError:
        break
    if not data:
        break
    buf += data
    if marker in buf[-len(data) - len(marker):]:
        took = time.monotonic() - t0
        break
os.kill(pid, signal.SIGTERM)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
print("%.4f" % took if took is not None else "n/a")
