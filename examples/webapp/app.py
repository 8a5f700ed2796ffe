"""A small web app that embeds mrt-roadmap, using only the standard library (http.server).

    python examples/webapp/app.py --port 8000
    curl -X POST --data-binary @examples/profiles/p5-working-rhit-to-rhia.json \
         'http://127.0.0.1:8000/roadmap?format=html'

``POST /roadmap?format=json|html`` takes a profile (JSON body) and answers the roadmap as JSON
or as the embeddable HTML fragment. A bad profile is answered with ``400`` and a JSON body
``{"error": ..., "problems": [{"path": "$.goals.credentials[0]", "message": ...}]}``.
The planner is built once, at start-up. It binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mrt_roadmap.errors import InputError, MrtRoadmapError, ProfileError
from mrt_roadmap.formats.html import to_html_fragment
from mrt_roadmap.formats.json_format import to_json
from mrt_roadmap.planner import Planner
from mrt_roadmap.profile import profile_from_dict
from mrt_roadmap.roadmap import Roadmap

MAX_BODY = 1_000_000  # bytes; a profile is a few kB
FORMATS: dict[str, tuple[str, Callable[[Roadmap], str]]] = {
    "json": ("application/json; charset=utf-8", to_json),
    "html": ("text/html; charset=utf-8", to_html_fragment),
}
USAGE = (
    "POST a profile (JSON) to /roadmap?format=json or /roadmap?format=html.\n"
    "Bad profiles get 400 with a JSON list of problems by JSON path.\n"
)


class RoadmapServer(ThreadingHTTPServer):
    """An HTTP server that owns one planner, built once and shared by every request."""

    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], planner: Planner | None = None, *, quiet: bool = False
    ) -> None:
        self.planner = planner if planner is not None else Planner()
        self.quiet = quiet
        # The planner memoises term plans in a shared cache; one lock keeps it simple and safe.
        self.plan_lock = threading.Lock()
        super().__init__(address, RoadmapHandler)


class RoadmapHandler(BaseHTTPRequestHandler):
    server: RoadmapServer
    server_version = "mrt-roadmap-example/1"
    timeout = 30  # seconds a client may take to send its request

    def do_GET(self) -> None:
        if urlsplit(self.path).path in ("/", "/roadmap"):
            self._send(HTTPStatus.OK, "text/plain; charset=utf-8", USAGE)
        else:
            self._error(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/roadmap":
            self._error(HTTPStatus.NOT_FOUND, "not found; POST to /roadmap")
            return
        fmt = parse_qs(url.query).get("format", ["json"])[-1]
        if fmt not in FORMATS:
            self._error(HTTPStatus.BAD_REQUEST, f"unknown format {fmt!r}; use json or html")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._error(HTTPStatus.LENGTH_REQUIRED, "send the profile with a Content-Length")
            return
        if int(length) > MAX_BODY:
            self._discard(int(length))
            self._error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"profile larger than {MAX_BODY} bytes"
            )
            return
        body = self.rfile.read(int(length))
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._error(
                HTTPStatus.BAD_REQUEST,
                "the body is not valid JSON",
                [{"path": "$", "message": str(exc)}],
            )
            return
        try:
            profile = profile_from_dict(data)
            with self.server.plan_lock:
                roadmap = self.server.planner.plan(profile)
        except ProfileError as exc:
            self._error(
                HTTPStatus.BAD_REQUEST,
                "the profile is invalid",
                [{"path": p.path, "message": p.message} for p in exc.problems],
            )
            return
        except InputError as exc:
            self._error(
                HTTPStatus.BAD_REQUEST,
                exc.what + " is invalid",
                [{"path": p.path, "message": p.message} for p in exc.problems],
            )
            return
        except MrtRoadmapError as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
            return
        media_type, export = FORMATS[fmt]
        self._send(HTTPStatus.OK, media_type, export(roadmap))

    def _discard(self, length: int) -> None:
        """Read (and drop) a too-large body so the client sees the answer, not a reset; a body
        far too large is not read and the connection is closed after the answer."""
        self.close_connection = True
        if length > 8 * MAX_BODY:
            return
        while length > 0:
            chunk = self.rfile.read(min(length, 65536))
            if not chunk:
                break
            length -= len(chunk)

    def _error(
        self, status: HTTPStatus, message: str, problems: list[dict[str, str]] | None = None
    ) -> None:
        payload: dict[str, Any] = {"error": message, "problems": problems or []}
        self._send(status, "application/json; charset=utf-8", json.dumps(payload, indent=2) + "\n")

    def _send(self, status: HTTPStatus, media_type: str, text: str) -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)


def make_server(
    host: str = "127.0.0.1",
    port: int = 8000,
    planner: Planner | None = None,
    *,
    quiet: bool = False,
) -> RoadmapServer:
    """A ready server (port 0 picks a free port: see ``server.server_address``)."""
    return RoadmapServer((host, port), planner, quiet=quiet)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = make_server(args.host, args.port)
    print(f"Serving on http://{args.host}:{server.server_port}/roadmap (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
