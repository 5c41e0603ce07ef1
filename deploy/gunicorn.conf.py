"""gunicorn's configuration for Koers: ``gunicorn -c deploy/gunicorn.conf.py koers.wsgi``.

- One sync worker per CPU core (``KOERS_WORKERS`` overrides it). Measured at national scale: two sync workers on
  two cores serve 1.9–2.0 times what one does on every page; four were 10–20% slower, threads worse.
- Each worker warms up after it loaded Koers (URL patterns, every template compiled, both languages' catalogues)
  and then freezes what it holds with ``gc.freeze()``: the garbage collector no longer walks those ~170,000
  long-lived objects in every full collection, which had doubled the p95 of the big pages. The first
  generation's threshold is raised so that a large page (thousands of rows) does not set off several
  collections on its own.
"""

import gc
import os

bind = os.environ.get("KOERS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("KOERS_WORKERS") or os.cpu_count() or 1)
worker_class = "sync"
timeout = int(os.environ.get("KOERS_WORKER_TIMEOUT", "60"))
# The reverse proxy in front sets X-Forwarded-*; gunicorn trusts it on the local address only.
forwarded_allow_ips = os.environ.get("KOERS_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("KOERS_ACCESS_LOG") or None
loglevel = os.environ.get("KOERS_LOG_LEVEL", "warning").lower()

GC_THRESHOLD = (50_000, 20, 100)  # Python's default is (700, 10, 10)


def warm_up() -> None:
    """Load what every request would otherwise load on first use, so it is frozen with the rest."""
    # Django and Koers are loaded by now (the worker imported the WSGI application); imported here because
    # this file is read by the master process before any of that.
    from django.conf import settings
    from django.template import engines
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver()._populate()
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            for origin_dir in getattr(loader, "get_dirs", list)():
                for root, _dirs, files in os.walk(origin_dir):
                    for name in files:
                        if name.endswith((".html", ".txt", ".xml", ".ics")):
                            template = os.path.relpath(os.path.join(root, name), origin_dir)
                            try:
                                get_template(template)
                            except Exception:  # noqa: BLE001,S112 - a fragment that needs its parent's context
                                continue
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Koers")
    from koers.core import derived

    derived.release()  # the digest of this release, which every kept page part's key holds


def post_worker_init(worker) -> None:
    warm_up()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    worker.log.info("Warmed up; %d objects frozen for the garbage collector", gc.get_freeze_count())
