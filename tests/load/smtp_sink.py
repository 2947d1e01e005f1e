"""A small SMTP sink for the cluster test: accepts every message on 127.0.0.1 and keeps it as a file.

Run as its own process (`python smtp_sink.py PORT FOLDER`) so that a test can freeze it (SIGSTOP) like a hung relay.
"""

import itertools
import os
import socketserver
import sys
from pathlib import Path

counter = itertools.count()


class SmtpHandler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        try:
            self.reply("220 sink.test ESMTP")
            while True:
                line = self.rfile.readline(4096)
                if not line:
                    return
                command = line.decode("ascii", "replace").strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    self.reply("250 sink.test")
                elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                    self.reply("250 OK")
                elif command == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    self.receive()
                    self.reply("250 OK: queued")
                elif command == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Command not implemented")
        except OSError:
            return  # the client gave up (it timed out while the sink was frozen)

    def receive(self):
        lines = []
        for _number in range(200_000):
            line = self.rfile.readline(1_000_000)
            if not line or line in (b".\r\n", b".\n"):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        folder = Path(self.server.folder)
        name = f"{os.getpid()}-{next(counter):06d}.eml"
        (folder / f".{name}").write_bytes(b"".join(lines))
        (folder / f".{name}").rename(folder / name)  # complete files only


class Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    port, folder = int(sys.argv[1]), sys.argv[2]
    Path(folder).mkdir(parents=True, exist_ok=True)
    with Sink(("127.0.0.1", port), SmtpHandler) as server:
        server.folder = folder
        server.serve_forever()
