"""Serve the demo as production runs it: the development server and, beside it, the background-task worker.

    make run                    (or: .venv/bin/python tools/run.py [ADDRESS:PORT])

The worker (`manage.py db_worker`) sends the e-mails (to the console in development), the digests and
reminders and commits large imports. Both stop together: Ctrl+C, or either one ending, ends the other.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def stop(process: subprocess.Popen) -> None:
    """TERM to the process and its children (its own process group), KILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


def main() -> int:
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
    manage = [sys.executable, str(ROOT / "manage.py")]
    # Own process groups: Ctrl+C reaches this script, which stops both in order rather than mid-task.
    worker = subprocess.Popen([*manage, "db_worker"], cwd=ROOT, start_new_session=True)
    server = subprocess.Popen([*manage, "runserver", address], cwd=ROOT, start_new_session=True)
    try:
        while True:
            for process in (server, worker):
                try:
                    code = process.wait(timeout=0.5)
                except subprocess.TimeoutExpired:
                    continue
                name = "The development server" if process is server else "The task worker"
                print(f"{name} stopped (exit code {code}); stopping the other.", file=sys.stderr)
                return (code or 1) if process is worker else code
    except KeyboardInterrupt:
        return 0
    finally:
        stop(server)
        stop(worker)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    sys.exit(main())
