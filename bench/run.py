"""MyIPO portal benchmarks: every figure is printed with a baseline measured in the same run.

Run with `make bench` (SQLite in a scratch file) or `DATABASE_URL=postgres://… make bench`.
Results are written to bench/RESULTS.md.
"""

import datetime as dt
import gc
import os
import platform
import resource
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

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


def hammer(url: str, seconds: float, concurrency: int = 4) -> float:
    """Requests per second from `concurrency` keep-alive clients for `seconds`."""
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
    return sum(count) / seconds


class Gunicorn:
    """gunicorn on a free port of 127.0.0.1, serving the benchmark settings."""

    def __init__(self, workers: int, threads: int):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_ACCESS_LOG": "/dev/null",
            "GUNICORN_MAX_REQUESTS": "0",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "myipo_recruit.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import requests

        for _ in range(120):
            try:
                requests.get(self.base + "/jawatan/", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def bench_pages():
    """Job board and post pages under gunicorn, against a bare view rendering a template of the same size."""
    import requests

    from vacancies.models import Post

    call_command("readvertise", "1", "--days", "30", "--if-none-open", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    post = Post.objects.open().first()
    with Gunicorn(workers=2, threads=2) as server:
        for name, path in (("job board (/jawatan/)", "/jawatan/"), ("post page", f"/jawatan/{post.pk}/")):
            size = len(requests.get(server.base + path, timeout=30).content)
            hammer(server.base + path, 1)  # warm up
            page = hammer(server.base + path, DURATION)
            bare = hammer(server.base + f"/bench/bare/?size={size}", DURATION)
            report(
                f"{name}, {size:,} bytes, gunicorn 2 workers × 2 threads",
                f"{page:.0f} req/s",
                f"bare view, same size: {bare:.0f} req/s",
                f"{page / bare:.2f}",
            )


def bench_screening():
    """Screening throughput at each size, against evaluating the same rules in memory (no database)."""
    from applications.models import Application
    from applications.sample_data import sample_campaign_create
    from screening.rules import Facts, Requirements, evaluate
    from screening.services import screening_run
    from vacancies.models import Advertisement

    advertisement = Advertisement.objects.get(pk=1)
    per_second = {}
    made = 0
    for size in SIZES:
        started = time.monotonic()
        sample_campaign_create(advertisement=advertisement, count=size - made, seed=size, with_files=False)
        made = size
        generation = time.monotonic() - started
        applications = Application.objects.filter(post__advertisement=advertisement)
        started = time.monotonic()
        run = screening_run(applications=applications, scope=f"bench {size}")
        elapsed = time.monotonic() - started
        per_second[size] = run.application_count / elapsed
        sample = list(applications.select_related("post__advertisement")[:5000])
        started = time.monotonic()
        for application in sample:
            evaluate(Facts.from_snapshot(application.snapshot), Requirements.for_post(application.post))
        pure = len(sample) / (time.monotonic() - started)
        report(
            f"screening {size:,} applications ({generation:.0f} s to generate)",
            f"{per_second[size]:,.0f} applications/s ({elapsed:.1f} s)",
            f"rules alone {pure:,.0f}/s",
            f"{per_second[size] / pure:.2f}",
        )
    if len(SIZES) > 1:
        small, large = SIZES[0], SIZES[-1]
        report(
            f"screening time growth {small:,} → {large:,}",
            f"×{(large / per_second[large]) / (small / per_second[small]):.1f} time",
            f"×{large / small:.0f} applications",
            f"{(per_second[small] / per_second[large]):.2f} (1.00 = linear)",
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


def peak_of(function):
    gc.collect()
    tracemalloc.start()
    started = time.monotonic()
    function()
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1024 / 1024


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
        rendered, peak = peak_of(lambda s=shortlist: shortlist_render(s, generated_by=officer))
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
        alone, alone_peak = peak_of(lambda h=html: HTML(string=h, base_url=str(ROOT / "static")).write_pdf())
        report(
            f"shortlist PDF, {size:,} candidates",
            f"{rendered:.2f} s, peak {peak:.0f} MiB",
            f"WeasyPrint alone {alone:.2f} s, peak {alone_peak:.0f} MiB",
            f"{rendered / alone:.2f}",
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

    with Gunicorn(workers=1, threads=1) as server:
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
    fresh_database()
    bench_pages()
    bench_upload()
    bench_screening()
    bench_changelist()
    bench_pdf()
    lines = [
        "# Benchmark results",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}, by `make bench` "
        f"(`python bench/run.py`, BENCH_SIZES={','.join(map(str, SIZES))}, BENCH_SECONDS={DURATION:g}); "
        f"{time.monotonic() - started:.0f} s in all. Each figure has its baseline from the same run.",
        "",
        "| benchmark | figure | baseline | ratio |",
        "| --- | --- | --- | --- |",
        *[f"| {name} | {figure} | {baseline} | {ratio} |" for name, figure, baseline, ratio in rows],
        "",
        f"Peak RSS of the benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB.",
        "",
    ]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines), "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
