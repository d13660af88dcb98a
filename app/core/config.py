"""Application settings, read from ``DIEMCAU_*`` environment variables and ``.env``."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Every HTTP route of the API lives under this prefix (the app, its fast path, its limits).
API_PREFIX = "/api/v1"


class Settings(BaseSettings):
    """Every tunable of the service lives here, nowhere else."""

    model_config = SettingsConfigDict(env_prefix="DIEMCAU_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./data/diemcau.db"
    data_dir: Path = Path("./data")
    redis_url: str | None = None
    max_upload_mb: int = Field(default=20, ge=1, le=1024)
    timezone: str = "Asia/Ho_Chi_Minh"
    presence_grace_s: float = Field(default=60.0, ge=0)
    # How often each process re-checks the tokens of its open staff sockets: a token
    # revoked (logout, account deactivated) loses its socket within this time.
    staff_token_check_s: float = Field(default=15.0, gt=0, le=3600)
    # Origins whose pages may open sockets, comma-separated (https://a.vn,https://b.vn);
    # empty = the server's own origin only. "*" allows any (never in production).
    allowed_origins: Annotated[list[str], NoDecode] = []
    # Absolute URL prefix for links handed to sites (e.g. https://diemcau.example.vn);
    # empty = derive from the request.
    public_base_url: str = ""
    access_token_ttl_hours: int = Field(default=12, ge=1)
    # Login throttling (app/auth/throttle.py), per client address and per account from
    # that address: past this many failures each attempt waits twice as long as the last
    # (login_base_wait_s … login_max_wait_s), 429 with Retry-After. Behind a proxy the address
    # is the proxy's X-Forwarded-For (uvicorn --proxy-headers; FORWARDED_ALLOW_IPS names
    # the proxy when it is not on 127.0.0.1).
    login_free_failures: int = Field(default=5, ge=1)
    login_free_failures_per_address: int = Field(default=20, ge=1)
    login_max_wait_s: int = Field(default=300, ge=1)
    login_base_wait_s: float = Field(default=1.0, gt=0)
    # Failures are forgotten after this long without a new one.
    login_failure_memory_s: int = Field(default=900, ge=1)
    # Speaker sign-ups per client address: a burst, then one per interval.
    signup_burst: int = Field(default=10, ge=1)
    signup_interval_s: float = Field(default=30.0, gt=0)
    # Public pages and calendars per client address: a burst then a steady rate; a hall
    # of screens behind one address still loads the page at once.
    public_rate_per_s: float = Field(default=5.0, gt=0)
    public_burst: int = Field(default=120, ge=1)
    # Polls' public link (/p/<token>: read and answer) per client address: a whole hall
    # answers from one NAT address at once (a burst of hundreds must pass).
    poll_public_rate_per_s: float = Field(default=20.0, gt=0)
    poll_public_burst: int = Field(default=1000, ge=1)
    # Answers per device key: changing one's mind a few times, not a script.
    poll_device_rate_per_s: float = Field(default=0.5, gt=0)
    poll_device_burst: int = Field(default=10, ge=1)
    # The site pages (GET /site, register, decline, check-in) per site token.
    site_rate_per_s: float = Field(default=1.0, gt=0)
    site_burst: int = Field(default=30, ge=1)
    # Speaker quotas: papers one speaker may send to one seminar, files kept per paper.
    max_papers_per_speaker: int = Field(default=5, ge=1)
    max_file_versions: int = Field(default=20, ge=1)
    metrics_enabled: bool = False
    frontend_dist: Path = Path(__file__).resolve().parents[2] / "frontend" / "dist"
    sql_echo: bool = False
    # SQLite durability: FULL keeps acknowledged writes through a power loss; NORMAL is
    # there to measure what FULL costs (bench/attendance.py --synchronous).
    sqlite_synchronous: Literal["FULL", "NORMAL"] = "FULL"
    # Headcount reports per site token: a phone back online flushes its whole queue at once
    # (DESIGN: a burst of at least 100), then about one report a second.
    site_report_burst: int = Field(default=300, ge=100)
    site_report_rate: float = Field(default=1.0, gt=0)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
        return value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _origin_list(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip().rstrip("/") for part in value.split(",") if part.strip()]
        for origin in value if isinstance(value, list) else []:
            if origin != "*" and not str(origin).startswith(("http://", "https://")):
                raise ValueError(f"{origin!r}: an origin is scheme://host[:port], or *")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache after changing env)."""
    return Settings()
