"""requirements.lock (what `make install` and CI install) keeps step with pyproject.toml:
every dependency and extra is pinned at a version its specifier allows, the neo4j driver
and its Rust extension are pinned to the same version, and every pin carries hashes."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, tuple[Version, str]]:
    text = (ROOT / "requirements.lock").read_text()
    pins: dict[str, tuple[Version, str]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==(\S+)", block)
        if match:
            pins[canonicalize_name(match[1])] = (Version(match[2]), block)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert {"dev", "load"} <= set(extras)
    return [Requirement(r) for r in [*project["dependencies"], *extras["dev"], *extras["load"]]]


def test_every_declared_dependency_is_pinned_within_its_specifier():
    pins = _pins()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.lock: run `make lock`"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, outside {requirement.specifier}: run `make lock`")


def test_every_pin_has_hashes_and_no_machine_paths():
    text = (ROOT / "requirements.lock").read_text()
    assert "--find-links" not in text and "--index-url" not in text
    for name, (_, block) in _pins().items():
        assert "--hash=sha256:" in block, name


def test_the_driver_and_its_rust_extension_are_one_version_of_one_major():
    pins = _pins()
    driver, rust = pins["neo4j"][0], pins["neo4j-rust-ext"][0]
    assert driver.release[:3] == rust.release[:3], (driver, rust)
    declared = {canonicalize_name(r.name): r.specifier for r in _declared()}
    assert str(declared["neo4j"]) == str(declared["neo4j-rust-ext"])
    assert not declared["neo4j"].contains(f"{driver.major + 1}.0")  # bounded to one major


def test_aiohttp_is_only_the_load_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(Requirement(r).name == "aiohttp" for r in project["dependencies"])
    assert any(Requirement(r).name == "aiohttp" for r in project["optional-dependencies"]["load"])
