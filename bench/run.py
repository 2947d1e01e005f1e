"""MyIPO portal benchmarks: every figure is printed with a baseline measured in the same run, and the ratio.

Run with `make bench` (SQLite in a scratch file) or `DATABASE_URL=postgres://… make bench`; with `REDIS_URL`
the servers use Redis for the cache and sessions, with `CELERY_BROKER_URL` a Celery worker sends the e-mails.
Results are written to bench/RESULTS.md. Nothing is timed inside a tracer or profiler: memory is measured in
separate, untimed runs (or as a process's peak RSS).

BENCH_SIZES (screening sizes), BENCH_SECONDS (per page), BENCH_CANDIDATES (the closing evening) and
BENCH_ONLY (e.g. `pages,closing`) make a run shorter.
"""

import datetime as dt
import gc
import os
import platform
import resource
import runpy
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(os.environ.get("BENCH_DIR") or Path(tempfile.gettempdir()) / "myipo-bench")
SCRATCH.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(SCRATCH / "media"))
os.environ.setdefault("DJANGO_STATIC_ROOT", str(SCRATCH / "static"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "k" * 48)
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["DJANGO_LOG_LEVEL"] = "WARNING"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
DURATION = float(os.environ.get("BENCH_SECONDS", "8"))
CANDIDATES = int(os.environ.get("BENCH_CANDIDATES", "300"))
SECTIONS = ["pages", "hashing", "upload", "closing", "screening", "changelist", "pdf", "slots", "offers"]
ONLY = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name] or SECTIONS

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import closing_evening  # noqa: E402

rows: list[tuple[str, str, str, str]] = []


def report(name: str, figure: str, baseline: str, ratio: str) -> None:
    rows.append((name, figure, baseline, ratio))
    print(f"{name}: {figure} | baseline {baseline} | ratio {ratio}", flush=True)


def fresh_database():
    if connection.vendor == "sqlite":
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("loaddata", "advertisement-2023", verbosity=0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(url: str, seconds: float, concurrency: int = 4) -> int:
    """Requests answered to `concurrency` clients in `seconds` (each answer checked: HTTP 200)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    count = [0] * concurrency
    stop = time.monotonic() + seconds

    def client(index):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        while time.monotonic() < stop:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url}: HTTP {response.status}")
            count[index] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(count)


def interleaved(page_url: str, bare_url: str, seconds: float, rounds: int = 4) -> tuple[float, float]:
    """Requests per second of a page and of its baseline, measured in alternating slices (noise hits both)."""
    page = bare = 0
    for _ in range(rounds):
        page += hammer(page_url, seconds / rounds)
        bare += hammer(bare_url, seconds / rounds)
    return page / seconds, bare / seconds


def gunicorn_config(env: dict) -> dict:
    """gunicorn.conf.py's values (workers, threads, …) under the given environment."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


class Gunicorn:
    """gunicorn with the repository's gunicorn.conf.py on a free port of 127.0.0.1, serving the benchmark settings.

    Workers and threads are the configuration's own unless given. With `with_worker` and CELERY_BROKER_URL set,
    a Celery worker (at a lower CPU priority than the web processes) runs beside it.
    """

    def __init__(
        self, workers=None, threads=None, access_log="/dev/null", access_log_format=None, with_worker=False, **env
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_ACCESS_LOG": str(access_log),
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_HSTS_SECONDS": "0",
            **({"GUNICORN_WORKERS": str(workers)} if workers else {}),
            **({"GUNICORN_THREADS": str(threads)} if threads else {}),
            **env,
        }
        self.config = gunicorn_config(self.env)
        log_format = ["--access-logformat", access_log_format] if access_log_format else []
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "myipo_recruit.wsgi", *log_format],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.worker = None
        if with_worker and self.env.get("CELERY_BROKER_URL"):
            self.worker = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "myipo_recruit", "worker", "--concurrency", "1"],
                preexec_fn=lambda: os.nice(5),  # the web processes come first
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        import requests

        for _ in range(120):
            try:
                requests.get(self.base + "/healthz", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def describe(self) -> str:
        config = self.config
        return (
            f"gunicorn {config['workers']} workers × {config['threads']} threads "
            f"(worker_connections {config.get('worker_connections', 1000)}, keepalive {config['keepalive']} s)"
        )

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def worker_cpu(self) -> float:
        return closing_evening.tree_cpu_seconds(self.worker.pid) if self.worker else 0.0

    def wait_for_acknowledgements(self, applications, began: float, timeout: float, worker_cpu_before: float) -> str:
        """When the last acknowledgement (e-mail with the slip) was sent, counted from the start of the rush."""
        total = applications.count()
        deadline = time.monotonic() + timeout
        while applications.filter(acknowledged_at__isnull=True).exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        sent = applications.filter(acknowledged_at__isnull=False).count()
        after = f"the last {time.perf_counter() - began:.0f} s after the start"
        if self.worker is None:
            return f"{sent}/{total} sent in the submit request (no broker: eager tasks), {after}"
        cpu = self.worker_cpu() - worker_cpu_before
        return f"{sent}/{total} sent by a Celery worker at nice 5, {after}; {cpu / max(sent, 1):.2f} CPU-s each"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process in (self.process, self.worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=60)


def cache_backend() -> str:
    from django.conf import settings

    return "Redis" if "redis" in settings.CACHES["default"]["BACKEND"].lower() else "local-memory"


def bench_pages():
    """Job board pages for visitors under gunicorn, against a bare view rendering a template of the same size."""
    import requests
    from django.urls import reverse
    from django.utils import translation

    from vacancies.models import Post

    post = Post.objects.open().first()

    def address(language, name, *args, query=""):
        with translation.override(language):
            return reverse(f"vacancies:{name}", args=args) + query

    pages = [
        ("home", address("ms", "home")),
        ("home, English", address("en", "home")),
        ("post list", address("ms", "post_list")),
        ("post list, English", address("en", "post_list")),
        ("post list filtered by grade", address("ms", "post_list", query="?grade=IP10")),
        ("post list, search", address("ms", "post_list", query="?q=paten")),
        ("post list, English, filters and search", address("en", "post_list", query="?service_group=eksekutif&q=law")),
        ("post page", address("ms", "post_detail", post.pk)),
        ("post page, English", address("en", "post_detail", post.pk)),
        ("post list rendered every time (an unknown parameter is never cached)", address("ms", "post_list") + "?x=1"),
    ]
    with Gunicorn(workers=2, threads=2, GUNICORN_MAX_REQUESTS="0") as server:
        for name, path in pages:
            size = len(requests.get(server.base + path, timeout=30).content)
            hammer(server.base + path, 1)  # warm up: the first request of each worker fills its cache
            page, bare = interleaved(server.base + path, server.base + f"/bench/bare/?size={size}", DURATION)
            report(
                f"{name}: {path}, {size:,} bytes; gunicorn 2 workers × 2 threads",
                f"{page:,.0f} req/s",
                f"bare view, same size: {bare:,.0f} req/s",
                f"{page / bare:.2f}",
            )


def bench_hashing():
    """CPU time of checking a password at sign-in, against PBKDF2 at Django's default cost."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher

    def cpu_per_check(hasher) -> float:
        encoded = hasher.encode("Kata-laluan-Petang-2026", hasher.salt())
        hasher.verify("Kata-laluan-Petang-2026", encoded)
        started = time.process_time()
        for _ in range(10):
            hasher.verify("Kata-laluan-Petang-2026", encoded)
        return (time.process_time() - started) / 10

    configured, pbkdf2 = get_hasher(), PBKDF2PasswordHasher()
    parameters = ", ".join(
        f"{name} {getattr(configured, name)}"
        for name in ("time_cost", "memory_cost", "parallelism", "iterations")
        if hasattr(configured, name)
    )
    used, baseline = cpu_per_check(configured), cpu_per_check(pbkdf2)
    report(
        f"password check at sign-in: {configured.algorithm} ({parameters})",
        f"{used * 1000:.0f} ms CPU",
        f"PBKDF2 at Django's default {pbkdf2.iterations:,} iterations: {baseline * 1000:.0f} ms CPU",
        f"{used / baseline:.2f}",
    )


def bench_screening():
    """Screening throughput at each size, against evaluating the same rules in memory (no database); then the
    Python heap's peak of the same run at each size, in a separate run under tracemalloc (not timed)."""
    from applications.models import Application
    from applications.sample_data import sample_campaign_create
    from screening.rules import Facts, Requirements, evaluate
    from screening.services import screening_run
    from vacancies.models import Advertisement

    advertisement = Advertisement.objects.get(pk=1)
    per_second, peak = {}, {}
    made = 0
    for size in SIZES:
        started = time.monotonic()
        sample_campaign_create(advertisement=advertisement, count=size - made, seed=size, with_files=False)
        made = size
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum does after a bulk load: the planner's statistics
                cursor.execute("ANALYZE")
        generation = time.monotonic() - started
        applications = Application.objects.filter(post__advertisement=advertisement)
        sample = list(applications.select_related("post__advertisement")[:5000])

        def rules_alone(sample=sample) -> float:
            started = time.monotonic()
            for application in sample:
                evaluate(Facts.from_snapshot(application.snapshot), Requirements.for_post(application.post))
            return len(sample) / (time.monotonic() - started)

        before = rules_alone()
        started = time.monotonic()
        run = screening_run(applications=applications, scope=f"bench {size}")
        elapsed = time.monotonic() - started
        per_second[size] = run.application_count / elapsed
        pure = (before + rules_alone()) / 2  # before and after the run, as the machine's load changes
        report(
            f"screening {size:,} applications ({generation:.0f} s to generate)",
            f"{per_second[size]:,.0f} applications/s ({elapsed:.1f} s)",
            f"rules alone {pure:,.0f}/s",
            f"{per_second[size] / pure:.2f}",
        )
        peak[size] = traced_peak_mib(
            lambda chosen=applications, scope=f"bench {size}, traced": screening_run(applications=chosen, scope=scope)
        )
    if len(SIZES) > 1:
        small, large = SIZES[0], SIZES[-1]
        report(
            f"screening time growth {small:,} → {large:,}",
            f"×{(large / per_second[large]) / (small / per_second[small]):.1f} time",
            f"×{large / small:.0f} applications",
            f"{(per_second[small] / per_second[large]):.2f} (1.00 = linear)",
        )
        report(
            f"screening memory {small:,} → {large:,} (Python heap peak in a separate, untimed run)",
            f"{peak[small]:.0f} MiB → {peak[large]:.0f} MiB",
            f"×{large / small:.0f} applications",
            f"{peak[large] / peak[small]:.2f} (1.00 = flat)",
        )


def bench_changelist():
    """The admin application list at the largest size: time and queries, against the same page at 1 row."""
    from accounts.models import User
    from applications.models import Application

    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench@myipo.local", "x")
    client = Client()
    client.force_login(admin)
    url = "/admin/applications/application/"
    count = Application.objects.count()

    def timed(path):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            response = client.get(path)
            elapsed = time.monotonic() - started
        assert response.status_code == 200, response.status_code
        return elapsed, len(queries)

    one_time, one_queries = timed(url + f"?q=DEMO-{SIZES[0]}-000001")
    all_time, all_queries = timed(url)
    filtered_time, _ = timed(url + "?outcome=fail")
    report(
        f"admin changelist, {count:,} applications",
        f"{all_time * 1000:.0f} ms, {all_queries} queries",
        f"1 matching row {one_time * 1000:.0f} ms, {one_queries} queries",
        f"{all_time / one_time:.2f}",
    )
    report(
        f"admin changelist filtered by outcome, {count:,}",
        f"{filtered_time * 1000:.0f} ms",
        "unfiltered",
        f"{filtered_time / all_time:.2f}",
    )


def bench_slots():
    """Slots for 500 shortlisted candidates (invited: each is owed an e-mail), with a panel that also sits on
    another post's session that morning; against laying out the same 500 in memory, and inserting 500 slots."""
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application
    from applications.sample_data import sample_campaign_create
    from interviews.models import PanelMember, Session, Slot
    from interviews.scheduling import Grid, slots_plan
    from interviews.services import slots_assign
    from screening.models import Shortlist, ShortlistEntry
    from vacancies.models import Advertisement, Post

    size = 500
    advertisement = Advertisement.objects.get(pk=1)
    sample_campaign_create(advertisement=advertisement, count=size + 50, seed=500, with_files=False)
    applications = list(Application.objects.filter(post__advertisement=advertisement).order_by("pk")[: size + 50])
    hr = User.objects.create_user("bench-hr@myipo.local", "x", is_staff=True)
    panel = [User.objects.create_user(f"bench-panel{n}@myipo.local", "x", is_staff=True) for n in range(3)]
    post, other_post = Post.objects.filter(advertisement=advertisement).order_by("pk")[:2]
    now = timezone.now()
    day = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=20), dt.time(9)))
    shortlists = [Shortlist.objects.get_or_create(post=p)[0] for p in (post, other_post)]
    # Earlier sections (the shortlist PDF) leave entries on these shortlists: this one starts from empty lists.
    ShortlistEntry.objects.filter(shortlist__in=shortlists).delete()
    # Entries on the bench's shortlist need not match its post: the assignment reads only their order and owner.
    ShortlistEntry.objects.bulk_create(
        [
            ShortlistEntry(shortlist=shortlists[0], application=a, added_by=hr, invited_at=now)
            for a in applications[:size]
        ]
        + [
            ShortlistEntry(shortlist=shortlists[1], application=a, added_by=hr, invited_at=now)
            for a in applications[size:]
        ]
    )
    sessions = [
        Session.objects.create(
            shortlist=shortlists[0],
            starts_at=day + dt.timedelta(days=n),
            venue="Aras 20",
            slot_minutes=20,
            break_every=6,
            break_minutes=15,
            ends_by=day + dt.timedelta(days=n, hours=8),
            created_by=hr,
        )
        for n in range(25)
    ]
    other = Session.objects.create(
        shortlist=shortlists[1], starts_at=day, venue="Aras 21", slot_minutes=30, created_by=hr
    )
    PanelMember.objects.bulk_create(
        [PanelMember(session=session, member=member) for session in [*sessions, other] for member in panel]
    )
    slots_assign(sessions=[other], assigned_by=hr)  # the shared panel is busy on the first morning

    # Inside an outer transaction: the e-mails owed are sent after it commits (by a worker in production), untimed.
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        seconds = timed(lambda: slots_assign(sessions=sessions, assigned_by=hr))
    made = Slot.objects.filter(session__in=sessions).count()
    assert made == size, made
    entries = list(range(size))
    pure = timed(lambda: slots_plan(grid=Grid.of(sessions[0]), entries=entries, busy=[]))
    rows_back = list(Slot.objects.filter(session__in=sessions).values("session_id", "entry_id", "starts_at", "ends_at"))
    Slot.objects.filter(session__in=sessions).delete()
    insert = timed(lambda: Slot.objects.bulk_create([Slot(assigned_by=hr, **row) for row in rows_back]))
    report(
        f"slots_assign, {size} invited candidates, 25 sessions, shared panel ({connection.vendor})",
        f"{seconds * 1000:.0f} ms, {len(queries)} queries",
        f"bulk insert of {size} slots {insert * 1000:.0f} ms",
        f"{seconds / insert:.1f}",
    )
    report(
        f"slots_assign against the layout alone ({size})",
        f"{seconds * 1000:.0f} ms",
        f"slots_plan in memory {pure * 1000:.1f} ms",
        f"{seconds / pure:.0f}",
    )


def timed(function) -> float:
    gc.collect()
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def traced_peak_mib(function) -> float:
    """Peak Python memory of a call, in a separate run that is not timed (tracemalloc slows everything down)."""
    gc.collect()
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def bench_pdf():
    """Shortlist PDF at 100 and 1,000 candidates, against WeasyPrint rendering the same HTML alone."""
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from weasyprint import HTML

    from accounts.models import User
    from applications.models import Application
    from screening.models import Shortlist, ShortlistEntry
    from screening.pdf import shortlist_render, shortlist_rows
    from vacancies.models import Post

    officer = User.objects.filter(is_superuser=True).first()
    post = Post.objects.get(advertisement_id=1, number=1)
    for size in (100, 1000):
        shortlist, _ = Shortlist.objects.get_or_create(post=post)
        shortlist.entries.all().delete()
        ShortlistEntry.objects.bulk_create(
            ShortlistEntry(shortlist=shortlist, application=application, points=1, added_by=officer)
            for application in Application.objects.filter(post=post)[:size]
        )
        with translation.override("ms"):
            html = render_to_string(
                "screening/shortlist_pdf.html",
                {
                    "shortlist": shortlist,
                    "post": post,
                    "rows": shortlist_rows(shortlist),
                    "generated_at": timezone.now(),
                    "generated_by": officer,
                },
            )

        def ours(s=shortlist):
            return shortlist_render(s, generated_by=officer)

        def alone(h=html):
            return HTML(string=h, base_url=str(ROOT / "static")).write_pdf()

        rendered, weasyprint_alone = timed(ours), timed(alone)
        peak, alone_peak = traced_peak_mib(ours), traced_peak_mib(alone)
        report(
            f"shortlist PDF, {size:,} candidates (memory: Python heap peak in a separate, untimed run)",
            f"{rendered:.2f} s, peak {peak:.0f} MiB",
            f"WeasyPrint alone on the same HTML {weasyprint_alone:.2f} s, peak {alone_peak:.0f} MiB",
            f"{rendered / weasyprint_alone:.2f}",
        )


def interviewed_post(count: int, officer):
    """Post 1 of the sample advertisement with `count` candidates shortlisted, interviewed and ranked."""
    from decimal import Decimal

    from django.utils import timezone

    from applications.models import Application
    from applications.sample_data import sample_campaign_create
    from interviews.models import Selection, SelectionEntry, Session, Slot
    from screening.models import Shortlist, ShortlistEntry
    from vacancies.models import Advertisement, Post

    post = Post.objects.get(advertisement_id=1, number=1)
    seed = 7000
    while Application.objects.submitted().filter(post=post).count() < count:
        sample_campaign_create(advertisement=Advertisement.objects.get(pk=1), count=500, seed=seed, with_files=False)
        seed += 1
    Selection.objects.filter(post=post).delete()
    Slot.objects.filter(session__shortlist__post=post).delete()
    Session.objects.filter(shortlist__post=post).delete()
    shortlist, _ = Shortlist.objects.get_or_create(post=post)
    shortlist.entries.all().delete()
    now = timezone.now()
    entries = ShortlistEntry.objects.bulk_create(
        ShortlistEntry(shortlist=shortlist, application=application, points=1, added_by=officer, invited_at=now)
        for application in Application.objects.submitted().filter(post=post).order_by("pk")[:count]
    )
    session = Session.objects.create(
        shortlist=shortlist, starts_at=now, venue="Menara UOA Bangsar", slot_minutes=20, created_by=officer
    )
    minutes = dt.timedelta(minutes=20)
    slots = Slot.objects.bulk_create(
        Slot(
            session=session,
            entry=entry,
            starts_at=now + number * minutes,
            ends_at=now + (number + 1) * minutes,
            attendance=Slot.Attendance.ATTENDED,
            assigned_by=officer,
        )
        for number, entry in enumerate(entries)
    )
    selection = Selection.objects.create(post=post, vacancies=3, reserve_size=5, proposed_at=now, proposed_by=officer)
    SelectionEntry.objects.bulk_create(
        SelectionEntry(
            selection=selection,
            slot=slot,
            rank=rank,
            score=Decimal(100) - Decimal(rank) / 4,
            spread=Decimal("5"),
            proposed="selected" if rank <= 3 else "reserve" if rank <= 8 else "not_selected",
            reserve_position=rank - 3 if 3 < rank <= 8 else None,
        )
        for rank, slot in enumerate(slots, start=1)
    )
    return selection


def bench_offers():
    """The selection paper of a post with 200 interviewed candidates, against WeasyPrint alone on the same HTML;
    its queries at 50 and at 200 candidates."""
    from weasyprint import HTML

    from accounts.models import User
    from interviews.pdf import selection_paper_html, selection_paper_render

    officer = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("bench@myipo.local", "x")
    queries = {}
    for size in (50, 200):
        selection = interviewed_post(size, officer)
        with CaptureQueriesContext(connection) as captured:
            html = selection_paper_html(selection, generated_by=officer)
        queries[size] = len(captured)

    def ours(s=selection):
        return selection_paper_render(s, generated_by=officer)

    def alone(h=html):
        return HTML(string=h, base_url=str(ROOT / "static")).write_pdf()

    def html_only(s=selection):
        return selection_paper_html(s, generated_by=officer)

    ours()  # warm the templates and fonts
    # Interleaved, best of two each: the machine is shared.
    runs = [(timed(ours), timed(alone), timed(html_only)) for _round in range(2)]
    rendered, weasyprint_alone, html_time = (min(run[index] for run in runs) for index in range(3))
    pages = len(HTML(string=html, base_url=str(ROOT / "static")).render().pages)
    report(
        f"selection paper PDF, 200 interviewed candidates ({pages} pages)",
        f"{rendered:.2f} s, of which data and HTML {html_time:.2f} s; {queries[200]} queries",
        f"WeasyPrint alone on the same HTML {weasyprint_alone:.2f} s; {queries[50]} queries at 50 candidates",
        f"{rendered / weasyprint_alone:.2f}",
    )


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bench_upload():
    """A gunicorn worker's peak memory growth for a 10 MB upload, against an upload of 10 KB."""
    import requests

    from accounts.models import User
    from applications.models import Application
    from vacancies.models import Post

    user = User.objects.create_user("upload-bench@myipo.local", "x", email_verified_at=dt.datetime.now(dt.UTC))
    application = Application.objects.create(candidate=user, post=Post.objects.open().first())
    client = Client()
    client.force_login(user)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": "b" * 32}
    path = f"/permohonan/{application.pk}/documents/"
    big = SCRATCH / "ten-megabytes.pdf"
    big.write_bytes(b"%PDF-1.4\n" + os.urandom(10 * 1024 * 1024) + b"\n%%EOF\n")
    small = SCRATCH / "ten-kilobytes.pdf"
    small.write_bytes(b"%PDF-1.4\n" + os.urandom(10 * 1024) + b"\n%%EOF\n")

    def post(file):
        with file.open("rb") as handle:
            response = requests.post(
                server.base + path,
                files={"certificate": (file.name, handle, "application/pdf")},
                data={"csrfmiddlewaretoken": "b" * 32},
                cookies=cookies,
                headers={"X-CSRFToken": "b" * 32},
                allow_redirects=False,
                timeout=120,
            )
        assert response.status_code in {302, 400}, response.status_code

    with Gunicorn(workers=1, threads=1, GUNICORN_MAX_REQUESTS="0") as server:
        [worker] = server.worker_pids()
        for _ in range(3):
            post(small)
        before = peak_rss_mib(worker)
        post(small)
        after_small = peak_rss_mib(worker)
        post(big)
        after_big = peak_rss_mib(worker)
    growth_big, growth_small = after_big - after_small, after_small - before
    report(
        "10 MB upload: gunicorn worker peak memory growth",
        f"+{growth_big:.1f} MiB",
        f"10 KB upload: +{growth_small:.1f} MiB",
        f"{growth_big / 10:.2f} of the file size",
    )


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"{memory:.0f} GiB, database {connection.vendor}"
    )


def main():
    started = time.monotonic()
    load_before = os.getloadavg()
    fresh_database()
    call_command("readvertise", "1", "--days", "30", "--if-none-open", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    sections = {
        "pages": bench_pages,
        "hashing": bench_hashing,
        "upload": bench_upload,
        "closing": lambda: closing_evening.run(
            server_factory=Gunicorn, report=report, candidates=CANDIDATES, root=ROOT, scratch=SCRATCH
        ),
        "screening": bench_screening,
        "changelist": bench_changelist,
        "pdf": bench_pdf,
        "slots": bench_slots,
        "offers": bench_offers,
    }
    for name in SECTIONS:
        if name in ONLY:
            sections[name]()
    load_after = os.getloadavg()
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}, by `make bench` "
        f"(`python bench/run.py`, BENCH_SIZES={','.join(map(str, SIZES))}, BENCH_SECONDS={DURATION:g}, "
        f"BENCH_CANDIDATES={CANDIDATES}, sections: {', '.join(name for name in SECTIONS if name in ONLY)}; "
        f"cache and sessions {cache_backend()}, Celery broker {'yes' if os.environ.get('CELERY_BROKER_URL') else 'no'}"
        f"); {time.monotonic() - started:.0f} s in all. Each figure has its baseline from the same run, and the ratio.",
        "",
        f"Load average (1, 5, 15 min) before: {', '.join(f'{v:.1f}' for v in load_before)}; after: "
        f"{', '.join(f'{v:.1f}' for v in load_after)}. The machine may be shared: absolute figures are noisy, the "
        "ratios to a baseline measured in the same run (interleaved with the figure where it is a rate) much less.",
        "",
        "| benchmark | figure | baseline | ratio |",
        "| --- | --- | --- | --- |",
        *[f"| {name} | {figure} | {baseline} | {ratio} |" for name, figure, baseline, ratio in rows],
        "",
        f"Peak RSS of the benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB.",
        "",
        (ROOT / "bench" / "notes.md").read_text("utf-8").strip(),
        "",
    ]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines), "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
