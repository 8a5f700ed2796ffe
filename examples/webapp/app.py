"""A small web app that embeds mrt-roadmap, using only the standard library (http.server).

    python examples/webapp/app.py --port 8000
    curl -H 'Content-Type: application/json' \
         --data-binary @examples/profiles/p5-working-rhit-to-rhia.json \
         'http://127.0.0.1:8000/roadmap?format=html'

``POST /roadmap?format=json|html`` takes a profile (JSON body) and answers the roadmap as JSON
or as the embeddable HTML fragment; ``GET /healthz`` answers ``{"status": "ok", ...}``. Every
error is answered with a JSON body ``{"error": ..., "problems": [...]}``; a bad profile's 400 lists
every problem at once (shape and meaning), each with its ``path``, ``parts``, stable ``code``,
technical ``message`` and ``learner_message``, so a form can mark each field.
The planner is built once, at start-up, and shared by a bounded pool of planning threads; each
request waits at most ``plan_timeout`` seconds. It binds to 127.0.0.1 unless told otherwise.
See README.md for the status codes and the limits.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import mrt_roadmap
from mrt_roadmap import (
    InputError,
    MrtRoadmapError,
    Planner,
    Problem,
    ProfileError,
    __version__,
)

MAX_BODY = 1_000_000  # bytes; a profile is a few kB
BACKLOG = 128  # connections the kernel queues while every handler is busy (capped by somaxconn)
WORKERS = 4  # planning threads
MAX_QUEUE = 64  # planning jobs that may wait for a thread; more are answered 503
PLAN_TIMEOUT = 10.0  # seconds a request waits for its roadmap (queueing included)
SOCKET_TIMEOUT = 30.0  # seconds a client may stay silent while sending its request
LINGER_SECONDS = 2.0  # after answering early, how long to drop what the client still sends...
LINGER_BYTES = 4 * MAX_BODY  # ...and how much of it, at most
LENGTH_RE = re.compile(r"[0-9]{1,16}")  # ASCII digits only: int() would accept "١٢" too
JSON_TYPE = "application/json; charset=utf-8"

Rendered = tuple[str, str]  # (media type, text)
Issue = dict[str, Any]  # {"path", "parts", "code", "message", "learner_message"}
FORMATS: dict[str, str] = {"json": "json", "html": "html-fragment"}
"""The ``format`` query value -> the library's format (its media type comes with it)."""
ROUTES: dict[str, tuple[str, ...]] = {
    "/": ("GET", "HEAD"),
    "/healthz": ("GET", "HEAD"),
    "/roadmap": ("GET", "HEAD", "POST"),
}
USAGE = (
    "POST a profile (Content-Type: application/json) to /roadmap?format=json or ?format=html.\n"
    "Bad profiles get 400 with a JSON list of problems by JSON path. GET /healthz: status.\n"
)

logger = logging.getLogger("mrt_roadmap.webapp")


def issue(path: str, message: str, code: str = "invalid") -> Issue:
    """One entry of a problem body's ``problems`` list (for errors of the request itself)."""
    return issue_of(Problem(path, message, code))


def issue_of(problem: Problem) -> Issue:
    """A library problem as a ``problems`` entry: where (``path`` and ``parts``), what
    (``code``), and both wordings."""
    return {
        "path": problem.path,
        "parts": list(problem.parts),
        "code": problem.code,
        "message": problem.message,
        "learner_message": problem.learner_message,
    }


def render(planner: Planner, body: bytes, fmt: str) -> Rendered:
    """The planning job (run in the pool): read, validate, plan and export one profile.

    The body goes to the library as bytes (never taken for a path), read as a file is: UTF-8
    (a byte-order mark is dropped), no duplicate keys, NaN or Infinity, bounded nesting,
    strings and numbers. A bad profile raises a :class:`ProfileError` with every problem."""
    roadmap = planner.plan(body)
    name = FORMATS[fmt]
    media_type = next(f.media_type for f in mrt_roadmap.output_formats(planner) if f.name == name)
    if name == "json":
        media_type = JSON_TYPE  # every JSON answer of this app states its charset
    return media_type, mrt_roadmap.export(roadmap, name, planner=planner)


def linger(sock: socket.socket) -> None:
    """Half-close, then drop what the client still sends (bounded in time and bytes).

    Closing a socket with unread data makes the kernel reset the connection, and the client
    may lose the answer it has not read yet; this is the "lingering close" of Apache and nginx.
    """
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(LINGER_SECONDS)
        left = LINGER_BYTES
        while left > 0 and (chunk := sock.recv(min(left, 65536))):
            left -= len(chunk)
    except OSError:
        pass


class RoadmapServer(ThreadingHTTPServer):
    """An HTTP server that owns one planner and a bounded pool of threads that use it."""

    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(
        self,
        address: tuple[str, int],
        planner: Planner | None = None,
        *,
        quiet: bool = False,
        workers: int = WORKERS,
        max_queue: int = MAX_QUEUE,
        plan_timeout: float = PLAN_TIMEOUT,
        socket_timeout: float = SOCKET_TIMEOUT,
    ) -> None:
        if workers < 1 or max_queue < 0 or plan_timeout <= 0 or socket_timeout <= 0:
            raise ValueError("workers >= 1, max_queue >= 0 and positive time limits, please")
        self.planner = planner if planner is not None else Planner()
        self.quiet = quiet
        self.workers = workers
        self.max_queue = max_queue
        self.plan_timeout = plan_timeout
        self.socket_timeout = socket_timeout
        self._jobs = 0  # admitted and not finished: running or waiting for a thread
        self._jobs_lock = threading.Lock()
        super().__init__(address, RoadmapHandler)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mrt-plan")

    @property
    def jobs(self) -> int:
        """Planning jobs admitted and not finished (a timed-out job runs on until it ends)."""
        return self._jobs

    def submit(self, body: bytes, fmt: str) -> Future[Rendered] | None:
        """Start planning the profile in ``body``; ``None`` when every thread is busy and the queue is full."""
        with self._jobs_lock:
            if self._jobs >= self.workers + self.max_queue:
                return None
            self._jobs += 1
        try:
            future = self._pool.submit(render, self.planner, body, fmt)
        except RuntimeError:  # the pool is shut down: the server is stopping
            self._job_done()
            return None
        future.add_done_callback(self._job_done)
        return future

    def _job_done(self, _future: object = None) -> None:
        with self._jobs_lock:
            self._jobs -= 1

    def server_close(self) -> None:
        """Close the socket and stop the pool (queued jobs are cancelled, none is awaited)."""
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)


class RoadmapHandler(BaseHTTPRequestHandler):
    """Routes, checks and answers one connection's requests (HTTP/1.1 keep-alive)."""

    server: RoadmapServer
    server_version = "mrt-roadmap-example/1"
    protocol_version = "HTTP/1.1"

    # -- per-connection and per-request state ---------------------------------------------------
    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.socket_timeout)
        self._reset()
        self._linger = False

    def _reset(self) -> None:
        self._body_read = False
        self._expect_continue = False
        self._started = False

    def parse_request(self) -> bool:
        self._reset()
        return super().parse_request()

    def handle_expect_100(self) -> bool:
        """Defer ``100 Continue`` until the headers passed every check (see ``_read_body``)."""
        self._expect_continue = True
        return True

    def finish(self) -> None:
        super().finish()
        if self._linger:
            linger(self.connection)

    # -- methods ------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch(self._get)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._dispatch(self._post)

    def do_PUT(self) -> None:
        self._dispatch(self._route)

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT

    def _dispatch(self, action: Callable[[], object]) -> None:
        """Run ``action``; a bug is answered 500 (logged), a vanished client closes quietly."""
        try:
            action()
        except OSError:  # the client reset or stopped reading: nobody to answer
            self.close_connection = True
        except Exception:
            logger.exception("unexpected error answering %s %s", self.command, self.path)
            self._internal_error()

    def _route(self) -> str | None:
        """The path, if it exists and allows the method; else answers 404 or 405."""
        path = urlsplit(self.path).path
        allowed = ROUTES.get(path)
        if allowed is None:
            self._problem(
                HTTPStatus.NOT_FOUND, "not found", [issue("$", f"no resource {path[:200]}")]
            )
        elif self.command not in allowed:
            methods = ", ".join(allowed)
            self._problem(
                HTTPStatus.METHOD_NOT_ALLOWED,
                f"method {self.command} not allowed",
                [issue("$", f"{path} allows {methods}")],
                {"Allow": methods},
            )
        else:
            return path
        return None

    def _get(self) -> None:
        path = self._route()
        if path == "/healthz":
            self._send(HTTPStatus.OK, JSON_TYPE, json.dumps(self._health()) + "\n")
        elif path is not None:
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", USAGE)

    def _health(self) -> dict[str, Any]:
        host = self.server.planner.host
        return {
            "status": "ok",
            "version": __version__,
            "plugins": len(host.plugins),
            "plugin_failures": len(host.failures),
            "workers": self.server.workers,
            "max_queue": self.server.max_queue,
            "jobs": self.server.jobs,
        }

    # -- POST /roadmap ------------------------------------------------------------------------
    def _post(self) -> None:
        if self._route() is None:
            return
        fmt = parse_qs(urlsplit(self.path).query).get("format", ["json"])[-1]
        if fmt not in FORMATS:
            message = f"unknown format {fmt!r}; use json or html"
            self._problem(HTTPStatus.BAD_REQUEST, message, [issue("format", message)])
            return
        if not self._json_content_type():
            return
        length = self._content_length()
        body = None if length is None else self._read_body(length)
        if body is not None:
            self._plan(body, fmt)

    def _json_content_type(self) -> bool:
        """Whether the body is declared ``application/json`` in UTF-8; else answers 415."""
        media_type = self.headers.get_content_type()  # parses parameters and quoting
        charset = self.headers.get_content_charset()  # lower-cased, or None
        if media_type == "application/json" and charset in (None, "utf-8"):
            return True
        sent = self.headers.get("Content-Type", "(none)")
        self._problem(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "send the profile as application/json (UTF-8)",
            [issue("Content-Type", f"got {sent[:100]!r}; expected 'application/json'")],
        )
        return False

    def _content_length(self) -> int | None:
        """The announced body length; ``None`` after answering 411, 400 or 413."""
        values = {v.strip() for v in self.headers.get_all("Content-Length") or ()}
        if self.headers.get("Transfer-Encoding") is not None or not values:
            message = "send the profile with a Content-Length (chunked bodies are not supported)"
            self._problem(HTTPStatus.LENGTH_REQUIRED, message, [issue("Content-Length", message)])
            return None
        value = values.pop()
        if values or not LENGTH_RE.fullmatch(value):
            message = "expected one Content-Length of 1 to 16 decimal digits"
            self._problem(
                HTTPStatus.BAD_REQUEST, "bad Content-Length", [issue("Content-Length", message)]
            )
            return None
        length = int(value)
        if length > MAX_BODY:
            message = f"{length} bytes is more than the {MAX_BODY} accepted"
            self._problem(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"profile larger than {MAX_BODY} bytes",
                [issue("Content-Length", message)],
            )
            return None
        return length

    def _read_body(self, length: int) -> bytes | None:
        """The body; ``None`` after answering 408 (too slow) or 400 (cut short)."""
        if self._expect_continue:
            self.send_response_only(HTTPStatus.CONTINUE)
            self.end_headers()
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            silence = self.server.socket_timeout
            message = f"expected {length} bytes; the client sent nothing for {silence:g} s"
            self._problem(
                HTTPStatus.REQUEST_TIMEOUT, "the body came too slowly", [issue("$", message)]
            )
            return None
        if len(body) < length:
            message = f"expected {length} bytes, the connection ended after {len(body)}"
            self._problem(HTTPStatus.BAD_REQUEST, "the body is incomplete", [issue("$", message)])
            return None
        self._body_read = True
        return body

    def _plan(self, body: bytes, fmt: str) -> None:
        """Plan in the pool and answer the roadmap, or 503 when busy or out of time."""
        future = self.server.submit(body, fmt)
        if future is None:
            self._unavailable("the server is busy", "every planning thread and queue slot is taken")
            return
        done, _ = wait([future], timeout=self.server.plan_timeout)
        if not done:
            future.cancel()  # dropped if still queued; a running job ends on its own
            limit = self.server.plan_timeout
            self._unavailable("planning took too long", f"no roadmap within {limit:g} s")
            return
        try:
            media_type, text = future.result()
        except MrtRoadmapError as exc:
            self._library_error(exc)
        except Exception as exc:
            logger.error("planning failed for %s", self.path, exc_info=exc)
            self._internal_error()
        else:
            self._send(HTTPStatus.OK, media_type, text)

    def _library_error(self, exc: MrtRoadmapError) -> None:
        if isinstance(exc, InputError):
            title = (
                "the profile is invalid"
                if isinstance(exc, ProfileError)
                else f"{exc.what} is invalid"
            )
            problems = [issue_of(p) for p in exc.problems]
        else:
            title, problems = "the roadmap could not be planned", [issue("$", str(exc))]
        self._problem(HTTPStatus.BAD_REQUEST, title, problems)

    # -- answers ------------------------------------------------------------------------------
    def _unavailable(self, title: str, message: str) -> None:
        retry = str(max(1, math.ceil(self.server.plan_timeout)))
        self._problem(
            HTTPStatus.SERVICE_UNAVAILABLE, title, [issue("$", message)], {"Retry-After": retry}
        )

    def _internal_error(self) -> None:
        if self._started:  # the answer has begun: all we can do is close
            self.close_connection = True
            return
        self._problem(HTTPStatus.INTERNAL_SERVER_ERROR, "internal server error", [])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's own errors (bad request line, 414, 431, 501...) as JSON problems."""
        status = HTTPStatus(code)
        self.log_error("code %d, message %s", code, message)
        self.close_connection = True
        self._problem(status, message or status.phrase, [issue("$", explain or status.description)])

    def _problem(
        self,
        status: HTTPStatus,
        error: str,
        problems: list[Issue],
        headers: dict[str, str] | None = None,
    ) -> None:
        payload = {"error": error, "problems": problems}
        self._send(status, JSON_TYPE, json.dumps(payload, indent=2) + "\n", headers)

    def _send(
        self, status: HTTPStatus, media_type: str, text: str, headers: dict[str, str] | None = None
    ) -> None:
        data = text.encode("utf-8")
        self._started = True
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self._connection_header()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _connection_header(self) -> None:
        """Keep the connection only when the request was read whole and the client agrees."""
        if self._body_unread():
            self._linger = True
            self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")
        elif self.request_version == "HTTP/1.0":
            self.send_header("Connection", "keep-alive")

    def _body_unread(self) -> bool:
        headers = getattr(self, "headers", None)
        if headers is None or self._body_read:
            return False
        length = headers.get("Content-Length", "0").strip()
        return headers.get("Transfer-Encoding") is not None or length not in ("", "0")

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


def make_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    planner: Planner | None = None,
    *,
    quiet: bool = False,
    **limits: Any,
) -> RoadmapServer:
    """A ready server (port 0 picks a free port: see ``server.server_address``).

    ``limits``: ``workers``, ``max_queue``, ``plan_timeout``, ``socket_timeout``.
    """
    return RoadmapServer((host, port), planner, quiet=quiet, **limits)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=WORKERS, help="planning threads")
    parser.add_argument("--max-queue", type=int, default=MAX_QUEUE, help="jobs that may wait")
    parser.add_argument("--plan-timeout", type=float, default=PLAN_TIMEOUT, help="seconds")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    server = make_server(
        args.host,
        args.port,
        workers=args.workers,
        max_queue=args.max_queue,
        plan_timeout=args.plan_timeout,
    )
    print(f"Serving on http://{args.host}:{server.server_port}/roadmap (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
