from __future__ import annotations

import datetime as dt

from mrt_roadmap.terms import add_business_days, last_term_start, term_weeks, terms_from

D = dt.date


def test_business_days_skip_weekends():
    assert add_business_days(D(2026, 11, 26), 5) == D(2026, 12, 3)  # Thu -> next Thu
    assert add_business_days(D(2029, 1, 14), 5) == D(2029, 1, 19)  # Sunday start
    assert add_business_days(D(2026, 11, 27), 1) == D(2026, 11, 30)  # Fri -> Mon
    assert add_business_days(D(2026, 11, 27), 0) == D(2026, 11, 27)


def test_terms_in_order_from_a_date(core_planner):
    cal = core_planner.catalog.calendar("us_semester")
    it = terms_from(cal, D(2026, 11, 26))
    got = [next(it) for _ in range(4)]
    assert got == [
        ("spring", D(2027, 1, 14), D(2027, 5, 4)),
        ("summer", D(2027, 5, 18), D(2027, 8, 13)),
        ("fall", D(2027, 8, 25), D(2027, 12, 12)),
        ("spring", D(2028, 1, 14), D(2028, 5, 4)),
    ]
    assert next(terms_from(cal, D(2027, 8, 25)))[0] == "fall"  # a term starting that day counts


def test_term_weeks():
    assert round(term_weeks(D(2027, 5, 18), D(2027, 8, 13)), 2) == 12.57  # 88 days
    assert term_weeks(D(2027, 1, 14), D(2027, 5, 4)) > 15


def test_last_term_start(core_planner):
    cal = core_planner.catalog.calendar("us_semester")
    assert last_term_start(cal, D(2027, 5, 4)) == D(2027, 1, 14)
    assert last_term_start(cal, D(2027, 12, 12)) == D(2027, 8, 25)
    assert last_term_start(cal, D(2027, 8, 13)) == D(2027, 5, 18)
