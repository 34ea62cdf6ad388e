"""Write the sample inbox: `python -m tools.sample.generate --out sources --scale small --seed 2025`.

Only the family folders below are wiped and rewritten inside --out; anything else there (a
README.md) is left alone. The same seed, scale and school year give byte-identical files with
identical modification times, on any machine and any day.

`--scale city` writes a whole school year of the city (tools/sample/city.py), and with
`--periods 2025-Q4,2026-Q1` only the files of those periods, keeping what the inbox already
holds (nothing is wiped), so that a later period can be added as it would arrive.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from tools.sample import city, infrastructure, media, surveys, unit_reports
from tools.sample.context import Context
from tools.sample.scales import SCALES
from tools.sample.writers import Inbox

FAMILIES = ("unit_reports", "media", "surveys", "feedback", "infrastructure")


def generate(
    out: Path,
    *,
    scale: str = "small",
    seed: int = 2025,
    school_year: str = "2025-2026",
    periods: list[str] | None = None,
) -> Inbox:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    if scale == "city":
        return generate_city(out, seed=seed, school_year=school_year, periods=periods)[0]
    if periods is not None:
        raise ValueError(f"--periods is supported by the city scale only, not {scale!r}")
    ctx = Context(seed=seed, school_year=school_year, scale=SCALES[scale])
    _ = ctx.periods  # fail before wiping anything when the school year is unknown
    out.mkdir(parents=True, exist_ok=True)
    for family in FAMILIES:
        shutil.rmtree(out / family, ignore_errors=True)
    inbox = Inbox(out)
    unit_reports.write(ctx, inbox)
    media.write(ctx, inbox)
    surveys.write(ctx, inbox)
    infrastructure.write(ctx, inbox)
    inbox.apply_mtimes()
    return inbox


def generate_city(
    out: Path, *, seed: int = 2025, school_year: str = "2025-2026", periods: list[str] | None = None
) -> tuple[Inbox, dict]:
    if school_year != city.SCHOOL_YEAR:
        raise ValueError(f"the city scale is drawn for {city.SCHOOL_YEAR}, not {school_year!r}")
    out.mkdir(parents=True, exist_ok=True)
    if periods is None:
        for family in FAMILIES:
            shutil.rmtree(out / family, ignore_errors=True)
    return city.write(out, seed, periods)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("sources"), help="inbox folder (default: sources)")
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--school-year", default="2025-2026", help="e.g. 2025-2026")
    parser.add_argument(
        "--periods", help="city scale: only these periods, e.g. 2025-Q4,2026-Q1 (the rest of the inbox is kept)"
    )
    args = parser.parse_args(argv)
    periods = [k.strip() for k in args.periods.split(",") if k.strip()] if args.periods else None
    if args.scale == "city":
        _inbox, counts = generate_city(args.out, seed=args.seed, school_year=args.school_year, periods=periods)
        print(
            f"wrote the city year under {args.out}: "
            + ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in counts.items())
        )
        return 0
    inbox = generate(args.out, scale=args.scale, seed=args.seed, school_year=args.school_year, periods=periods)
    size = sum(path.stat().st_size for path in inbox.mtimes)
    print(f"wrote {len(inbox.mtimes)} files ({size / 1024:.0f} KiB) under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
