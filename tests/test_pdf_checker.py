"""The PDF checker runs as a forking server: one interpreter with pikepdf loaded, a fresh child for every file."""

import contextlib
import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pikepdf
import pytest

from applications import uploads
from applications.uploads import check_pdf

from .factories import MINIMAL_PDF
from .test_uploads import new_pdf, pdf_bytes, raw_pdf

ROOT = Path(__file__).resolve().parent.parent
ONE_PAGE = {
    1: b"<< /Type /Catalog /Pages 3 0 R >>",
    3: b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    4: b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
}


@pytest.fixture
def checker(monkeypatch):
    """A checker of the test's own, stopped at its end."""
    own = uploads.PdfChecker()
    monkeypatch.setattr(uploads, "CHECKER", own)
    yield own
    own.stop()


def pages_of(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content)) as pdf:
        return len(pdf.pages)


def gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_one_server_checks_every_pdf_of_a_process(checker):
    assert check_pdf(MINIMAL_PDF).startswith(b"%PDF-")
    server = checker.process.pid
    assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=3)))) == 3
    assert checker.process.pid == server


def test_the_server_sees_nothing_of_the_portals_environment(checker):
    check_pdf(MINIMAL_PDF)
    environment = Path(f"/proc/{checker.process.pid}/environ").read_bytes()
    assert b"SECRET" not in environment
    assert b"DATABASE" not in environment


def test_a_pdf_stopped_by_the_memory_limit_leaves_the_server_checking_the_next(checker):
    bomb = raw_pdf({**ONE_PAGE, 2: b"[" + b"0 " * 2_400_000 + b"]"})
    with pytest.raises(uploads.ValidationError) as error:
        check_pdf(bomb)
    assert error.value.code == "pdf_too_complex"
    server = checker.process.pid
    assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=2)))) == 2
    assert checker.process.pid == server


def test_a_server_that_died_is_started_again_at_the_next_pdf(checker):
    check_pdf(MINIMAL_PDF)
    first = checker.process.pid
    os.kill(first, signal.SIGKILL)
    checker.process.wait(timeout=5)
    assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=2)))) == 2
    assert checker.process.pid != first


def test_a_server_that_dies_during_a_check_costs_that_check_nothing(checker):
    """Between the liveness check and the connection: the file is checked in a process of its own, the next one
    by a new server."""
    check_pdf(MINIMAL_PDF)
    first = checker.process
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checker, "server", lambda: checker.path)  # as if it were still alive
        assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=2)))) == 2
    assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=3)))) == 3
    assert checker.process.pid != first.pid


def test_threads_checking_at_once_each_get_their_own_file_back(checker):
    answers = {}

    def check(pages):
        answers[pages] = pages_of(check_pdf(pdf_bytes(new_pdf(pages=pages))))

    threads = [threading.Thread(target=check, args=(pages,)) for pages in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == {pages: pages for pages in range(1, 9)}


def test_a_check_that_outlives_its_time_is_refused(checker, monkeypatch):
    check_pdf(MINIMAL_PDF)
    monkeypatch.setattr(uploads, "PDF_TIMEOUT", 0.000001)
    with pytest.raises(uploads.ValidationError) as error:
        check_pdf(pdf_bytes(new_pdf(pages=40)))
    assert error.value.code == "pdf_too_complex"


def test_a_forked_process_starts_a_server_of_its_own(checker):
    """As gunicorn forks its workers after loading the portal: a worker never shares its parent's server."""
    check_pdf(MINIMAL_PDF)
    parent_server = checker.process.pid
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            check_pdf(MINIMAL_PDF)
            os.write(writer, str(uploads.CHECKER.process.pid).encode())
            uploads.CHECKER.stop()
        finally:
            os._exit(0)
    os.close(writer)
    child_server = int(os.read(reader, 64) or 0)
    os.close(reader)
    os.waitpid(child, 0)
    assert child_server not in {0, parent_server}
    assert gone(child_server)
    assert checker.process.poll() is None


def test_the_server_ends_with_the_process_that_started_it():
    script = textwrap.dedent(
        """
        import io, os
        import pikepdf
        from applications import uploads
        pdf, out = pikepdf.new(), io.BytesIO()
        pdf.add_blank_page()
        pdf.save(out)
        uploads.check_pdf(out.getvalue())
        print(uploads.CHECKER.process.pid, uploads.CHECKER.path, flush=True)
        os._exit(0)  # as a worker killed: nothing is cleaned up by the process itself
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    pid, path = done.stdout.split()
    assert gone(int(pid))
    assert not Path(path).parent.exists()


def test_the_server_collects_the_children_it_forked(checker):
    """Waited for, not left as zombies nor reaped unseen, so that their CPU time counts as the server's children's
    (what the benchmark's CPU per application adds up)."""
    heavy = pdf_bytes(new_pdf(pages=40))
    for _ in range(5):
        check_pdf(heavy)
    server = checker.process.pid
    children = Path(f"/proc/{server}/task/{server}/children")
    deadline = time.monotonic() + 5
    while children.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert children.read_text().split() == []
    cutime, cstime = (int(value) for value in Path(f"/proc/{server}/stat").read_text().rsplit(")", 1)[1].split()[13:15])
    assert cutime + cstime > 0


def test_a_frozen_server_costs_the_file_nothing_and_is_replaced(checker, monkeypatch):
    """A server that accepts nothing (stopped, or out of processes): the file is checked in a process of its own,
    not refused as too complex, and the next file goes to a new server."""
    monkeypatch.setattr(uploads, "PDF_SERVER_TIMEOUT", 0.5)
    check_pdf(MINIMAL_PDF)
    frozen = checker.process
    os.kill(frozen.pid, signal.SIGSTOP)
    try:
        assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=2)))) == 2
        assert frozen.poll() is not None  # ended, not left behind
        assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=3)))) == 3
        assert checker.process.pid != frozen.pid and checker.process.poll() is None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(frozen.pid, signal.SIGKILL)


def test_uploads_waiting_on_a_frozen_server_are_all_checked(checker, monkeypatch):
    """Connections queued on a server that is then replaced were reset: each such file is checked alone."""
    monkeypatch.setattr(uploads, "PDF_SERVER_TIMEOUT", 0.5)
    check_pdf(MINIMAL_PDF)
    frozen = checker.process.pid
    os.kill(frozen, signal.SIGSTOP)
    answers, errors = {}, []

    def check(pages):
        try:
            answers[pages] = pages_of(check_pdf(pdf_bytes(new_pdf(pages=pages))))
        except Exception as error:
            errors.append(repr(error))

    threads = []
    try:
        for pages in range(1, 5):
            threads.append(threading.Thread(target=check, args=(pages,)))
            threads[-1].start()
            time.sleep(0.2)
        for thread in threads:
            thread.join()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(frozen, signal.SIGKILL)
    assert errors == []
    assert answers == {pages: pages for pages in range(1, 5)}


def test_a_check_leaves_no_core_dump_no_process_no_file_and_cannot_be_attached_to():
    """The applicant's file would be in a core dump; a parser taken over could start processes or write files."""
    script = textwrap.dedent(
        f"""
        import ctypes, importlib.util, resource
        spec = importlib.util.spec_from_file_location("pdfclean", {str(ROOT / "applications" / "pdfclean.py")!r})
        pdfclean = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(pdfclean)
        pdfclean.limit_resources()
        limits = [resource.getrlimit(limit)[0] for limit in (resource.RLIMIT_CORE, resource.RLIMIT_NPROC,
                                                              resource.RLIMIT_FSIZE)]
        dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
        print(*limits, dumpable)
        """
    )
    done = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True, check=True, env={})
    assert done.stdout.split() == ["0", "0", "0", "0"]


def test_servers_replaced_again_and_again_leave_no_descriptor_or_folder_behind(checker):
    check_pdf(MINIMAL_PDF)
    descriptors = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        dead = checker.process
        folder = Path(checker.path).parent
        os.kill(dead.pid, signal.SIGKILL)
        dead.wait(timeout=5)
        assert pages_of(check_pdf(pdf_bytes(new_pdf(pages=2)))) == 2
        assert not folder.exists()
    assert len(os.listdir("/proc/self/fd")) == descriptors


def test_a_server_that_cannot_start_is_not_tried_again_for_every_file(checker, monkeypatch, tmp_path):
    """Each PDF is checked alone meanwhile (here the checker itself is missing: a fault of the server)."""
    monkeypatch.setattr(uploads, "PDF_CHECKER", tmp_path / "missing.py")
    started = []
    popen = subprocess.Popen

    def counted(args, **options):
        if "--serve" in args:
            started.append(args)
        return popen(args, **options)

    monkeypatch.setattr(uploads.subprocess, "Popen", counted)
    before = set(Path(uploads.tempfile.gettempdir()).glob("myipo-pdf-*"))
    for _ in range(3):
        with pytest.raises(OSError, match="PDF checker failed"):
            check_pdf(MINIMAL_PDF)
    assert len(started) == 1
    assert set(Path(uploads.tempfile.gettempdir()).glob("myipo-pdf-*")) == before


def test_no_more_than_pdf_at_once_files_of_a_process_are_parsed_together(monkeypatch):
    """Each parse may take 256 MB: 16 threads of a worker do not make 16 of them at once."""
    monkeypatch.setattr(uploads, "PDF_AT_ONCE", 2)
    own = uploads.PdfChecker()
    monkeypatch.setattr(uploads, "CHECKER", own)
    busy, most, guard = [0], [0], threading.Lock()
    ask = own.ask

    def counted(*args):
        with guard:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
        try:
            time.sleep(0.2)  # so that the six threads overlap
            return ask(*args)
        finally:
            with guard:
                busy[0] -= 1

    monkeypatch.setattr(own, "ask", counted)
    answers = {}

    def check(pages):
        answers[pages] = pages_of(check_pdf(pdf_bytes(new_pdf(pages=pages))))

    threads = [threading.Thread(target=check, args=(pages,)) for pages in range(1, 7)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        own.stop()
    assert answers == {pages: pages for pages in range(1, 7)}
    assert most[0] == 2


def test_a_file_waiting_too_long_for_a_free_check_is_a_fault_of_the_server_not_of_the_file(monkeypatch):
    """The candidate is told to try again (server trouble), not that the file is too complex."""
    monkeypatch.setattr(uploads, "PDF_AT_ONCE", 1)
    monkeypatch.setattr(uploads, "PDF_TIMEOUT", 0.2)
    own = uploads.PdfChecker()
    monkeypatch.setattr(uploads, "CHECKER", own)
    own.slots.acquire()  # another file of this process is being checked
    try:
        with pytest.raises(OSError, match="busy"):
            check_pdf(MINIMAL_PDF)
    finally:
        own.slots.release()
        own.stop()
