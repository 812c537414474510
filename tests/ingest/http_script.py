"""A local HTTP server in the test process that answers from a script: per path, a list of responses (the
last one repeats), or a function of the query. No network; a "hang" response blocks until the test ends."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HANG = "hang"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Answer = Reply | str | Callable[[dict[str, str]], Reply]


@dataclass
class Script:
    routes: dict[str, list[Answer]] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def answer(self, path: str, query: dict[str, str]) -> Reply | str:
        self.seen.append((path, query))
        answers = self.routes.get(path)
        if not answers:
            return Reply(404, b"not found")
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return answer(query) if callable(answer) else answer


@contextmanager
def serve(script: Script) -> Iterator[Script]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            reply = script.answer(parts.path, query)
            if reply == HANG:
                script.release.wait(10)
                return
            assert isinstance(reply, Reply)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    script.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield script
    finally:
        script.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


class FakeTime:
    """A clock that only moves when slept on: waits are recorded, never spent."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds
