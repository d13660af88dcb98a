"""Application settings, read from ``DIEMCAU_*`` environment variables and ``.env``."""

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every tunable of the service lives here, nowhere else."""

    model_config = SettingsConfigDict(env_prefix="DIEMCAU_", env_file=".env", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./data/diemcau.db"
    data_dir: Path = Path("./data")
    redis_url: str | None = None
    max_upload_mb: int = Field(default=20, ge=1, le=1024)
    timezone: str = "Asia/Ho_Chi_Minh"
    presence_grace_s: float = Field(default=60.0, ge=0)
    # Absolute URL prefix for links handed to sites (e.g. https://diemcau.example.vn);
    # empty = derive from the request.
    public_base_url: str = ""
    access_token_ttl_hours: int = Field(default=12, ge=1)
    # Per-account login throttling: this many failures within the window → 429.
    login_max_failures: int = Field(default=5, ge=1)
    login_failure_window_s: int = Field(default=300, ge=1)
    # Public pages and calendars per client address: a burst then a steady rate; a hall
    # of screens behind one address still loads the page at once.
    public_rate_per_s: float = Field(default=5.0, gt=0)
    public_burst: int = Field(default=120, ge=1)
    # The site pages (GET /site, register, decline, check-in) per site token.
    site_rate_per_s: float = Field(default=1.0, gt=0)
    site_burst: int = Field(default=30, ge=1)
    # Speaker quotas: papers one speaker may send to one seminar, files kept per paper.
    max_papers_per_speaker: int = Field(default=5, ge=1)
    max_file_versions: int = Field(default=20, ge=1)
    metrics_enabled: bool = False
    frontend_dist: Path = Path(__file__).resolve().parents[2] / "frontend" / "dist"
    sql_echo: bool = False

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        ZoneInfo(value)  # raises for an unknown zone
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
