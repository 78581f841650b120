#!/usr/bin/env python3
"""Run several commands side by side (``make run``: the Celery worker and the web server) and stop them once.

Each command runs in its own session, so a Ctrl-C typed in the terminal reaches only this supervisor; it then
asks every child to stop (SIGTERM) exactly once, waits for them, and kills whatever is still running after
``STOP_SECONDS``. When one command exits by itself, the others are stopped the same way.

Usage: python -m siportal.run_together "command one" "command two" ...
"""

import shlex
import signal
import subprocess
import sys
import time

STOP_SECONDS = 10


def main(commands: list[str]) -> int:
    children = [subprocess.Popen(shlex.split(command), start_new_session=True) for command in commands]
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGHUP, request_stop)
    while not stopping and all(child.poll() is None for child in children):
        time.sleep(0.2)
    # From here on further Ctrl-C are ignored: the children get one request each, not one per key press.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    print("\n正在停止后台任务进程与网站……", flush=True)
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    print("已停止。", flush=True)
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
