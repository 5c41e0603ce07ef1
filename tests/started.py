"""What Koers's settings make of an environment: a fresh process, so that the settings are read anew."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def started(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` in ``manage.py shell`` with only ``env`` of Koers's settings (KOERS_* and DATABASE_URL) set."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOERS_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
    )
