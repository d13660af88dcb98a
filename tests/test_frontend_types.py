"""The frontend's API types are generated from this backend's OpenAPI document.

A renamed or removed field must break the frontend build, not a page in production:
this test fails when `frontend/src/api/schema.d.ts` no longer matches the API
(regenerate it with `make api-types`).
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
from fastapi import FastAPI

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"


def test_generated_types_match_the_openapi_document(app: FastAPI, tmp_path: Path) -> None:
    if not (FRONTEND / "node_modules" / "openapi-typescript").is_dir():
        if os.environ.get("DIEMCAU_REQUIRE_BROWSER"):
            pytest.fail("frontend dependencies are not installed (make frontend)")
        pytest.skip("frontend dependencies are not installed (make frontend)")
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(app.openapi()), encoding="utf-8")
    generated = tmp_path / "schema.d.ts"
    subprocess.run(
        ["node", "scripts/gen-api.mjs"],
        cwd=FRONTEND,
        env={**os.environ, "OPENAPI": str(spec), "OUT": str(generated)},
        check=True,
        capture_output=True,
    )
    committed = (FRONTEND / "src" / "api" / "schema.d.ts").read_text(encoding="utf-8")
    assert generated.read_text(encoding="utf-8") == committed, (
        "frontend/src/api/schema.d.ts is stale: run `make api-types` and rebuild"
    )
