"""The embedding example (examples/webapp): a real server on 127.0.0.1, real HTTP requests."""

from __future__ import annotations

import copy
import importlib.util
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mrt_roadmap.schemas import validate

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 20  # seconds per request: a hung server fails the test instead of hanging it


def load_app() -> Any:
    spec = importlib.util.spec_from_file_location("mrt_webapp", ROOT / "examples/webapp/app.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    from mrt_roadmap.testing import make_planner

    app = load_app()
    server = app.make_server("127.0.0.1", 0, make_planner(), quiet=True)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=TIMEOUT)


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
    return request(url, json.dumps(data).encode(), headers={"Content-Type": "application/json"})


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


def test_bad_profile_lists_problems_by_json_path(base_url, example):
    data = copy.deepcopy(example("demo-new-learner"))
    data["goals"]["credentials"] = ["NOPE"]
    data["availability"]["study_hours_per_week"] = "lots"
    status, ctype, body = post_json(f"{base_url}/roadmap?format=html", data)
    assert status == 400
    assert ctype == "application/json; charset=utf-8"
    answer = json.loads(body)
    assert answer["error"] == "the profile is invalid"
    paths = {p["path"] for p in answer["problems"]}
    assert "$.availability.study_hours_per_week" in paths
    assert all(set(p) == {"path", "message"} and p["message"] for p in answer["problems"])


def test_unknown_credential_is_a_400_with_its_path(base_url, example):
    data = copy.deepcopy(example("demo-new-learner"))
    data["goals"]["credentials"] = ["NOPE"]
    status, _, body = post_json(f"{base_url}/roadmap", data)
    assert status == 400
    problems = json.loads(body)["problems"]
    assert problems[0]["path"] == "$.goals.credentials[0]"
    assert "NOPE" in problems[0]["message"]


def test_not_json(base_url):
    status, _, body = request(f"{base_url}/roadmap", b"{not json")
    assert status == 400
    answer = json.loads(body)
    assert answer["error"] == "the body is not valid JSON"
    assert answer["problems"][0]["path"] == "$"


def test_other_errors(base_url, example):
    status, _, body = post_json(f"{base_url}/roadmap?format=pdf", example("demo-new-learner"))
    assert status == 400
    assert "unknown format 'pdf'" in json.loads(body)["error"]
    assert request(f"{base_url}/elsewhere", b"{}")[0] == 404
    assert request(f"{base_url}/roadmap", b"x" * 1_000_001)[0] == 413
    status, ctype, body = request(f"{base_url}/", method="GET")
    assert status == 200
    assert ctype.startswith("text/plain")
    assert b"POST a profile" in body
