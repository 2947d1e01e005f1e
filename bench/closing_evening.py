"""The closing evening: candidates sign in, fill every step, upload four documents and submit, all at once.

Each candidate is a thread with its own keep-alive connection and cookies, doing what a browser does (the
pages are fetched, the forms posted; redirects are not followed, each request is timed on its own). A
separate client reads the job board and a bare page throughout. Latency is measured by the clients; the
server's own time per request (from the moment a gunicorn thread takes it) comes from gunicorn's access log.
"""

import http.client
import io
import itertools
import os
import re
import statistics
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

CLK_TCK = os.sysconf("SC_CLK_TCK")
BOARD_WORKERS, BOARD_THREADS = 1, 4  # the job board's lane of docs/deploy.md
PDF = "application/pdf"
PASSWORD = "Kata-laluan-Petang-2026"  # noqa: S105 - the benchmark's own candidates, in a scratch database

PERSONAL = {
    "personal-full_name": "NUR AISYAH BINTI AHMAD",
    "personal-citizenship": "malaysian",
    "personal-date_of_birth": "1990-01-01",
    "personal-place_of_birth": "Kuala Lumpur",
    "personal-sex": "F",
    "personal-marital_status": "single",
    "personal-address_line1": "No. 12, Jalan Harmoni 3",
    "personal-address_line2": "",
    "personal-postcode": "46200",
    "personal-city": "Petaling Jaya",
    "personal-state": "selangor",
    "personal-phone": "012-345 6789",
}


def management(prefix: str) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "10",
    }


EDUCATION = {
    "education-spm_year": "2007",
    "education-spm_bm_grade": "A",
    "education-spm_bm_oral_passed": "True",
    "education-spm_bi_grade": "B+",
    "education-spm_other_subjects": "Matematik A, Prinsip Perakaunan A-",
    "education-professional_memberships": "",
    **management("qualifications"),
    "qualifications-0-level": "bachelor",
    "qualifications-0-field_of_study": "accounting",
    "qualifications-0-programme": "Ijazah Sarjana Muda Perakaunan",
    "qualifications-0-institution": "Universiti Malaya",
    "qualifications-0-year": "2012",
    "qualifications-0-cgpa": "3.45",
}

EXPERIENCE = {
    "skills-malay_spoken": "excellent",
    "skills-malay_written": "good",
    "skills-english_spoken": "good",
    "skills-english_written": "good",
    "skills-skill_word_processing": "on",
    "skills-skill_spreadsheet": "on",
    "skills-skill_presentation": "on",
    "skills-ip_law_knowledge_kind": "none",
    "skills-ip_law_knowledge": "",
    **management("experiences"),
    "experiences-0-employer": "Syarikat Audit Bersatu Sdn. Bhd.",
    "experiences-0-position": "Akauntan Pelatih",
    "experiences-0-field_of_work": "accounting",
    "experiences-0-started_on": "2013-01-02",
    "experiences-0-ended_on": "2016-12-30",
    **management("languages"),
    "languages-0-name": "Bahasa Melayu",
    "languages-0-spoken": "excellent",
    "languages-0-written": "excellent",
}

SUBMIT = {"declaration": "on", "pdpa_consent": "on"}


MYKAD_SERIALS = itertools.count()  # a MyKad number belongs to one account: every candidate of a run gets a new one


def mykad(index: int) -> str:
    """A valid MyKad number for a woman born on 1 January 1990 in Kuala Lumpur (even last digit)."""
    return f"900101-14-{(5000 + 2 * index) % 10000:04d}"


def certificate_jpeg() -> bytes:
    """A scanned A4 certificate at 150 dpi (1240 by 1754 pixels), with paper grain, a border, text and a seal."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.effect_noise((1240, 1754), 18).convert("RGB")
    image = Image.blend(Image.new("RGB", image.size, (247, 244, 236)), image, 0.12)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1200, 1714), outline=(120, 90, 40), width=10)
    draw.rectangle((70, 70, 1170, 1684), outline=(160, 120, 60), width=3)
    for row in range(28):
        y = 320 + row * 44
        width = 500 + (row * 137) % 480
        draw.rectangle((130 + (980 - width) // 2, y, 130 + (980 - width) // 2 + width, y + 14), fill=(40, 40, 40))
    draw.ellipse((860, 1380, 1100, 1620), outline=(150, 20, 20), width=8)
    draw.text((160, 180), "SIJIL PELAJARAN MALAYSIA", fill=(20, 20, 20))
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85)
    return output.getvalue()


def photo_jpeg() -> bytes:
    """A passport photo at 300 dpi (413 by 531 pixels): a face on a light background."""
    from PIL import Image, ImageDraw

    image = Image.effect_noise((413, 531), 10).convert("RGB")
    image = Image.blend(Image.new("RGB", image.size, (214, 226, 240)), image, 0.1)
    draw = ImageDraw.Draw(image)
    draw.ellipse((116, 90, 296, 310), fill=(196, 150, 120))
    draw.rectangle((70, 340, 343, 531), fill=(30, 50, 90))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    return output.getvalue()


def letter_pdf(title: str, root: Path) -> bytes:
    """A real one-page letter, as a ministry sends it, made by WeasyPrint."""
    from weasyprint import HTML

    lines = "".join(f"<p>Perenggan {n}: pengiktirafan kelayakan bagi tujuan perkhidmatan awam.</p>" for n in range(12))
    html = f"<h1>{title}</h1><p>Rujukan: KPT/MQA/2026/{uuid.uuid4().hex[:6]}</p>{lines}<p>Yang benar,</p>"
    return HTML(string=html, base_url=str(root / "static")).write_pdf()


def multipart(fields: list[tuple[str, str, bytes, str]]) -> tuple[bytes, str]:
    """The file parts of a multipart/form-data body as a browser sends them: (field, file name, content, content
    type); `multipart_end` adds the text fields and the closing boundary."""
    boundary = "----MyIPOBench" + uuid.uuid4().hex
    body = io.BytesIO()
    for name, filename, content, content_type in fields:
        body.write(f"--{boundary}\r\n".encode())
        body.write(f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode())
        body.write(f"Content-Type: {content_type}\r\n\r\n".encode())
        body.write(content + b"\r\n")
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def multipart_end(files: bytes, content_type: str, fields: dict) -> bytes:
    """The whole body: the file parts, then each text field, then the closing boundary."""
    boundary = content_type.split("boundary=", 1)[1]
    text = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    )
    return files + text.encode() + f"--{boundary}--\r\n".encode()


# The degree an MQA letter recognises, as the documents step preselects it (the candidate's only degree).
MQA_CHOICE = re.compile(rb'name="mqa_qualification"[^>]*>.*?<option value="(\d+)"[^>]*selected', re.S)


class JourneyError(Exception):
    pass


class Browser:
    """One visitor: a keep-alive connection (reopened when the server closes it) and its cookies."""

    def __init__(self, host: str, port: int):
        self.body = b""  # the last answer's body
        self.host, self.port = host, port
        self.connection = None
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        headers = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=600)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                self.body = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue  # a kept-alive connection the server had closed: send again on a new one
            elapsed = time.perf_counter() - started
            break
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in {"", '""'} or "max-age=0" in header.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if response.will_close:
            self.connection.close()
            self.connection = None
        self.cpu = float(response.headers.get("X-Bench-CPU") or "nan")
        return response.status, response.headers.get("Location", ""), elapsed

    def close(self):
        if self.connection is not None:
            self.connection.close()


class Recorder:
    """Latencies per step, from every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def add(self, step: str, seconds: float, cpu: float):
        with self.lock:
            self.samples.setdefault(step, []).append(seconds)
            self.cpu.setdefault(step, []).append(cpu)

    def error(self, message: str):
        with self.lock:
            self.errors.append(message)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return (float("nan"),) * 3
    if len(values) == 1:
        return (values[0],) * 3
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return statistics.median(values), cuts[94], cuts[98]


def show(values: list[float]) -> str:
    p50, p95, p99 = percentiles(values)
    return f"p50 {p50 * 1000:,.0f} / p95 {p95 * 1000:,.0f} / p99 {p99 * 1000:,.0f} ms"


class Plan:
    """The addresses and bodies every candidate uses (worked out once, before the rush)."""

    def __init__(self, *, post, password: str, root: Path):
        from django.urls import reverse
        from django.utils import translation

        with translation.override("ms"):
            self.home = reverse("vacancies:home")
            self.post_page = reverse("vacancies:post_detail", args=[post.pk])
            self.login = reverse("accounts:login")
            self.apply = reverse("applications:apply", args=[post.pk])
            self.mine = reverse("applications:mine")
        self.password = password
        certificate, photo = certificate_jpeg(), photo_jpeg()
        self.documents, self.documents_type = multipart(
            [
                ("certificate", "sijil-spm.jpg", certificate, "image/jpeg"),
                ("photo", "gambar.jpg", photo, "image/jpeg"),
                ("mqa_letter", "surat-mqa.pdf", letter_pdf("SURAT AKUAN PENGIKTIRAFAN MQA", root), PDF),
                ("vaccination", "sijil-vaksin.pdf", letter_pdf("SIJIL DIGITAL VAKSINASI COVID-19", root), PDF),
            ]
        )
        self.sizes = {"certificate": len(certificate), "photo": len(photo), "body": len(self.documents)}


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def journey(browser: Browser, email: str, plan: Plan, record: Recorder) -> None:
    """One candidate, from the job board to the acknowledgement: every request timed, every answer checked."""

    def go(step, method, path, expect, body=None, headers=None):
        status, location, elapsed = browser.request(method, path, body, headers)
        record.add(step, elapsed, browser.cpu)
        if status != expect:
            raise JourneyError(f"{step} {method} {path}: HTTP {status}, expected {expect}")
        return location

    def form(data):
        return urlencode({**data, "csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")}).encode()

    go("job board (home, post page)", "GET", plan.home, 200)
    go("job board (home, post page)", "GET", plan.post_page, 200)
    go("sign-in page", "GET", plan.login, 200)
    go("sign in", "POST", plan.login, 302, form({"username": email, "password": plan.password}), FORM)
    step_url = urlsplit(go("apply", "GET", plan.apply, 302)).path
    base = step_url.rsplit("/", 2)[0]
    for name, data in (
        ("personal", {**PERSONAL, "personal-mykad": mykad(next(MYKAD_SERIALS))}),
        ("education", EDUCATION),
        ("experience", EXPERIENCE),
    ):
        go("step page", "GET", f"{base}/{name}/", 200)
        go("save a step", "POST", f"{base}/{name}/", 302, form(data), FORM)
    go("step page", "GET", f"{base}/documents/", 200)
    chosen = MQA_CHOICE.search(browser.body)
    body = multipart_end(plan.documents, plan.documents_type, {"mqa_qualification": chosen.group(1).decode()})
    headers = {"Content-Type": plan.documents_type, "X-CSRFToken": browser.cookies.get("csrftoken", "")}
    go("documents (4 files)", "POST", f"{base}/documents/", 302, body, headers)
    go("step page", "GET", f"{base}/review/", 200)
    detail = urlsplit(go("submit", "POST", f"{base}/review/", 302, form(SUBMIT), FORM)).path
    go("after submitting (acknowledgement, my applications)", "GET", detail, 200)
    go("after submitting (acknowledgement, my applications)", "GET", plan.mine, 200)


def process_cpu_seconds(pid: int) -> float:
    """CPU time of a process, its live threads and its children that have ended."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return (utime + stime + cutime + cstime) / CLK_TCK


def children_of(task: Path) -> list[str]:
    try:
        return (task / "children").read_text().split()
    except FileNotFoundError:  # the thread ended meanwhile
        return []


def tree_cpu_seconds(pid: int) -> float:
    """CPU time of a process and of every process below it: a gunicorn master, its workers, each worker's PDF
    checker and the checks it forked (live ones, and ended ones through the process that waited for them)."""
    try:
        total = process_cpu_seconds(pid)
        # Each thread lists the children it started (a worker's PDF checker is started by a request's thread).
        children = {child for task in Path(f"/proc/{pid}/task").iterdir() for child in children_of(task)}
    except FileNotFoundError:  # ended meanwhile: counted by its parent once waited for
        return 0.0
    return total + sum(tree_cpu_seconds(int(child)) for child in children)


class Watcher(threading.Thread):
    """A visitor reading the public pages, one after the other, and a bare page between them."""

    def __init__(self, host, port, pages: list[str], bare: str):
        super().__init__(daemon=True)
        self.browser = Browser(host, port)
        self.pages, self.bare = pages, bare
        self.board: list[float] = []
        self.bare_samples: list[float] = []
        self.failures = 0
        self.stop = threading.Event()

    def run(self):
        turn = 0
        while not self.stop.is_set():
            for path, samples in ((self.pages[turn % len(self.pages)], self.board), (self.bare, self.bare_samples)):
                status, _location, elapsed = self.browser.request("GET", path)
                samples.append(elapsed)
                self.failures += status != 200
            turn += 1
            time.sleep(0.05)


def access_log_times(log: Path) -> list[tuple[str, str, float]]:
    """(method, path, seconds) of every request in gunicorn's access log (format `%(m)s %(U)s %(s)s %(M)s`)."""
    rows = []
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3].isdigit():
            rows.append((parts[0], parts[1], int(parts[3]) / 1000))
    return rows


def server_step(method: str, path: str, plan: Plan) -> str | None:
    if path in {plan.home, plan.post_page}:
        return "job board (home, post page)"
    if path == plan.login:
        return "sign in" if method == "POST" else "sign-in page"
    if path == plan.apply:
        return "apply"
    if path == plan.mine:
        return "after submitting (acknowledgement, my applications)"
    match = re.search(r"/(personal|education|experience|documents|review)/$", path)
    if match:
        if method == "GET":
            return "step page"
        return {"documents": "documents (4 files)", "review": "submit"}.get(match.group(1), "save a step")
    if re.search(r"/\d+/$", path) and method == "GET":
        return "after submitting (acknowledgement, my applications)"
    return None


STEPS = [
    "job board (home, post page)",
    "sign-in page",
    "sign in",
    "apply",
    "step page",
    "save a step",
    "documents (4 files)",
    "submit",
    "after submitting (acknowledgement, my applications)",
]


def run(*, server_factory, report, candidates: int, root: Path, scratch: Path) -> None:
    """The rush with e-mails sent from the submit request (no broker), then, with a broker, by a Celery worker."""
    from django.db import connection

    if connection.vendor != "postgresql":
        report("closing evening", "skipped: needs PostgreSQL (set DATABASE_URL)", "-", "-")
        return
    modes = [("e-mails sent in the request", {"CELERY_BROKER_URL": ""})]
    if os.environ.get("CELERY_BROKER_URL"):
        modes.append(("e-mails by a Celery worker", {}))
    for mode, env in modes:
        rush(
            mode=mode,
            env=env,
            server_factory=server_factory,
            report=report,
            candidates=candidates,
            root=root,
            scratch=scratch,
        )


def rush(*, mode: str, env: dict, server_factory, report, candidates: int, root: Path, scratch: Path) -> None:
    """Set up the candidates, rehearse one journey, then run them all at once and report."""
    from concurrent.futures import ThreadPoolExecutor

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, document_storage
    from vacancies.models import Post

    call_command("readvertise", "1", "--days", "30", "--if-none-open", verbosity=0)
    post = Post.objects.open().get(number=3)  # the accountant: a degree, so the MQA letter is asked for
    hashed = make_password(PASSWORD)  # the first of PASSWORD_HASHERS, as a real sign-up makes it
    stamp = uuid.uuid4().hex[:8]
    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"calon-{stamp}-{n}@petang.example.my",
            full_name=f"Calon Petang {n}",
            password=hashed,
            email_verified_at=now,
        )
        for n in range(candidates + 1)
    )
    rehearsal, users = users[0], users[1:]
    plan = Plan(post=post, password=PASSWORD, root=root)
    log = scratch / f"access-{stamp}.log"
    with (
        server_factory(
            access_log=log,
            access_log_format="%(m)s %(U)s %(s)s %(M)s",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            BENCH_REQUEST_CPU="1",
            with_worker=True,
            **env,
        ) as server,
        # The job board's own lane, as docs/deploy.md sets it up: visitors' GETs of the public pages go to a
        # small gunicorn of their own on the same machine, so that they do not queue behind the candidates.
        server_factory(workers=BOARD_WORKERS, threads=BOARD_THREADS, **env) as board,
    ):
        host, port = "127.0.0.1", server.port
        bare_size = len(http_get(host, port, plan.post_page))
        bare = f"/bench/bare/?size={bare_size}"
        rehearsal_record = Recorder()
        journey(Browser(host, port), rehearsal.email, plan, rehearsal_record)  # every step works, or stop here

        idle = Browser(host, port)
        idle_bare = []
        for _ in range(100):
            idle_bare.append(idle.request("GET", bare)[2])
        idle.close()

        record = Recorder()
        public = [plan.home, plan.post_page, "/jawatan/"]
        watcher = Watcher(host, port, public, bare)  # the same pool as the candidates: no lane
        lane = Watcher(host, board.port, public, bare)
        start = threading.Barrier(candidates + 1)
        finished: list[float] = []

        def candidate(user):
            browser = Browser(host, port)
            start.wait()
            try:
                journey(browser, user.email, plan, record)
            except Exception as error:  # counted and reported: the benchmark states every failure
                record.error(f"{type(error).__name__}: {error}")
            finally:
                finished.append(time.perf_counter())
                browser.close()

        log.write_text("")
        cpu_before, client_before = tree_cpu_seconds(server.process.pid), time.process_time()
        worker_cpu_before = server.worker_cpu()
        watcher.start()
        lane.start()
        with ThreadPoolExecutor(max_workers=candidates) as pool:
            futures = [pool.submit(candidate, user) for user in users]
            start.wait()
            began = time.perf_counter()
            for future in futures:
                future.result()
        wall = max(finished) - began
        cpu = tree_cpu_seconds(server.process.pid) - cpu_before
        client_cpu = time.process_time() - client_before
        for reader in (watcher, lane):
            reader.stop.set()
            reader.join()
        acknowledged_after = server.wait_for_acknowledgements(
            Application.objects.filter(candidate__in=users), began, timeout=300, worker_cpu_before=worker_cpu_before
        )
        time.sleep(1)  # gunicorn writes its access log line after the response
        server_times: dict[str, list[float]] = {}
        for method, path, seconds in access_log_times(log):
            step = server_step(method, path, plan)
            if step:
                server_times.setdefault(step, []).append(seconds)

    submitted = Application.objects.submitted().filter(candidate__in=users).prefetch_related("documents")
    stored = 0
    complete = 0
    for application in submitted:
        stored += 1
        kinds = sorted(document.kind for document in application.documents.all())
        files_there = all(document_storage().exists(document.file.name) for document in application.documents.all())
        complete += kinds == ["certificate", "mqa_letter", "photo", "vaccination"] and files_there
    lost = candidates - complete
    cores = os.cpu_count() or 1
    report(
        f"closing evening, {mode}: {candidates} candidates at once (sign in, 4 steps, 4 documents "
        f"{plan.sizes['body'] / 1e6:.1f} MB, submit), {server.describe()}",
        f"{wall:.1f} s; {stored} stored, {complete} complete with their 4 files, {len(record.errors)} errors, "
        f"{lost} lost; {cpu / candidates:.2f} CPU-s per application in gunicorn "
        f"(the benchmark's own clients: {client_cpu:.1f} CPU-s in all)",
        f"the CPU bound: {cpu:.0f} CPU-s / {cores} cores = {cpu / cores:.1f} s",
        f"{wall / (cpu / cores):.2f}",
    )
    if record.errors:
        report(f"closing evening, {mode}: errors", "; ".join(sorted(set(record.errors))[:5]), "-", "-")
    bare_p95 = percentiles(watcher.bare_samples)[1]
    for step in STEPS:
        samples = record.samples.get(step, [])
        server_p95 = percentiles(server_times.get(step, []))[1]
        cpu_p50, cpu_p95, _cpu_p99 = percentiles([value for value in record.cpu.get(step, []) if value == value])
        report(
            f"closing evening, {mode}: {step} ({len(samples)} requests)",
            f"{show(samples)}; in gunicorn p95 {server_p95 * 1000:,.0f} ms; "
            f"CPU p50 {cpu_p50 * 1000:,.0f} / p95 {cpu_p95 * 1000:,.0f} ms",
            f"bare page under the same load: {show(watcher.bare_samples)}",
            f"{percentiles(samples)[1] / bare_p95:.2f}",
        )
    report(
        f"closing evening, {mode}: public pages read during the rush from the candidates' pool, no lane "
        f"({len(watcher.board)} requests, {watcher.failures} failed)",
        show(watcher.board),
        f"bare page under the same load: {show(watcher.bare_samples)}; idle: {show(idle_bare)}",
        f"{percentiles(watcher.board)[1] / bare_p95:.2f}",
    )
    lane_bare_p95 = percentiles(lane.bare_samples)[1]
    report(
        f"closing evening, {mode}: public pages read during the rush from the job board's lane, "
        f"{BOARD_WORKERS} worker × {BOARD_THREADS} threads on the same machine ({len(lane.board)} requests, "
        f"{lane.failures} failed)",
        show(lane.board),
        f"bare page from the lane under the same load: {show(lane.bare_samples)}",
        f"{percentiles(lane.board)[1] / lane_bare_p95:.2f}",
    )
    report(
        f"closing evening, {mode}: acknowledgement e-mails with the slip",
        acknowledged_after,
        "-",
        "-",
    )


def http_get(host: str, port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", path)
    content = connection.getresponse().read()
    connection.close()
    return content
