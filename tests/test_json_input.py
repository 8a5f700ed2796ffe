"""Untrusted JSON input: limits, encodings, duplicate keys and numbers, each reported by path."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from mrt_roadmap import json_input
from mrt_roadmap.errors import MrtRoadmapError, ProfileError
from mrt_roadmap.profile import load_profile, profile_from_bytes, profile_from_dict


def problems(text: str) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in json_input.parse(text)[1]]


def test_duplicate_keys_are_named_with_their_object_path():
    found = problems('{"a": {"b": 1, "b": 2, "c": 3, "c": 4}, "d": 1}')
    assert found == [
        ("$.a", "key 'b' appears more than once"),
        ("$.a", "key 'c' appears more than once"),
    ]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_numbers(constant):
    assert problems(f'{{"x": [1, {constant}]}}') == [
        ("$.x[1]", f"{constant} is not a JSON number; use a finite number")
    ]


def test_a_float_that_overflows_is_not_finite():
    assert problems('{"x": 1e999}') == [("$.x", "inf: not a finite number (or too large)")]


def test_huge_integers_are_out_of_range_without_converting_them():
    assert problems('{"x": ' + "9" * 5000 + "}") == [
        ("$.x", "an integer of 5,000 digits is out of range")
    ]
    assert problems('{"x": ' + "9" * json_input.MAX_INT_DIGITS + "}") == []


def test_nesting_is_bounded_whether_or_not_the_parser_recurses_that_deep():
    at_limit = "[" * json_input.MAX_DEPTH + "]" * json_input.MAX_DEPTH
    assert problems(at_limit) == []
    over = "[" * (json_input.MAX_DEPTH + 2) + "]" * (json_input.MAX_DEPTH + 2)
    assert problems(over)[0][1] == f"nested deeper than {json_input.MAX_DEPTH} levels"
    assert problems("[" * 100_000 + "]" * 100_000) == [
        ("$", f"nested deeper than {json_input.MAX_DEPTH} levels")
    ]


def test_strings_and_arrays_are_bounded():
    long = "x" * (json_input.MAX_STRING_CHARS + 1)
    assert problems(json.dumps({"name": long})) == [
        ("$.name", f"{len(long):,} characters; at most {json_input.MAX_STRING_CHARS:,}")
    ]
    many = json.dumps({"a": list(range(json_input.MAX_ITEMS + 1))})
    assert problems(many) == [("$.a", "10,001 items; at most 10,000")]


def test_lone_surrogates_are_not_valid_unicode():
    assert problems('{"name": "a\\ud800b"}')[0][0] == "$.name"
    assert "not valid Unicode" in problems('{"\\udfff": 1}')[0][1]


def test_odd_keys_are_quoted_in_paths():
    assert problems('{"a b": NaN}')[0][0] == "$['a b']"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("é".encode("latin-1"), "not UTF-8 text: byte 0xe9 at offset 0"),
        ("{}".encode("utf-16"), "the file is UTF-16"),
        ("{}".encode("utf-32"), "the file is UTF-32"),
        ("{}".encode("utf-16-be"), "holds NUL bytes"),
    ],
)
def test_other_encodings_are_named(data, message):
    text, found = json_input.decode(data)
    assert text is None
    assert found[0].message.startswith(message)


def test_a_utf8_byte_order_mark_is_accepted(example):
    raw = b"\xef\xbb\xbf" + json.dumps(example("p5-working-rhit-to-rhia")).encode()
    assert profile_from_bytes(raw).id == "p5-working-rhit-to-rhia"


def test_reading_stops_past_the_limit():
    stream = io.BytesIO(b" " * (json_input.MAX_INPUT_BYTES + 10))
    assert json_input.read_limited(stream) is None
    assert stream.tell() == json_input.MAX_INPUT_BYTES + 1
    with pytest.raises(ProfileError, match="larger than"):
        profile_from_bytes(None)


def test_a_device_of_endless_bytes_is_refused_without_reading_it_all():
    with pytest.raises(ProfileError, match="larger than"):
        load_profile("/dev/zero")


def test_python_mappings_are_held_to_the_same_limits(example):
    data = example("p5-working-rhit-to-rhia")
    data["availability"]["study_hours_per_week"] = float("nan")
    data["experience"][0]["months"] = 10**5000
    data["plugins"] = {1: "not a string key"}
    with pytest.raises(ProfileError) as info:
        profile_from_dict(data)
    assert sorted(p.path for p in info.value.problems) == [
        "$.availability.study_hours_per_week",
        "$.experience[0].months",
        "$.plugins",
    ]


@pytest.mark.parametrize(
    "source", [None, 42, b"\xff{}", b"[]", ["a"], "no/such/file.json", "bad\x00path"]
)
def test_load_profile_raises_only_its_own_errors(source):
    with pytest.raises(ProfileError) as info:
        load_profile(source)
    assert info.value.problems[0].path == "$"


def test_echoed_values_are_cut_short(core_planner, example):
    data = example("p5-working-rhit-to-rhia")
    data["goals"]["credentials"] = ["R" * 5000]
    with pytest.raises(ProfileError) as info:
        profile_from_dict(data)
    assert len(str(info.value)) < 500
    assert "5,000 characters" in str(info.value)


def test_many_problems_are_listed_briefly_but_kept_whole(example):
    data = example("p5-working-rhit-to-rhia")
    data["goals"]["credentials"] = [1] * 60
    with pytest.raises(ProfileError) as info:
        profile_from_dict(data)
    assert len(info.value.problems) > 50
    assert "more" in str(info.value).splitlines()[-1]


@pytest.mark.parametrize(
    ("as_of", "horizon", "path"),
    [
        (dt.date(9999, 12, 31), None, "as_of (argument)"),
        (dt.date(1899, 12, 31), None, "as_of (argument)"),
        (None, 0, "horizon_years (argument)"),
        (None, 31, "horizon_years (argument)"),
        (None, 2.5, "horizon_years (argument)"),
        ("2026-01-01", None, "as_of (argument)"),
        (dt.datetime(2026, 1, 1), None, "as_of (argument)"),
    ],
)
def test_the_library_checks_its_arguments(core_planner, example, as_of, horizon, path):
    profile = profile_from_dict(example("p5-working-rhit-to-rhia"))
    with pytest.raises(MrtRoadmapError) as info:
        core_planner.plan(profile, as_of=as_of, horizon_years=horizon)
    assert isinstance(info.value, ProfileError)
    assert path in [p.path for p in info.value.problems]


def test_the_planner_accepts_the_same_inputs_as_load_profile(core_planner, example):
    data = example("p5-working-rhit-to-rhia")
    assert core_planner.plan(data) == core_planner.plan(json.dumps(data))
