#!/usr/bin/env python3
"""Time from start to first full frame of a terminal program, measured in a pseudo-terminal.

Usage: first-frame.py MARKER CMD [ARGS...]
Starts CMD in an 80x24 pty, reads its output until MARKER (a regex over the screen text with
escape sequences removed) appears, prints the milliseconds, then ends the program (SIGTERM,
then SIGKILL). Exit 1 if the marker does not appear within 20 s.
"""
import fcntl, os, pty, re, select, signal, struct, sys, termios, time

marker = re.compile(sys.argv[1].encode())
argv = sys.argv[2:]
escape = re.compile(rb'\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]|\x1b[=>78]')

start = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    os.environ['TERM'] = 'xterm-256color'
    os.environ.pop('CI', None)
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
buffer = b''
found = None
deadline = start + 20
while time.perf_counter() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.05)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    buffer += chunk
    if marker.search(escape.sub(b'', buffer)):
        found = (time.perf_counter() - start) * 1000
        break
for sig in (signal.SIGTERM, signal.SIGKILL):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        break
    for _ in range(50):
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                break
        except ChildProcessError:
            break
        try:
            os.read(fd, 65536)
        except OSError:
            pass
        time.sleep(0.01)
    else:
        continue
    break
if found is None:
    sys.stderr.write('first-frame: marker %r not seen; last output: %r\n' % (sys.argv[1], escape.sub(b'', buffer)[-300:]))
    sys.exit(1)
print('%.1f' % found)
