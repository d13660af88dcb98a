"""A generated national directory: central → 34 provinces → communes → units.

The shape of the largest real events (tens of thousands of connection points organised
as a tree, each level following its own totals), for the national demo, the tests and
the benchmarks. Deterministic for a seed, idempotent (codes already present are kept),
and written in bulk: 40,000 sites in a few seconds on SQLite and PostgreSQL.
"""

import random
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import lock_for_writers, utcnow
from app.sites.models import Site, SiteLevel
from app.sites.service import TREE_LOCK, derived_columns

# The 34 provinces and centrally-run cities (since 1 July 2025).
PROVINCES = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình",
    "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long",
    "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip
_CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}

# Syllables of Vietnamese place names; two make a commune's name ("Tân Phú").
_SYLLABLES = (
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Xuân", "Đông", "Tây", "Nam",
    "Bắc", "Đức", "Hưng", "Lộc", "Phước", "Thuận", "Thành", "Trung", "Hiệp", "Quang",
    "Vĩnh", "Mỹ", "Hải", "Sơn", "Lâm", "Minh", "Nghĩa", "Định", "Khánh", "Hạnh", "Yên",
    "Cẩm", "Gia", "Ngọc", "Thượng", "Hạ", "Kim", "Lương", "Đại",
)  # fmt: skip
_UNITS = (
    "Chi bộ thôn {n} {c}", "Chi bộ khu phố {n} {c}", "Trường Tiểu học {c}", "Trường THCS {c}",
    "Trạm Y tế {c}", "Công an {c}", "Ban Chỉ huy Quân sự {c}", "Hội Nông dân {c}",
    "Đoàn Thanh niên {c}", "Hội Liên hiệp Phụ nữ {c}", "Hội Cựu chiến binh {c}",
    "Mặt trận Tổ quốc {c}",
)  # fmt: skip
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Đức", "Ngọc", "Quốc", "Hữu")
_GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam",
          "Nga", "Phong", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Vân", "Yến")  # fmt: skip

CODE_PREFIX = "QG"


@dataclass(frozen=True)
class NationalTree:
    """What was generated: the root's id and how many sites were added this time."""

    root_id: int
    created: int
    total: int


def province_code(p: int) -> str:
    return f"{CODE_PREFIX}-{p:02d}"


def commune_code(p: int, c: int) -> str:
    return f"{province_code(p)}-{c:03d}"


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` shared among ``parts`` unevenly (±40%), each at least 1, summing exactly."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    shares = [1 + int(w * scale) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % parts] += 1
    return shares


def _commune_names(count: int, rng: random.Random) -> list[str]:
    pairs = [(a, b) for a in _SYLLABLES for b in _SYLLABLES if a != b]
    rng.shuffle(pairs)
    return [f"{a} {b}" for a, b in pairs[:count]]


def _coordinator(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"
    return name, f"09{rng.randrange(10**8):08d}"


def _row(code: str, name: str, level: SiteLevel, locality: str, rng: random.Random) -> dict:
    coordinator_name, coordinator_phone = _coordinator(rng)
    return {
        "code": code,
        "name": name,
        "level": level,
        "locality": locality,
        "coordinator_name": coordinator_name,
        "coordinator_phone": coordinator_phone,
        "created_at": utcnow(),
        **derived_columns(code, name, locality),
    }


def national_rows(
    provinces: int = 34, communes: int = 3321, units: int = 36644, seed: int = 2026
) -> list[list[dict]]:
    """The tree's rows level by level (each row's ``parent_code`` names its parent)."""
    rng = random.Random(seed)
    central = _row(CODE_PREFIX, "Trung ương", SiteLevel.central, "Hà Nội", rng)
    levels: list[list[dict]] = [[{**central, "parent_code": None}], [], [], []]
    per_province = _split(communes, provinces, rng)
    per_commune = _split(units, communes, rng)
    commune_index = 0
    for p in range(1, provinces + 1):
        province = PROVINCES[(p - 1) % len(PROVINCES)]
        title = f"Thành phố {province}" if province in _CITIES else f"Tỉnh {province}"
        pcode = province_code(p)
        levels[1].append(
            {**_row(pcode, f"Đảng bộ {title}", SiteLevel.province, title, rng),
             "parent_code": CODE_PREFIX}
        )  # fmt: skip
        kind = "Phường" if province in _CITIES else "Xã"
        for c, commune in enumerate(_commune_names(per_province[p - 1], rng), start=1):
            ccode = commune_code(p, c)
            cname = f"{kind} {commune}"
            levels[2].append(
                {**_row(ccode, f"Đảng ủy {cname}", SiteLevel.commune, f"{cname}, {title}", rng),
                 "parent_code": pcode}
            )  # fmt: skip
            for u in range(1, per_commune[commune_index] + 1):
                template = _UNITS[(u - 1) % len(_UNITS)]
                name = template.format(n=u, c=f"{kind.lower()} {commune}")
                levels[3].append(
                    {**_row(f"{ccode}-{u:02d}", name, SiteLevel.unit, f"{cname}, {title}", rng),
                     "parent_code": ccode}
                )  # fmt: skip
            commune_index += 1
    return levels


async def load_national_tree(
    session: AsyncSession,
    *,
    provinces: int = 34,
    communes: int = 3321,
    units: int = 36644,
    seed: int = 2026,
) -> NationalTree:
    """Add the generated tree's missing sites (codes ``QG…``) in bulk; the caller commits."""
    await lock_for_writers(session, TREE_LOCK)
    ids: dict[str, int] = dict(
        (code, site_id)
        for code, site_id in await session.execute(
            select(Site.code, Site.id).where(Site.code.like(f"{CODE_PREFIX}%"))
        )
    )
    created = 0
    for level in national_rows(provinces, communes, units, seed):
        missing = [
            {**{k: v for k, v in row.items() if k != "parent_code"},
             "parent_id": ids[row["parent_code"]] if row["parent_code"] else None}
            for row in level
            if row["code"] not in ids
        ]  # fmt: skip
        if missing:
            await session.execute(insert(Site), missing)
            created += len(missing)
            ids.update(
                (code, site_id)
                for code, site_id in await session.execute(
                    select(Site.code, Site.id).where(Site.code.like(f"{CODE_PREFIX}%"))
                )
            )
    return NationalTree(root_id=ids[CODE_PREFIX], created=created, total=len(ids))
