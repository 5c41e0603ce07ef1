"""Write a gallery of Koers's main pages, at a laptop's width and a phone's, into docs/screenshots/.

    make screenshots            (or: .venv/bin/python tools/screenshots.py [--out DIR] [--chromium PATH])

A temporary SQLite database gets the migrations and the demo data; Django's development server serves it
on a free port; Chromium (Playwright, Debian's /usr/bin/chromium) signs in as a guest, a member and the
steering group and saves each page as a PNG, full height up to MAX_HEIGHT px. Then it writes
docs/screenshots/README.md with the pictures and their captions. Nothing outside the output directory
and a temporary directory is touched.
"""

import argparse
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"]
PASSWORD = "koers-demo-2026"  # the demo accounts' password (koers/devdata/demo)
ACCOUNTS = {"guest": None, "member": "lid@koers.example", "steering": "regiegroep@koers.example"}
WIDTHS = {1366: 900, 390: 844}  # width: window height
MAX_HEIGHT = 6000


@dataclass(frozen=True)
class Shot:
    slug: str
    caption: str
    role: str
    path: str  # a path, or a key of the lookups in demo_paths()


SHOTS = [
    Shot("home", "Startpagina voor bezoekers", "guest", "/"),
    Shot("dashboard", "Dashboard van een lid", "member", "/"),
    Shot("portfolio", "Projectportfolio van het netwerk", "member", "/portfolio/"),
    Shot("project", "Een project", "member", "project"),
    Shot("roadmap", "Landelijke roadmap (heatmap)", "member", "/roadmap/"),
    Shot("coverage", "Dekkingsmatrix: thema's per instelling", "steering", "/portfolio/dekking/"),
    Shot("poll", "Een stipstemming: het stembiljet", "member", "poll"),
    Shot("poll-results", "Uitslag van een peiling", "member", "poll-results"),
    Shot("meeting", "Een bijeenkomst", "member", "meeting"),
    Shot("advice", "Een advies in consultatie", "member", "advice"),
    Shot("directory", "Ledenoverzicht", "member", "/leden/"),
    Shot("institution", "Een instelling", "member", "/instellingen/roc-van-amsterdam/"),
    Shot("theme", "Een thema: alles van het netwerk op dat thema", "member", "/themas/data-ondersteund-onderwijs/"),
    Shot("search", "Zoeken in alles", "member", "/zoeken/?q=data"),
    Shot("documents", "De documentenbibliotheek", "member", "/documenten/"),
    Shot("news", "Wat is er nieuw", "member", "/nieuw/"),
]


def demo_paths() -> dict[str, str]:
    """Paths of demo objects, looked up in the database (their ids depend on the order of loading)."""
    import django  # only after the environment names the temporary database

    django.setup()
    # The models need the app registry, ready only after django.setup().
    from django.utils import timezone

    from koers.advice.models import Advice
    from koers.meetings.models import Meeting
    from koers.polls.models import Poll, Question
    from koers.portfolio.models import Project

    polls = list(Poll.objects.filter(election=False).order_by("pk"))
    dot_vote = next(p for p in polls if p.state == "open" and p.questions.filter(kind=Question.Kind.DOTS).exists())
    closed = next(p for p in polls if p.state == "gesloten" and p.questions.exists())
    meeting = Meeting.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    meeting = meeting or Meeting.objects.order_by("-starts_at").first()
    project = Project.objects.filter(institution__slug="roc-van-amsterdam").order_by("pk").first()
    project = project or Project.objects.order_by("pk").first()
    advice = Advice.objects.filter(status="consultatie").order_by("pk").first() or Advice.objects.order_by("pk")[0]
    assert meeting is not None and project is not None
    return {
        "project": project.get_absolute_url(),
        "poll": dot_vote.get_absolute_url(),
        "poll-results": f"{closed.get_absolute_url()}uitslag/",
        "meeting": meeting.get_absolute_url(),
        "advice": advice.get_absolute_url(),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,  # load_demo prints its e-mails to the console
    )


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the development server stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the development server did not answer at {url}")


def recompress(path: Path) -> None:
    """Write the PNG again with zlib's best compression (Chromium favours speed); the pixels stay the same."""
    data = path.read_bytes()
    signature, pos, chunks = data[:8], 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    out = [signature]
    for kind, body in chunks:
        if kind == b"IDAT":
            if pixels is None:
                continue
            body, pixels = zlib.compress(pixels, 9), None
        out.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)))
    path.write_bytes(b"".join(out))


def sign_in(page, email: str) -> None:
    page.goto("/account/inloggen/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name="Inloggen", exact=True).click()


def shoot(base_url: str, out: Path, chromium: str, paths: dict[str, str]) -> list[tuple[Shot, list[str]]]:
    from playwright.sync_api import sync_playwright  # a test dependency, loaded only when pictures are taken

    done = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        contexts = {}
        for role, email in ACCOUNTS.items():
            context = browser.new_context(
                base_url=base_url,
                locale="nl-NL",
                timezone_id="Europe/Amsterdam",
                viewport={"width": 1366, "height": 900},
                device_scale_factor=1,
                reduced_motion="reduce",
            )
            page = context.new_page()
            if email:
                sign_in(page, email)
            contexts[role] = page
        for shot in SHOTS:
            page = contexts[shot.role]
            page.goto(paths.get(shot.path, shot.path), wait_until="networkidle")
            files = []
            for width, height in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                page.evaluate("document.activeElement && document.activeElement.blur()")
                full = page.evaluate("document.documentElement.scrollHeight")
                name = f"{shot.slug}-{width}.png"
                page.screenshot(
                    path=out / name,
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)},
                    animations="disabled",
                    caret="hide",
                )
                recompress(out / name)
                files.append(name)
            page.set_viewport_size({"width": 1366, "height": 900})
            done.append((shot, files))
            print(f"  {shot.slug}: {', '.join(files)}")
        browser.close()
    return done


ROLE_NAMES = {"guest": "bezoeker", "member": "lid", "steering": "regiegroep"}


def write_gallery(out: Path, done: list[tuple[Shot, list[str]]]) -> None:
    lines = [
        "# Koers in beeld",
        "",
        "De belangrijkste pagina's van Koers met de demogegevens, op een laptop (1366 px breed) en op een",
        "telefoon (390 px). Opnieuw maken: `make screenshots` (schrijft deze map opnieuw).",
        "",
        "The main pages of Koers with the demo data, on a laptop (1366 px wide) and on a phone (390 px).",
        "Regenerate with `make screenshots`.",
        "",
    ]
    for shot, (desktop, phone) in done:
        lines += [
            f"## {shot.caption}",
            "",
            f"Bekeken als {ROLE_NAMES[shot.role]}.",
            "",
            "| Laptop (1366 px) | Telefoon (390 px) |",
            "|---|---|",
            f'| <img src="{desktop}" alt="{shot.caption}, op een laptop" width="480"> '
            f'| <img src="{phone}" alt="{shot.caption}, op een telefoon" width="180"> |',
            "",
        ]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("KOERS_CHROMIUM", CHROMIUM))
    options = parser.parse_args()
    if not Path(options.chromium).exists():
        raise SystemExit(f"Chromium not found at {options.chromium}; install it with `apt-get install -y chromium`.")

    with tempfile.TemporaryDirectory(prefix="koers-screenshots-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "koers.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/koers.sqlite3",
            "KOERS_MEDIA_ROOT": f"{tmp}/media",
            "KOERS_DEBUG": "true",
            "KOERS_LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT),
        }
        print("Database with the demo data ...")
        manage("migrate", "--no-input", env=env)
        manage("load_demo", env=env)
        os.environ.update({key: env[key] for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "KOERS_MEDIA_ROOT")})
        sys.path.insert(0, str(ROOT))
        paths = demo_paths()

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_for(f"{base_url}/healthz", server)
            out = options.out
            out.mkdir(parents=True, exist_ok=True)
            for old in [*out.glob("*.png"), out / "README.md"]:  # the previous gallery
                old.unlink(missing_ok=True)
            print(f"Pages at {', '.join(str(w) for w in WIDTHS)} px into {out} ...")
            done = shoot(base_url, out, options.chromium, paths)
            write_gallery(out, done)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Done: {out / 'README.md'}")


if __name__ == "__main__":
    main()
