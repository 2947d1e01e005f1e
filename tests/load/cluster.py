"""A cluster on this machine, set up as docs/deploy.md says: services we can stop, freeze and restart.

Every server binds 127.0.0.1 on a free port; the machine's shared Redis is never touched (the cluster has
a Redis of its own), and every wait is bounded.
"""

import email
import email.policy
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from .conftest import ROOT, free_port

HOST = "kerjaya.myipo.test"  # the public host name the balancer answers for


def require(condition: bool, message: str) -> None:
    """Skip with a message when something is missing, except under CI, where the cluster test must run."""
    if condition:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the cluster test: {message}")
    pytest.skip(message)


def wait_for(predicate: Callable[[], object], *, seconds: float, what: str, step: float = 0.25):
    """Poll until `predicate` returns something true; fail after `seconds` saying what was awaited."""
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Waited {seconds} s for {what}")
        time.sleep(step)


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Service:
    """One process of the cluster, with its log; it can be stopped, frozen (SIGSTOP) and started again."""

    name: str
    argv: list[str]
    log: Path
    env: dict | None = None
    ready: Callable[["Service"], bool] = lambda service: True
    process: subprocess.Popen | None = field(default=None, repr=False)

    def start(self, seconds: float = 60) -> "Service":
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: self.ready(self) or self.process.poll() is not None, seconds=seconds, what=f"{self.name}")
        if self.process.poll() is not None:
            pytest.fail(f"{self.name} ended at start:\n{self.tail()}")
        return self

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGCONT)
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- {self.name} ---\n" + "\n".join(text.splitlines()[-lines:])


class Mailbox:
    """What the SMTP sink received: one parsed message per file."""

    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self) -> list:
        if not self.folder.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def about(self, text: str) -> list:
        return [message for message in self.messages() if text in str(message["Subject"])]

    def to(self, address: str) -> list:
        return [message for message in self.messages() if address in str(message["To"])]


@dataclass
class Browser:
    """One person behind the balancer: their own cookies and address; requests alternate between web machines."""

    balancer: "Balancer"
    address: str
    session: requests.Session = field(default_factory=requests.Session)

    def request(self, method: str, path: str, *, bound: float, **kwargs) -> requests.Response:
        base = self.balancer.next_machine()
        headers = {
            "Host": HOST,
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{HOST}{path}",
            **kwargs.pop("headers", {}),
        }
        started = time.monotonic()
        response = self.session.request(
            method, base + path, headers=headers, allow_redirects=False, timeout=bound + 10, **kwargs
        )
        elapsed = time.monotonic() - started
        self.balancer.timings.append((method, path, response.status_code, round(elapsed, 2), bound))
        assert elapsed < bound, f"{method} {path} took {elapsed:.1f} s (bound {bound} s)"
        for cookie in self.session.cookies:
            cookie.secure = False  # TLS ends at the balancer: the cookies are secure on the public side
        return response

    def get(self, path: str, *, bound: float = 10, **kwargs) -> requests.Response:
        return self.request("GET", path, bound=bound, **kwargs)

    def post(self, path: str, data: dict | None = None, *, bound: float = 10, **kwargs) -> requests.Response:
        if "csrftoken" not in self.session.cookies:
            self.get(path)
        data = {**(data or {}), "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.request("POST", path, bound=bound, data=data, **kwargs)


class Balancer:
    """The load balancer: round robin over the web machines, TLS ended, X-Forwarded-For and -Proto set."""

    def __init__(self, machines: list[str]):
        self.machines = machines
        self.turn = itertools.count()
        self.timings: list[tuple] = []

    def next_machine(self) -> str:
        return self.machines[next(self.turn) % len(self.machines)]

    def browser(self, address: str) -> Browser:
        return Browser(self, address)


def redis_ready(port: int) -> Callable[[Service], bool]:
    def ready(service: Service) -> bool:
        import redis

        try:
            return redis.Redis(port=port, socket_timeout=1, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    return ready


def http_ready(url: str) -> Callable[[Service], bool]:
    def ready(service: Service) -> bool:
        try:
            requests.get(url, timeout=2)
            return True
        except requests.RequestException:
            return False

    return ready


def log_says(text: str) -> Callable[[Service], bool]:
    return lambda service: service.log.exists() and text in service.log.read_text(errors="replace")


def redis_service(folder: Path) -> tuple[Service, int]:
    port = free_port()
    return Service(
        "redis",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        folder / "redis.log",
        ready=redis_ready(port),
    ), port


def s3_service(folder: Path) -> tuple[Service, str]:
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    return Service(
        "s3",
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        folder / "s3.log",
        ready=http_ready(endpoint),
    ), endpoint


def smtp_service(folder: Path) -> tuple[Service, int, Mailbox]:
    port = free_port()
    inbox = folder / "mail"
    sink = Service(
        "smtp",
        [sys.executable, str(Path(__file__).with_name("smtp_sink.py")), str(port), str(inbox)],
        folder / "smtp.log",
        ready=lambda service: port_open(port),
    )
    return sink, port, Mailbox(inbox)


def missing_tools() -> list[str]:
    missing = [tool for tool in ("redis-server",) if shutil.which(tool) is None]
    for module in ("moto.server", "gunicorn", "celery"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    return missing
