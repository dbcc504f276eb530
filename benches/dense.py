#!/usr/bin/env python3
"""Token-dense input speed: one check of each file of about a megabyte made
of nothing but credentials, the worst case of the value model (every value
is a candidate, and each is distinct).

    python3 benches/dense.py [--size BYTES] [--runs N] [--keep DIR]

Builds credlint in release mode (or takes $CREDLINT), writes the inputs into
a RAM-backed folder and prints, per input, its size, findings and the median
wall seconds of N runs (default 3). Issue 9's bar is no hang over 10 s on any
input under 1 MB; these inputs should each take a small fraction of that.

Inputs (random bodies in each provider's real format, seeded, so runs are
comparable):
- github.txt: `ghp_` tokens, one per line;
- providers.env: AWS key id and secret, Slack `xoxb-`, Stripe `sk_live_`,
  OpenAI `sk-proj-` assignments in turn;
- passwords.py / .env / .yaml / .json: `password = "<20-40 random chars>"`
  in each syntax;
- one-line.txt: one line of tokens of every kind, separated by spaces and
  commas;
- credentials.min.json: a minified JSON array of credential objects.
With --keep DIR the inputs are written to DIR and kept (to profile one with
callgrind, say).
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
BASE64 = ALNUM + "/+"
# What a person's password manager draws from.
PRINTABLE = ALNUM + "!#$%&()*+,-./:;<=>?@[]^_{|}~"


def draw(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def tokens(rng):
    """An endless round of one token of each provider, as (name, value)."""
    while True:
        yield "GITHUB_TOKEN", "ghp_" + draw(rng, ALNUM, 36)
        yield "AWS_ACCESS_KEY_ID", "AKIA" + draw(rng, BASE32, 16)
        yield "AWS_SECRET_ACCESS_KEY", draw(rng, BASE64, 40)
        slack = "xoxb-%d-%d-%s" % (
            rng.randrange(10**11, 10**12),
            rng.randrange(10**12, 10**13),
            draw(rng, ALNUM, 24),
        )
        yield "SLACK_BOT_TOKEN", slack
        yield "STRIPE_SECRET_KEY", "sk_live_" + draw(rng, ALNUM, 99)
        openai = "sk-proj-%sT3BlbkFJ%s" % (
            draw(rng, ALNUM + "_-", 74),
            draw(rng, ALNUM + "_-", 74),
        )
        yield "OPENAI_API_KEY", openai


def password(rng):
    return draw(rng, PRINTABLE.replace('"', "").replace("\\", ""), rng.randint(20, 40))


def fill(size, next_line):
    out, total = [], 0
    while total < size:
        line = next_line()
        out.append(line)
        total += len(line)
    return "".join(out)


def inputs(size):
    rng = random.Random(9)
    github = lambda: "ghp_" + draw(rng, ALNUM, 36) + "\n"
    stream = tokens(rng)
    providers = lambda: "%s=%s\n" % next(stream)
    py = lambda: 'password = "%s"\n' % password(rng)
    env = lambda: "DB_PASSWORD=%s\n" % password(rng).replace("#", "")
    yaml = lambda: 'password: "%s"\n' % password(rng)
    one_line = lambda: next(stream)[1] + rng.choice([" ", ",", ", "])
    yield "github.txt", fill(size, github)
    yield "providers.env", fill(size, providers)
    yield "passwords.py", fill(size, py)
    yield "passwords.env", fill(size, env)
    yield "passwords.yaml", fill(size, yaml)
    entries = []
    while sum(len(e) for e in entries) < size:
        entries.append(json.dumps({"user": "svc%d" % len(entries), "password": password(rng)}))
    yield "passwords.json", "[\n" + ",\n".join(entries) + "\n]\n"
    yield "one-line.txt", fill(size, one_line) + "\n"
    creds = []
    while sum(len(c) for c in creds) < size:
        name, value = next(stream)
        creds.append(json.dumps({"name": name.lower(), "secret": value}, separators=(",", ":")))
    yield "credentials.min.json", "[" + ",".join(creds) + "]"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="write the inputs here and keep them")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    credlint = os.environ.get("CREDLINT")
    if not credlint:
        subprocess.run(["cargo", "build", "--release", "--quiet"], check=True)
        target = os.environ.get("CARGO_TARGET_DIR", "target")
        credlint = os.path.join(target, "release", "credlint")
    shm = "/dev/shm" if os.path.isdir("/dev/shm") else None
    work = args.keep or tempfile.mkdtemp(dir=shm)
    os.makedirs(work, exist_ok=True)
    try:
        print("%-22s %9s %9s %8s" % ("input", "bytes", "findings", "wall s"))
        for name, text in inputs(args.size):
            path = os.path.join(work, name)
            with open(path, "w") as f:
                f.write(text)
            cmd = [credlint, "check", "--isolated", "--format", "json", "--exit-zero", path]
            walls = []
            for _ in range(args.runs):
                start = time.monotonic()
                out = subprocess.run(cmd, check=True, capture_output=True).stdout
                walls.append(time.monotonic() - start)
            findings = len(json.loads(out)["findings"]) if out.strip().startswith(b"{") else len(json.loads(out))
            print("%-22s %9d %9d %8.2f" % (name, len(text), findings, statistics.median(walls)))
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
