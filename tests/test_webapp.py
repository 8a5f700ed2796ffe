"""The embedding example (examples/webapp): a real server on 127.0.0.1, real HTTP requests."""

from __future__ import annotations

import contextlib
import copy
import http.client
import importlib.util
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import webapp_load

from mrt_roadmap import hookimpl
from mrt_roadmap.planner import Planner
from mrt_roadmap.problem_codes import CODES
from mrt_roadmap.schemas import validate
from mrt_roadmap.testing import example_profile, make_planner

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 20  # seconds per request: a hung server fails the test instead of hanging it
JSON = {"Content-Type": "application/json"}


def load_app() -> Any:
    spec = importlib.util.spec_from_file_location("mrt_webapp", ROOT / "examples/webapp/app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Gate:
    """A plugin whose milestones hook blocks profiles named ``slow...`` until the gate opens,
    and fails (a plugin error, strict mode) for the profile ``plugin-fails``."""

    PLUGIN_NAME = "test-gate"

    def __init__(self) -> None:
        self.open = threading.Event()

    @hookimpl
    def mrt_roadmap_milestones(self, profile: Any) -> None:
        if profile.id.startswith("slow"):
            self.open.wait(timeout=10)
        if profile.id == "plugin-fails":
            raise ValueError("the plugin broke")


class ExplodingPlanner(Planner):
    """Raises an unexpected (non-library) exception for the profile ``boom``."""

    def plan(self, profile: Any, **options: Any) -> Any:
        if b'"id": "boom"' in profile:
            raise RuntimeError("secret internal detail")
        return super().plan(profile, **options)


GATE = Gate()


@pytest.fixture(scope="module")
def app() -> Any:
    return load_app()


@pytest.fixture(scope="module")
def planner() -> Planner:
    return ExplodingPlanner(make_planner(GATE).host)


@contextlib.contextmanager
def serving(app: Any, planner: Planner, **limits: Any) -> Iterator[tuple[str, int]]:
    server = app.make_server("127.0.0.1", 0, planner, quiet=True, **limits)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    try:
        yield host, port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def address(app: Any, planner: Planner) -> Iterator[tuple[str, int]]:
    """The server with its default limits."""
    with serving(app, planner) as addr:
        yield addr


@pytest.fixture
def base_url(address: tuple[str, int]) -> str:
    return "http://{}:{}".format(*address)


@pytest.fixture
def tight(app: Any, planner: Planner) -> Iterator[tuple[str, int]]:
    """A server with two planning threads, no queue, 0.3 s to plan, 0.5 s of client silence."""
    GATE.open.clear()
    try:
        with serving(
            app, planner, workers=2, max_queue=0, plan_timeout=0.3, socket_timeout=0.5
        ) as addr:
            yield addr
    finally:
        GATE.open.set()


def request(
    url: str, body: bytes | None = None, method: str = "POST", headers: dict[str, str] | None = None
) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers["Content-Type"], err.read()


def post_json(url: str, data: Any) -> tuple[int, str, bytes]:
    return request(url, json.dumps(data).encode(), headers=JSON)


def raw_answer(address: tuple[str, int], data: bytes, timeout: float = 5) -> tuple[int, Any, Any]:
    """Status, headers and JSON body of the answer to ``data``."""
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
    return response.status, response.headers, json.loads(body)


def post_head(length: str, content_type: str = "application/json") -> bytes:
    return (
        f"POST /roadmap HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode("latin-1")


def assert_problem(body: bytes, error_part: str, path: str | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(body)
    assert set(answer) == {"error", "problems"}
    assert error_part in answer["error"]
    keys = {"path", "parts", "code", "message", "learner_message"}
    assert all(set(p) == keys for p in answer["problems"])
    assert all(p["code"] in CODES for p in answer["problems"])
    if path is not None:
        assert path in {p["path"] for p in answer["problems"]}
    return answer


# -- 200 ---------------------------------------------------------------------------------------
def test_roadmap_as_json(base_url, example):
    status, ctype, body = post_json(
        f"{base_url}/roadmap?format=json", example("p5-working-rhit-to-rhia")
    )
    assert status == 200
    assert ctype == "application/json; charset=utf-8"
    data = json.loads(body)
    assert validate("roadmap", data) == []
    assert data["profile_id"] == "p5-working-rhit-to-rhia"
    assert data["goals"][0]["reached_on"] == "2031-12-12"


def test_json_is_the_default(base_url, example):
    status, _, body = post_json(f"{base_url}/roadmap", example("demo-new-learner"))
    assert status == 200
    assert json.loads(body)["profile_id"] == "demo-new-learner"


def test_roadmap_as_html_fragment(base_url, example):
    data = copy.deepcopy(example("p5-working-rhit-to-rhia"))
    data["name"] = "<script>alert(1)</script>"
    status, ctype, body = post_json(f"{base_url}/roadmap?format=html", data)
    assert status == 200
    assert ctype == "text/html; charset=utf-8"
    html = body.decode("utf-8")
    assert html.startswith('<section class="mrt-roadmap"')
    assert '<svg class="mrt-timeline"' in html
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", 'Application/JSON; Charset="UTF-8"']
)
def test_content_type_parameters_are_parsed(base_url, example, content_type):
    body = json.dumps(example("demo-new-learner")).encode()
    status, _, _ = request(f"{base_url}/roadmap", body, headers={"Content-Type": content_type})
    assert status == 200


def test_health(base_url):
    status, ctype, body = request(f"{base_url}/healthz", method="GET")
    assert status == 200
    assert ctype == "application/json; charset=utf-8"
    health = json.loads(body)
    assert health["status"] == "ok"
    assert health["plugins"] >= 2  # the built-ins and the test gate
    assert health["version"]
    assert health["workers"] >= 1


def test_usage_page(base_url):
    status, ctype, body = request(f"{base_url}/", method="GET")
    assert status == 200
    assert ctype.startswith("text/plain")
    assert b"POST a profile" in body


def test_head_has_length_but_no_body(address):
    conn = http.client.HTTPConnection(*address, timeout=TIMEOUT)
    conn.request("HEAD", "/healthz")
    response = conn.getresponse()
    assert response.status == 200
    assert int(response.headers["Content-Length"]) > 0
    assert response.read() == b""
    conn.close()


def test_keep_alive_reuses_the_connection(address, example):
    conn = http.client.HTTPConnection(*address, timeout=TIMEOUT)
    conn.request("GET", "/healthz")
    first = conn.getresponse()
    assert first.status == 200
    first.read()
    sock = conn.sock
    assert sock is not None
    assert first.headers["Connection"] is None  # HTTP/1.1: kept open
    body = json.dumps(example("demo-new-learner")).encode()
    conn.request("POST", "/roadmap", body, JSON)
    second = conn.getresponse()
    assert second.status == 200
    assert json.loads(second.read())["profile_id"] == "demo-new-learner"
    assert conn.sock is sock  # the same connection served both
    conn.close()


def test_an_unread_body_closes_the_connection(address):
    conn = http.client.HTTPConnection(*address, timeout=TIMEOUT)
    conn.request("POST", "/roadmap", b"{}", {"Content-Type": "text/plain"})
    response = conn.getresponse()
    assert response.status == 415
    assert response.headers["Connection"] == "close"
    response.read()
    conn.close()


# -- 400 ---------------------------------------------------------------------------------------
def test_bad_profile_lists_problems_by_json_path(base_url, example):
    data = copy.deepcopy(example("demo-new-learner"))
    data["goals"]["credentials"] = ["NOPE"]
    data["availability"]["study_hours_per_week"] = "lots"
    status, ctype, body = post_json(f"{base_url}/roadmap?format=html", data)
    assert status == 400
    assert ctype == "application/json; charset=utf-8"
    answer = assert_problem(body, "the profile is invalid", "$.availability.study_hours_per_week")
    assert all(p["message"] for p in answer["problems"])


def test_unknown_credential_is_a_400_with_its_path(base_url, example):
    data = copy.deepcopy(example("demo-new-learner"))
    data["goals"]["credentials"] = ["NOPE"]
    status, _, body = post_json(f"{base_url}/roadmap", data)
    assert status == 400
    problems = json.loads(body)["problems"]
    assert problems[0]["path"] == "$.goals.credentials[0]"
    assert "NOPE" in problems[0]["message"]


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        (b"{not json", "$", "not valid JSON"),
        (b'{"id": "\xff"}', "$", "not UTF-8"),
        (b'{"id": NaN}', "$.id", "NaN is not a JSON number"),
        (b"[" * 100_000 + b"]" * 100_000, "$", "nested deeper than"),
        (b'{"id": ' + b"7" * 5_000 + b"}", "$.id", "5,000 digits"),
        (b'{"id": "a", "id": "b"}', "$", "appears more than once"),
    ],
    ids=["syntax", "not-utf8", "nan", "deep", "huge-int", "duplicate-key"],
)
def test_not_json(base_url, body, path, message):
    """The library reads the body as it reads a file: each problem by JSON path."""
    status, _, answer = request(f"{base_url}/roadmap", body, headers=JSON)
    assert status == 400
    problem = assert_problem(answer, "the profile is invalid", path)["problems"][0]
    assert message in problem["message"]


def test_library_errors_are_400(base_url, example):
    data = {**example("demo-new-learner"), "id": "plugin-fails"}
    status, _, body = post_json(f"{base_url}/roadmap", data)
    assert status == 400
    answer = assert_problem(body, "could not be planned", "$")
    assert "the plugin broke" in answer["problems"][0]["message"]


def test_unknown_format(base_url, example):
    status, _, body = post_json(f"{base_url}/roadmap?format=pdf", example("demo-new-learner"))
    assert status == 400
    assert "unknown format 'pdf'" in assert_problem(body, "unknown format", "format")["error"]


@pytest.mark.parametrize(
    "length",
    ["9" * 5_000, "1e3", "-1", "0x10", "\u00b2", "1 2"],
    ids=["5000-digits", "float", "negative", "hex", "superscript-two", "two-numbers"],
)
def test_bad_content_length_is_400(address, length):
    start = time.monotonic()
    status, headers, answer = raw_answer(address, post_head(length))
    assert status == 400
    assert answer["problems"][0]["path"] == "Content-Length"
    assert headers["Connection"] == "close"
    assert int(headers["Content-Length"]) > 0
    assert time.monotonic() - start < 3


def test_conflicting_content_lengths_are_400(address):
    head = post_head("2").replace(b"\r\n\r\n", b"\r\nContent-Length: 3\r\n\r\n")
    status, _, answer = raw_answer(address, head + b"{}")
    assert status == 400
    assert answer["problems"][0]["path"] == "Content-Length"


# -- 404, 405, 501 -----------------------------------------------------------------------------
def test_unknown_path_is_404(base_url):
    status, ctype, body = request(f"{base_url}/elsewhere", b"{}", headers=JSON)
    assert status == 404
    assert ctype == "application/json; charset=utf-8"
    assert_problem(body, "not found", "$")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("PUT", "/roadmap", "GET, HEAD, POST"), ("POST", "/healthz", "GET, HEAD")],
)
def test_wrong_method_is_405_with_allow(address, method, path, allow):
    conn = http.client.HTTPConnection(*address, timeout=TIMEOUT)
    conn.request(method, path, b"{}", JSON)
    response = conn.getresponse()
    assert response.status == 405
    assert response.headers["Allow"] == allow
    assert_problem(response.read(), f"method {method} not allowed", "$")
    conn.close()


def test_unknown_method_is_a_json_501(address):
    status, headers, answer = raw_answer(address, b"BREW /roadmap HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 501
    assert headers["Connection"] == "close"
    assert "Unsupported method" in answer["error"]


# -- 408, 411, 413, 415 ------------------------------------------------------------------------
def test_body_shorter_than_announced_is_408_after_the_socket_timeout(tight):
    start = time.monotonic()
    status, headers, answer = raw_answer(tight, post_head("100") + b'{"id": "x"')
    elapsed = time.monotonic() - start
    assert status == 408
    assert headers["Connection"] == "close"
    assert "expected 100 bytes" in answer["problems"][0]["message"]
    assert 0.4 <= elapsed < 3


def test_missing_content_length_is_411(address):
    head = b"POST /roadmap HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n"
    status, _, answer = raw_answer(address, head)
    assert status == 411
    assert answer["problems"][0]["path"] == "Content-Length"


def test_chunked_body_is_411(address):
    head = (
        b"POST /roadmap HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"
    )
    status, headers, _ = raw_answer(address, head)
    assert status == 411
    assert headers["Connection"] == "close"


def test_too_large_is_413_without_reading_the_body(address):
    start = time.monotonic()
    status, headers, answer = raw_answer(address, post_head("1000001"))  # and no body at all
    assert status == 413
    assert headers["Connection"] == "close"
    assert "1000001 bytes" in answer["problems"][0]["message"]
    assert time.monotonic() - start < 3


def test_too_large_body_sent_anyway_still_gets_its_413(base_url):
    status, _, body = request(f"{base_url}/roadmap", b"x" * 1_000_001, headers=JSON)
    assert status == 413
    assert_problem(body, "larger than", "Content-Length")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/json; charset=latin-1"},
        {"Content-Type": "application/jsonx"},
    ],
    ids=["none", "text", "latin-1", "jsonx"],
)
def test_wrong_content_type_is_415(base_url, example, headers):
    body = json.dumps(example("demo-new-learner")).encode()
    status, _, answer = request(f"{base_url}/roadmap", body, headers=headers)
    assert status == 415
    assert_problem(answer, "application/json", "Content-Type")


# -- 500, 503 ----------------------------------------------------------------------------------
def test_unexpected_exception_is_a_generic_500(base_url, example, caplog):
    with caplog.at_level(logging.ERROR, logger="mrt_roadmap.webapp"):
        status, ctype, body = post_json(
            f"{base_url}/roadmap", {**example("demo-new-learner"), "id": "boom"}
        )
    assert status == 500
    assert ctype == "application/json; charset=utf-8"
    assert json.loads(body) == {"error": "internal server error", "problems": []}
    assert b"secret" not in body
    assert b"Traceback" not in body
    assert any(r.exc_info and "secret" in str(r.exc_info[1]) for r in caplog.records)


def slow_profile(name: str = "slow") -> dict[str, Any]:
    return {**example_profile("demo-new-learner"), "id": name}


def wait_for_jobs(url: str, jobs: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while json.loads(request(f"{url}/healthz", method="GET")[2])["jobs"] != jobs:
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_a_plan_out_of_time_is_503_and_others_are_still_served(tight):
    url = "http://{}:{}".format(*tight)
    start = time.monotonic()
    status, _, body = post_json(f"{url}/roadmap", slow_profile())
    assert status == 503
    assert time.monotonic() - start < 2  # 0.3 s time limit, not the hook's 10 s
    assert_problem(body, "planning took too long", "$")
    # the slow job still holds one thread; the other serves normal requests
    status, _, body = post_json(f"{url}/roadmap", example_profile("demo-new-learner"))
    assert status == 200
    assert json.loads(body)["profile_id"] == "demo-new-learner"
    wait_for_jobs(url, 1)


def test_503_has_retry_after(tight):
    conn = http.client.HTTPConnection(*tight, timeout=TIMEOUT)
    conn.request("POST", "/roadmap", json.dumps(slow_profile()).encode(), JSON)
    response = conn.getresponse()
    assert response.status == 503
    assert response.headers["Retry-After"] == "1"
    assert response.headers["Connection"] is None  # the body was read: the connection stays
    response.read()
    conn.request("GET", "/healthz")
    assert conn.getresponse().status == 200
    conn.close()


def test_a_full_pool_and_queue_is_503_at_once_until_jobs_end(tight):
    url = "http://{}:{}".format(*tight)
    for name in ("slow-1", "slow-2"):  # both threads stay busy after their requests time out
        assert post_json(f"{url}/roadmap", slow_profile(name))[0] == 503
    status, _, body = post_json(f"{url}/roadmap", example_profile("demo-new-learner"))
    assert status == 503
    assert_problem(body, "the server is busy", "$")  # refused at once, not queued
    GATE.open.set()
    wait_for_jobs(url, 0)
    assert post_json(f"{url}/roadmap", example_profile("demo-new-learner"))[0] == 200


# -- load --------------------------------------------------------------------------------------
def test_load_500_requests_from_32_clients(address):
    names = ["demo-new-learner", "p1-career-changer-rhia", "p5-working-rhit-to-rhia"]
    jobs = webapp_load.mixed_jobs([example_profile(n) for n in names], total=500)
    report = webapp_load.run(*address, jobs, clients=32)
    assert report.errors == []
    assert sum(report.statuses.values()) == 500
    assert report.statuses == {200: 450, 400: 50}


def test_one_400_lists_every_problem_with_its_code(base_url, example):
    """Shape and meaning at once: a form is marked in one round trip."""
    data = example("p5-working-rhit-to-rhia")
    data["availability"]["study_hours_per_week"] = 100
    data["goals"]["credentials"] = ["RHIA", "RHIX"]
    data["colour"] = "red"
    status, _, body = post_json(f"{base_url}/roadmap", data)
    assert status == 400
    answer = assert_problem(body, "the profile is invalid")
    found = {(p["path"], p["code"]) for p in answer["problems"]}
    assert found == {
        ("$.availability.study_hours_per_week", "range"),
        ("$.goals.credentials[1]", "unknown-credential"),
        ("$.colour", "unknown-key"),
    }
    hours = next(p for p in answer["problems"] if p["code"] == "range")
    assert hours["parts"] == ["availability", "study_hours_per_week"]
    assert hours["learner_message"] == "This number should be at most 80."
