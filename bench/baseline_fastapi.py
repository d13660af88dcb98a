"""Baseline (a): a bare FastAPI endpoint doing the same single SQLite write per request.

Same request as the app's headcount report (X-Site-Token header, the same JSON body
parsed by a pydantic model), one SQLAlchemy-async + aiosqlite transaction per request
(an INSERT of the report), WAL and synchronous=NORMAL like the app. Served by uvicorn
with the same options as ``diemcau serve``.

    python bench/baseline_fastapi.py --db /tmp/x.db --fd N   (or --port P)
"""

import argparse
from datetime import datetime
from typing import Annotated

import uvicorn
from fastapi import FastAPI, Header
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import DateTime, String, event
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Report(Base):
    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64))
    headcount: Mapped[int]
    request_id: Mapped[str] = mapped_column(String(64), unique=True)
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HeadcountIn(BaseModel):
    headcount: Annotated[int, Field(ge=0, le=100_000)]
    request_id: Annotated[str, Field(min_length=1, max_length=64)]
    reported_at: AwareDatetime


def make_app(db_path: str) -> FastAPI:
    engine = create_async_engine(f"sqlite+aiosqlite:///{db_path}")

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.close()

    sessions = async_sessionmaker(engine, expire_on_commit=False)
    app = FastAPI()

    @app.on_event("startup")
    async def _create() -> None:
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)

    @app.post("/api/v1/site/headcount")
    async def report(
        data: HeadcountIn, x_site_token: Annotated[str, Header()]
    ) -> dict[str, object]:
        async with sessions() as session:
            session.add(
                Report(
                    token=x_site_token[:64],
                    headcount=data.headcount,
                    request_id=data.request_id,
                    reported_at=data.reported_at,
                )
            )
            await session.commit()
        return {"request_id": data.request_id, "applied": True, "headcount": data.headcount}

    @app.get("/api/v1/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--db", required=True)
    p.add_argument("--fd", type=int)
    p.add_argument("--port", type=int, default=8001)
    a = p.parse_args()
    uvicorn.run(make_app(a.db), fd=a.fd, port=a.port, log_level="info", proxy_headers=True)
