"""Parse an uploaded PDF with pikepdf (qpdf), refuse active content, and write a fresh copy without links.

This file runs as a script, started by `applications.uploads.check_pdf`, in one of two ways. As a
server (`--serve PATH`, what the portal uses): each PDF is parsed in a process forked for it alone
(see `serve`). Alone: the PDF comes on standard input; the rewritten PDF goes to standard output
(exit status 0), or a refusal code and a reason for the log (exit status 3). The process parsing a
PDF caps its own memory and CPU time before it reads a byte, because a 4 MB PDF can make qpdf
decompress gigabytes (object streams) or build hundreds of megabytes of objects (a 5 MB array of
numbers). It imports nothing from the
project, so it runs under `python -I`.

What is refused: JavaScript, Launch, SubmitForm, ImportData, GoToR/GoToE/GoToDp, multimedia and 3D
actions or annotations, embedded files (file attachments, portfolios), XFA forms, password-protected
files, files with no page or too many pages. What is removed: every link to the outside world (URI
actions, on links, bookmarks, form fields or at opening), every automatic action (/AA), and every
other action that is not a move inside the document. Signature values are removed too, since a
rewritten file no longer matches them: a reader shows an unsigned field rather than a false
"document altered". Every object of the file is visited, reachable or not, so nothing hides from the
check; names are decoded by the parser (`/J#61vaScript` is `/JavaScript`), object streams are
opened. What is stored is qpdf's rewrite, not the sent bytes: a reader sees exactly what was checked.
"""

import contextlib
import ctypes
import io
import os
import resource
import select
import signal
import socket
import sys

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, settings

REFUSED = 3
MEMORY_LIMIT = 256 * 1024 * 1024  # address space; a 15 MB scanned PDF needs 64 MB, a 50-page text one 30 MB
CPU_SECONDS = 5
PR_SET_DUMPABLE = 4
MAX_NEXT_ACTIONS = 100  # actions chained after one GoTo (each chain is walked once per action using it)
WALL_SECONDS = 10  # a child of the server ends itself after this long, whatever it waits for
FLATE_MAX_MEMORY = 64 * 1024 * 1024  # per decoded stream (object and cross-reference streams)
MAX_WARNINGS = 1000
MAX_ITEMS = 1_000_000  # dictionaries, arrays and their items visited; a 50-page certificate has a few thousand

# Actions that run code, open or send files, or reach outside the document: the file is refused.
DANGEROUS_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/GoToDp",
        "/RichMediaExecute",
        "/Rendition",
        "/Sound",
        "/Movie",
        "/GoTo3DView",
    }
)
# The action kept: a move inside the document. Every other action (URI, Named, Thread, Hide, ResetForm,
# SetOCGState, Trans) is removed from the rewritten file.
KEPT_ACTIONS = frozenset({"/GoTo"})
REMOVED_ACTIONS = frozenset({"/URI", "/Named", "/Thread", "/Hide", "/ResetForm", "/SetOCGState", "/Trans"})
ACTION_TYPES = DANGEROUS_ACTIONS | KEPT_ACTIONS | REMOVED_ACTIONS
ACTIVE_SUBTYPES = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"})
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript name tree",
    "/XFA": "XFA form",
    "/EmbeddedFiles": "embedded files",
    "/EF": "embedded file",
    "/RichMediaContent": "rich media",
    "/Collection": "portfolio",
    "/AlternatePresentations": "slideshow",
}
# qpdf's warnings when it could not recover part of a file: a truncated upload, a broken object stream.
# A cross-reference table rebuilt from the objects ("xref not found", "reconstruct") is no loss.
DATA_LOST = ("unable to", "treating stream as empty", "error decoding stream data", "object stream", "error reading")
OUT_OF_BOUNDS = ("limit", "bad_alloc")  # a qpdf limit, or this process's memory limit, was reached
ACTION_KEYS = ("/A", "/OpenAction", "/PA")  # /PA: a Link annotation's former URI action


class Refused(Exception):
    def __init__(self, code: str, reason: str = ""):
        super().__init__(code, reason)
        self.code, self.reason = code, reason


def limit_resources() -> None:
    """Bounds on what parsing one file may take, set before it is read; and nothing of it left behind: no core
    dump (it would hold the applicant's file), no other process, no file written, nothing another process of
    the same user may attach to (prctl PR_SET_DUMPABLE 0)."""
    limits = (
        (resource.RLIMIT_AS, MEMORY_LIMIT),
        (resource.RLIMIT_CPU, CPU_SECONDS),
        (resource.RLIMIT_CORE, 0),
        (resource.RLIMIT_NPROC, 0),
        (resource.RLIMIT_FSIZE, 0),
    )
    for limit, value in limits:
        with contextlib.suppress(ValueError, OSError):  # macOS has no RLIMIT_AS: the parent's timeout still holds
            resource.setrlimit(limit, (value, value))
    with contextlib.suppress(OSError, AttributeError):  # Linux only
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def name_of(value) -> str | None:
    return str(value) if isinstance(value, Name) else None


def is_dict(value) -> bool:
    return isinstance(value, (Dictionary, Stream))


def is_container(value) -> bool:
    return isinstance(value, (Dictionary, Stream, Array))


def action_type(value) -> str | None:
    """The /S of an action dictionary, or None for anything else (a destination, a border style, ...)."""
    if not is_dict(value) or name_of(value.get("/Type")) not in (None, "/Action"):
        return None
    kind = name_of(value.get("/S"))
    return kind if kind in ACTION_TYPES else None


def refuse_active(obj) -> None:
    """Refuse a dictionary or stream that is, or holds, active content."""
    for key, reason in ACTIVE_KEYS.items():
        if key in obj:
            raise Refused("pdf_active_content", reason)
    kind = action_type(obj)
    if kind in DANGEROUS_ACTIONS:
        raise Refused("pdf_active_content", f"{kind[1:]} action")
    if name_of(obj.get("/Type")) == "/EmbeddedFile":
        raise Refused("pdf_active_content", "embedded file")
    subtype = name_of(obj.get("/Subtype"))
    if subtype in ACTIVE_SUBTYPES:
        raise Refused("pdf_active_content", f"{subtype[1:]} annotation")


def kept(action) -> bool:
    return action_type(action) in KEPT_ACTIONS


def neutralise(obj) -> None:
    """Remove links, automatic actions and signature values from one dictionary, in place."""
    if "/AA" in obj:
        del obj["/AA"]
    for key in ACTION_KEYS:
        if key in obj and action_type(obj[key]) and not kept(obj[key]):
            del obj[key]
    kind = action_type(obj)
    if kind and kind not in KEPT_ACTIONS:
        for key in list(obj.keys()):
            del obj[key]
        return
    if kind and "/Next" in obj:  # what follows a GoTo: one action or an array of them
        chain = obj["/Next"]
        if isinstance(chain, Array) and len(chain) > MAX_NEXT_ACTIONS:  # a few in any real file
            raise Refused("pdf_too_complex", f"an action followed by {len(chain)} others")
        following = [a for a in (chain if isinstance(chain, Array) else [chain]) if kept(a)]
        if not following:
            del obj["/Next"]
        elif isinstance(chain, Array) and len(following) != len(chain):
            obj["/Next"] = Array(following)
    if name_of(obj.get("/FT")) == "/Sig" and "/V" in obj:
        del obj["/V"]
    if name_of(obj.get("/Type")) == "/Catalog":
        for key in ("/Perms", "/URI"):  # signature permissions; the base of relative links
            if key in obj:
                del obj[key]
    if "/Fields" in obj and "/SigFlags" in obj:
        del obj["/SigFlags"]


def visit(pdf) -> None:
    """Every object of the file, reachable or not, and every dictionary and array inside it."""
    budget = MAX_ITEMS
    tops = [pdf.trailer, *pdf.objects]
    for top in tops:
        stack = [top] if is_container(top) else []
        while stack:
            obj = stack.pop()
            budget -= 1
            children = obj.values() if is_dict(obj) else obj
            for child in children:
                budget -= 1
                if is_container(child) and not child.is_indirect:  # indirect ones are tops of their own
                    stack.append(child)
            if budget < 0:
                raise Refused("pdf_too_complex", "too many objects")
            if is_dict(obj):
                refuse_active(obj)
                neutralise(obj)


def clean(data: bytes, *, max_pages: int, max_output: int) -> bytes:
    settings.set_qpdf_limits(flate_max_memory=FLATE_MAX_MEMORY, doc_max_warnings=MAX_WARNINGS)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
        pages = len(pdf.pages)
    except pikepdf.PasswordError:
        raise Refused("pdf_encrypted", "password needed to open") from None
    except pikepdf.PdfError as error:
        raise Refused("pdf_no_pages" if "no pages" in str(error) else "file_corrupt", str(error)[-200:]) from None
    with pdf:
        if pages == 0:
            raise Refused("pdf_no_pages", "no page")
        if pages > max_pages:
            raise Refused("pdf_too_many_pages", f"{pages} pages")
        visit(pdf)
        for warning in pdf.get_warnings():  # qpdf repairs a file quietly; a file that lost data is refused
            if any(bound in warning for bound in OUT_OF_BOUNDS):
                raise Refused("pdf_too_complex", warning[-200:])
            if any(loss in warning for loss in DATA_LOST):
                raise Refused("file_corrupt", warning[-200:])
        output = io.BytesIO()
        pdf.save(
            output,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,  # page and image data are copied, never decoded
            compress_streams=True,
            deterministic_id=True,
        )
    if output.tell() > max_output:
        raise Refused("pdf_too_complex", f"rewritten file of {output.tell()} bytes")
    return output.getvalue()


def outcome(data: bytes, max_pages: int, max_output: int) -> tuple[int, bytes]:
    """The exit status and what goes to the caller: the rewritten PDF (0), or "code reason" (REFUSED)."""
    try:
        content = clean(data, max_pages=max_pages, max_output=max_output)
    except Refused as refusal:
        return REFUSED, f"{refusal.code} {refusal.reason}".encode()
    except (MemoryError, RecursionError):
        return REFUSED, b"pdf_too_complex out of memory"
    except Exception as error:  # any pikepdf or qpdf error: the file does not parse
        return REFUSED, f"file_corrupt {type(error).__name__}: {error}"[:500].encode(errors="replace")
    return 0, content


def main() -> int:
    limit_resources()
    max_pages, max_output = int(sys.argv[1]), int(sys.argv[2])
    status, answer = outcome(sys.stdin.buffer.read(), max_pages, max_output)
    sys.stdout.buffer.write(answer)
    return status


def read_exactly(connection: socket.socket, size: int) -> bytes:
    parts, left = [], size
    while left:
        part = connection.recv(min(left, 1 << 20))
        if not part:
            raise EOFError
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def answer(connection: socket.socket) -> None:
    """In a child forked for one request: say "+" (the server is alive), read "max_pages max_output length\n"
    and the PDF; answer "status length\n" and the bytes. A child stopped by a limit answers nothing more: the
    caller sees the connection end before the answer."""
    connection.sendall(b"+")
    header = b""
    while not header.endswith(b"\n"):
        byte = connection.recv(1)
        if not byte or len(header) > 64:
            return
        header += byte
    max_pages, max_output, size = (int(value) for value in header.split())
    status, content = outcome(read_exactly(connection, size), max_pages, max_output)
    connection.sendall(b"%d %d\n" % (status, len(content)) + content)


def reap() -> None:
    """Collect the children that have ended (so that their CPU time counts as this server's children's)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(path: str) -> int:
    """A forking server on the Unix socket `path`: pikepdf is imported once, and each PDF is parsed in a child
    forked for it, which caps its own memory, CPU and wall time before it reads a byte and ends after its one
    answer, so that a file never shares a process with another. Starting Python and importing pikepdf for each
    file cost about 0.1 s of CPU; a fork costs about a millisecond. The server is single-threaded (safe to
    fork) and ends when its standard input closes: when the process that started it ends.
    """
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(128)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        while True:
            readable, _, _ = select.select([listener, sys.stdin], [], [], 1.0)
            reap()
            if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1024):
                return 0
            if listener not in readable:
                continue
            connection, _address = listener.accept()
            try:
                child = os.fork()
            except OSError:  # out of processes or memory: this file's caller sees the connection close
                connection.close()
                continue
            if child == 0:
                status = 1
                try:
                    listener.close()
                    os.close(sys.stdin.fileno())
                    signal.alarm(WALL_SECONDS)
                    limit_resources()
                    answer(connection)
                    status = 0
                finally:
                    os._exit(status)
            connection.close()
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
            os.rmdir(os.path.dirname(path))  # the folder made for it alone


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        sys.exit(serve(sys.argv[2]))
    sys.exit(main())
