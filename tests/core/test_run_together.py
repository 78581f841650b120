"""`make run`'s supervisor: Ctrl-C (SIGINT to the terminal's process group) stops each child once, then it exits."""

import os
import signal
import subprocess
import sys
from pathlib import Path

SUPERVISOR = Path(__file__).resolve().parents[2] / "siportal" / "run_together.py"

CHILD = (
    "import signal, sys, time\n"
    "def stop(signum, frame):\n"
    "    print('stopped {name}', flush=True); sys.exit(0)\n"
    "signal.signal(signal.SIGTERM, stop)\n"
    "print('ready {name}', flush=True)\n"
    "while True: time.sleep(1)\n"
)


def child(name: str) -> str:
    return f"{sys.executable} -c \"{CHILD.format(name=name)}\""


def test_ctrl_c_stops_every_child_once_and_exits():
    proc = subprocess.Popen([sys.executable, str(SUPERVISOR), child("worker"), child("server")],
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    started = ""
    while not ("ready worker" in started and "ready server" in started):  # two children share one pipe
        line = proc.stdout.readline()
        assert line, f"a child did not start: {started!r}"
        started += line
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: the whole foreground group
    os.killpg(proc.pid, signal.SIGINT)  # an impatient second Ctrl-C
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert out.count("stopped worker") == 1 and out.count("stopped server") == 1
    assert out.strip().endswith("已停止。")
