"""Arabic counted nouns and the web settings table."""

from __future__ import annotations

import pytest

from qawl.errors import ConfigError
from qawl.web.arabic import count, iso_date
from qawl.web.settings import WebSettings


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 تصريح"),
        (1, "تصريح واحد"),
        (2, "تصريحان"),
        (3, "3 تصريحات"),
        (10, "10 تصريحات"),
        (11, "11 تصريحًا"),
        (99, "99 تصريحًا"),
        (100, "100 تصريح"),
        (103, "103 تصريحات"),
        (1250, "1,250 تصريحًا"),
    ],
)
def test_counted_statements(n: int, text: str) -> None:
    assert count(n, "statement") == text


def test_counted_articles_and_speakers() -> None:
    assert count(5, "article") == "5 مقالات"
    assert count(1, "article") == "مقال واحد"
    assert count(12, "speaker") == "12 متحدثًا"


def test_settings_from_environment() -> None:
    env = {"QAWL_WEB_MAX_BODY_BYTES": "1024", "QAWL_WEB_READ_ONLY": "yes", "QAWL_WEB_TOKEN": "abc"}
    s = WebSettings.from_env(env)
    assert (s.max_body_bytes, s.read_only, s.token) == (1024, True, "abc")
    assert WebSettings.from_env(env, max_body_bytes=5).max_body_bytes == 5
    assert WebSettings.from_env({}) == WebSettings()


@pytest.mark.parametrize(
    "env",
    [
        {"QAWL_WEB_MAX_BODY_BYTES": "lots"},
        {"QAWL_WEB_READ_ONLY": "perhaps"},
        {"QAWL_WEB_MAX_PER_PAGE": "0"},
        {"QAWL_WEB_MAX_PER_PAGE": "100000"},
        {"QAWL_WEB_TOKEN": "   "},
    ],
)
def test_bad_settings_are_config_errors(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        WebSettings.from_env(env)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00+03:00", "2024-03-05"),
        ("2024-03", "2024-03"),
        ("Wed, 07 Mar 2018 10:21:00 GMT", "2018-03-07"),
        ("أمس", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(value: str | None, day: str | None) -> None:
    assert iso_date(value) == day
