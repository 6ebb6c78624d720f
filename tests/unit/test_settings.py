"""runtime.settings: what the environment sets, and the local servers built from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import runtime.settings as settings_module
from graph.config import DEV_PASSWORD
from runtime.settings import VARIABLES, Settings


def test_defaults_point_at_the_local_demo_server(tmp_path):
    settings = Settings.from_env({})
    assert settings.neo4j.uri == "bolt://127.0.0.1:7687"
    assert not settings.external_neo4j
    assert settings.neo4j_state_dir == settings.home / ".neo4j"
    # the demo home's generated password; a home from before generated ones: the old one
    assert Settings.from_env({"REFERRALS_STATE_DIR": str(tmp_path)}).neo4j.password == DEV_PASSWORD
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "password").write_text("generated-for-this-home\n")
    assert Settings.from_env({"REFERRALS_STATE_DIR": str(tmp_path)}).neo4j.password == \
        "generated-for-this-home"
    # never sent to a server named by NEO4J_URI
    assert Settings.from_env({"REFERRALS_STATE_DIR": str(tmp_path),
                              "NEO4J_URI": "bolt://db:7687"}).neo4j.password == DEV_PASSWORD


def test_neo4j_variables():
    settings = Settings.from_env({"NEO4J_URI": "neo4j://db:7687", "NEO4J_USERNAME": "app",
                                  "NEO4J_PASSWORD": "s3cret", "NEO4J_DATABASE": "refs"})
    assert (settings.neo4j.uri, settings.neo4j.user, settings.neo4j.database) == (
        "neo4j://db:7687", "app", "refs")
    assert settings.external_neo4j
    assert "s3cret" not in repr(settings) and "s3cret" not in repr(settings.neo4j)
    assert Settings.from_env({"NEO4J_USER": "a", "NEO4J_USERNAME": "b"}).neo4j.user == "a"


def test_home_and_state_dir(tmp_path):
    settings = Settings.from_env({"REFERRALS_HOME": str(tmp_path)})
    assert settings.home == tmp_path.resolve()
    assert settings.neo4j_state_dir == tmp_path.resolve() / ".neo4j"
    elsewhere = Settings.from_env({"REFERRALS_HOME": str(tmp_path), "REFERRALS_STATE_DIR": "/srv/neo4j"})
    assert elsewhere.neo4j_state_dir == Path("/srv/neo4j")


def test_a_local_server_takes_its_place_and_memory_from_the_settings(tmp_path):
    plain = Settings.from_env({"REFERRALS_STATE_DIR": str(tmp_path)})
    server = plain.local_neo4j("demo", 7687)
    assert server.home == tmp_path / "demo"
    assert (server.heap, server.pagecache) == ("1g", "512m")  # the server's own defaults
    assert plain.local_neo4j("bench", 7689, heap="2g").heap == "2g"
    sized = Settings.from_env({"REFERRALS_STATE_DIR": str(tmp_path), "NEO4J_HEAP": "3g",
                               "NEO4J_PAGECACHE": "2g"})
    assert (sized.local_neo4j("demo", 7687).heap, sized.local_neo4j("demo", 7687).pagecache) == ("3g", "2g")
    assert sized.local_neo4j("test", 7688, heap="768m").heap == "768m"  # a size given wins


def test_the_local_server_child_environment_is_not_in_its_repr(tmp_path):
    server = Settings.from_env({"REFERRALS_STATE_DIR": str(tmp_path)}).local_neo4j("demo", 7687)
    child = server.child_environment()
    assert child["NEO4J_HOME"] == str(tmp_path / "demo")
    assert "environment" not in repr(server)


def test_process_environment_adds_to_this_process_environment(monkeypatch):
    monkeypatch.setenv("REFERRALS_SETTINGS_TEST", "inherited")
    env = Settings.from_env({}).process_environment(NEO4J_URI="bolt://x:1")
    assert env["REFERRALS_SETTINGS_TEST"] == "inherited" and env["NEO4J_URI"] == "bolt://x:1"


def test_numbers_are_checked():
    with pytest.raises(ValueError, match="REFERRALS_MAX_UPLOAD_MB"):
        Settings.from_env({"REFERRALS_MAX_UPLOAD_MB": "lots"})
    assert Settings.from_env({"REFERRALS_CALIBRATION_WEIGHT": "7"}).rules.calibration_weight == 1.0


def test_every_variable_read_is_in_the_table():
    source = Path(settings_module.__file__).read_text()
    read = set(re.findall(r'env(?:\.get\(|\[)"([A-Z0-9_]+)"', source))
    read |= set(re.findall(r'_number\(env, "([A-Z0-9_]+)"', source))
    listed = {name for name, _default, _meaning in VARIABLES}
    # NEO4J_USERNAME is NEO4J_USER's other spelling, named in its row
    assert read - {"NEO4J_USERNAME"} == listed


def test_the_readme_lists_every_variable_with_its_default():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `([A-Z0-9_]+)` \| ([^|]*) \|", table, re.M)}
    for name, default, _meaning in VARIABLES:
        assert name in rows, f"README's configuration table lacks {name}"
        assert rows[name].strip() == (default or "(unset)"), name
