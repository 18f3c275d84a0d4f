"""Workspace links: a signed credential per group; forged, other-group and expired are refused."""

import stat
import time
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from course.config import load_config
from course.practicum import links
from course.practicum.links import AccessRefused, verify, workspace_links

BASE = "http://localhost:8866/voila/render/workspace.ipynb"


@pytest.fixture
def config():
    return load_config()


@pytest.fixture
def urls(config, tmp_path):
    return workspace_links(config, tmp_path, BASE)


def _query(url):
    return urlsplit(url).query


def test_one_link_per_configured_group(config, urls):
    assert list(urls) == [g.id for g in config.roster.groups]
    for group_id, url in urls.items():
        assert url.startswith(BASE + "?")
        assert parse_qs(_query(url))["group"] == [group_id]


def test_a_base_url_with_a_query_gets_the_credential_appended(config, tmp_path):
    url = workspace_links(config, tmp_path, BASE + "?theme=light")["g1"]
    assert url.startswith(BASE + "?theme=light&group=g1&key=")
    assert verify(tmp_path, _query(url)) == "g1"


def test_each_link_opens_its_own_group(tmp_path, urls):
    for group_id, url in urls.items():
        assert verify(tmp_path, _query(url)) == group_id


def test_credentials_are_unguessable_and_differ_per_group(urls):
    keys = {parse_qs(_query(u))["key"][0] for u in urls.values()}
    assert len(keys) == len(urls)
    assert all(len(k.partition(".")[2]) >= 43 for k in keys)  # 256-bit signature


def test_secret_is_created_once_with_mode_0600(config, tmp_path, urls):
    path = links.secret_path(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    assert workspace_links(config, tmp_path, BASE) == urls  # same secret, same links
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind


def test_other_group_credential_is_refused(tmp_path, urls):
    g1_key = parse_qs(_query(urls["g1"]))["key"][0]
    with pytest.raises(AccessRefused):
        verify(tmp_path, f"group=g2&key={g1_key}")


def test_forged_credentials_are_refused(tmp_path, urls):
    expires, _, signature = parse_qs(_query(urls["g1"]))["key"][0].partition(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    forged = [
        f"group=g1&key={expires}.{flipped}",                 # tampered signature
        f"group=g1&key={int(expires) + 86400}.{signature}",  # extended expiry
        "group=g1&key=",                                     # empty
        "group=g1",                                          # no key
        "",                                                  # nothing
        f"group=g1&key={expires}.{signature}&group=g2",      # two groups
        f"group=g1&key=soon.{signature}",                    # malformed expiry
    ]
    for query in forged:
        with pytest.raises(AccessRefused):
            verify(tmp_path, query)


def test_a_credential_signed_with_another_secret_is_refused(config, tmp_path):
    elsewhere = workspace_links(config, tmp_path / "other-course", BASE)["g1"]
    workspace_links(config, tmp_path, BASE)
    with pytest.raises(AccessRefused):
        verify(tmp_path, _query(elsewhere))


def test_expired_credential_is_refused(tmp_path, config):
    past = int(time.time()) - 1
    url = workspace_links(config, tmp_path, BASE, expires=past)["g1"]
    with pytest.raises(AccessRefused, match="expired"):
        verify(tmp_path, _query(url))
    soon = int(time.time()) + 60
    url = workspace_links(config, tmp_path, BASE, expires=soon)["g1"]
    assert verify(tmp_path, _query(url)) == "g1"
    with pytest.raises(AccessRefused, match="expired"):
        verify(tmp_path, _query(url), now=soon)


def test_no_secret_means_no_access(tmp_path):
    with pytest.raises(AccessRefused):
        verify(tmp_path, "group=g1&key=1.abc")
    assert not links.secret_path(tmp_path).exists()  # verifying never creates a secret


def test_default_expiry_covers_the_practicum_and_two_weeks_from_now(config):
    last = config.practicum.start + timedelta(days=config.practicum.days + 14)
    expected = datetime.combine(last, datetime.min.time(), tzinfo=config.zone).timestamp()
    assert links.default_expiry(config, now=0) == expected
    later = 10**10
    assert links.default_expiry(config, now=later) == later + 14 * 86400
