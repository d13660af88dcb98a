"""The reference deployment (compose.yaml, deploy/nginx.conf) is consistent with the app."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.core.config import Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
NGINX_CONF = (ROOT / "deploy" / "nginx.conf").read_text()
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def _cluster_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("cluster", ROOT / "scripts" / "cluster.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["cluster"] = module
    spec.loader.exec_module(module)
    return module


def _app_services() -> dict[str, dict]:
    return {name: s for name, s in SERVICES.items() if "diemcau" in s.get("command", [])}


def test_compose_has_the_database_the_queue_a_migration_several_replicas_and_nginx() -> None:
    assert {"postgres", "redis", "migrate", "app", "nginx"} <= SERVICES.keys()
    assert SERVICES["migrate"]["command"] == ["diemcau", "migrate"]
    assert SERVICES["app"]["command"][:2] == ["diemcau", "serve"]
    assert SERVICES["app"]["deploy"]["replicas"] >= 2
    assert "ports" not in SERVICES["app"], "only nginx is published"


def test_every_long_running_service_has_a_healthcheck() -> None:
    for name in ("postgres", "redis", "app", "nginx"):
        check = SERVICES[name]["healthcheck"]["test"]
        assert check[0] in ("CMD", "CMD-SHELL") and len(check) > 1, name


def test_replicas_start_after_the_migration_and_healthy_postgres_and_redis() -> None:
    depends = SERVICES["app"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["postgres"]["condition"] == "service_healthy"
    assert depends["redis"]["condition"] == "service_healthy"
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert SERVICES["nginx"]["depends_on"]["app"]["condition"] == "service_healthy"


def test_app_environment_names_are_settings_fields_and_point_at_postgres_and_redis() -> None:
    fields = {f"DIEMCAU_{name.upper()}" for name in Settings.model_fields}
    for name, service in _app_services().items():
        env = service["environment"]
        unknown = {k for k in env if k.startswith("DIEMCAU_")} - fields
        assert not unknown, f"{name}: not a Settings field: {unknown}"
        assert env["DIEMCAU_DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert env["DIEMCAU_REDIS_URL"].startswith("redis://redis:")
        # Settings must parse what compose gives (e.g. no typo in a typed value).
        Settings(_env_file=None, **{k[8:].lower(): v for k, v in env.items() if k in fields})


def test_database_url_matches_the_postgres_service_credentials() -> None:
    pg = SERVICES["postgres"]["environment"]
    url = SERVICES["app"]["environment"]["DIEMCAU_DATABASE_URL"]
    assert url == (
        f"postgresql+asyncpg://{pg['POSTGRES_USER']}:{pg['POSTGRES_PASSWORD']}"
        f"@postgres:5432/{pg['POSTGRES_DB']}"
    )


def test_replicas_share_one_upload_folder() -> None:
    app = SERVICES["app"]
    volume, mount = app["volumes"][0].split(":")[:2]
    assert volume in COMPOSE["volumes"]
    assert app["environment"]["DIEMCAU_DATA_DIR"].startswith(mount + "/")


def test_nginx_mounts_the_deploy_config_and_upgrades_websockets() -> None:
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in SERVICES["nginx"]["volumes"]
    for line in (
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $http_host;",
    ):
        assert line in NGINX_CONF
    timeout = re.search(r"proxy_read_timeout (\d+)s;", NGINX_CONF)
    assert timeout and int(timeout.group(1)) > 25, "longer than socket.io's ping interval"
    assert "server app:8000" in NGINX_CONF and "ip_hash" in NGINX_CONF  # documented


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    # The compose host name `app` only resolves inside compose: check the same file with
    # the upstream rewritten for this machine, as `make cluster` runs it.
    cluster = _cluster_module()
    conf = tmp_path / "nginx.conf"
    conf.write_text(cluster.local_nginx_conf(18000, [18001, 18002], tmp_path))
    out = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
