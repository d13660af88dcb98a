"""The lock files pin, with hashes, every dependency pyproject.toml declares (`make lock`)."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_EXTRAS = ("postgres", "redis")  # what the Docker image installs with the package
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirements(*extras: str) -> list[Requirement]:
    project = _pyproject()
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def _lock(name: str) -> dict[str, tuple[Version, int]]:
    """Each pinned package of a lock file: its version and how many hashes it carries."""
    pins: dict[str, tuple[Version, int]] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            pins[current] = (Version(match[2]), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", RUNTIME_EXTRAS), ("requirements-dev.lock", ("dev", *RUNTIME_EXTRAS))],
)
def test_every_declared_dependency_is_pinned_within_its_range(
    lock: str, extras: tuple[str, ...]
) -> None:
    pins = _lock(lock)
    for requirement in _requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in {lock}: run `make lock`"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, outside {requirement}: run `make lock`"
        )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_pin_carries_a_hash(lock: str) -> None:
    pins = _lock(lock)
    assert pins
    assert [name for name, (_, hashes) in pins.items() if hashes == 0] == []


def test_the_image_runs_the_versions_the_tests_ran() -> None:
    runtime, dev = _lock("requirements.lock"), _lock("requirements-dev.lock")
    differing = {
        name: (str(version), str(dev[name][0]) if name in dev else None)
        for name, (version, _) in runtime.items()
        if name not in dev or dev[name][0] != version
    }
    assert differing == {}


def test_the_lock_pins_no_release_with_a_known_advisory() -> None:
    """Floors in pyproject.toml are the advisory line; the lock must respect them too."""
    floors = {
        "python-socketio": "5.16.3",
        "python-engineio": "4.13.3",
        "starlette": "1.3.1",
        "python-multipart": "0.0.31",
        "jinja2": "3.1.6",
        "h11": "0.16",
        "aiohttp": "3.14.3",
    }
    pins = _lock("requirements-dev.lock")
    too_old = {n: str(pins[n][0]) for n, floor in floors.items() if pins[n][0] < Version(floor)}
    assert too_old == {}
