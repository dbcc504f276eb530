#!/usr/bin/env python3
"""Print credlint's table of published example credentials (Rust source).

A value is a "published example" when a standard or a vendor's specification
prints it as the example key, secret or token that every implementation's
tests and docs then copy. This script reads those primary sources from a
cache folder and prints `crates/credlint_core/src/value/published/table.rs`:
the SHA-256 of each value (never the value) with where it is published.

    python3 benches/published/gen.py CACHE > crates/credlint_core/src/value/published/table.rs

CACHE holds the sources as published (nothing of them is committed):

    CACHE/rfc/rfcNNNN.txt         the RFC Editor's plain-text RFCs listed in RFCS
    CACHE/ietf-jose-cookbook/     github.com/ietf-jose/cookbook (RFC 7520's JSON)
    CACHE/paseto-test-vectors/    github.com/paseto-standard/test-vectors
    CACHE/openid-connect/         the xml2rfc sources in github.com/openid/connect
                                  listed in OPENID (the table was made from 218b7087)
    CACHE/cctv/age/testdata/      github.com/C2SP/CCTV's age test vectors (the
                                  table was made from 1e3d286)
    CACHE/bips/bip-0032.mediawiki github.com/bitcoin/bips's BIP 32 (the table
                                  was made from 7fe0b034)

Every source is read whole and systematically, never picked value by value:
in an RFC, every member of a JSON example and every form or header
parameter whose name holds a credential (JWK private members `d`, `p`, `q`,
`dp`, `dq`, `qi`, `k`; OAuth's tokens, codes, client secrets and passwords),
the password of each `Basic` credential and the token of each `Bearer` or
`DPoP` one, every such member of a CBOR diagnostic example (RFC 9200), the
hex under a line labelling a secret or private key, every JOSE compact
serialization (alone or as an HTTP header's value, unfolded where the RFC
wraps lines per RFC 8792), and every value standing alone on a line of a
section about keys; an OpenID specification's xml2rfc source is read as
the same text (its sections numbered as xml2rfc numbers them; an XML
comment, which the published document does not show, is not read); in the
cookbook, every JWK's private members, content keys and passwords and every
compact serialization; in the PASETO vectors, every key, seed and token; in
the age test vectors, every identity, passphrase and file key of a vector's
header (the text before its first blank line; the rest is the binary file);
in BIP 32, every extended private key of its test vectors, valid or not.
"""

import base64
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# The RFCs read, each for the examples named here (the reason it is listed).
RFCS = {
    5849: "OAuth 1.0 examples",
    6749: "OAuth 2.0 examples",
    6750: "OAuth 2.0 bearer token examples",
    7515: "JWS examples and keys",
    7516: "JWE examples and keys",
    7517: "JWK examples",
    7519: "JWT examples",
    7520: "JOSE cookbook",
    7662: "token introspection examples",
    8032: "EdDSA test vectors' secret keys",
    8037: "Ed25519 JWK examples",
    8463: "Ed25519 DKIM example keys",
    8693: "token exchange examples",
    # The rest of the OAuth/JOSE family, read whole like the above.
    7521: "assertion grant examples",
    7523: "JWT assertion grant examples",
    7591: "dynamic client registration examples",
    7592: "client registration management examples",
    7800: "proof-of-possession key examples",
    8414: "authorization server metadata examples",
    8628: "device authorization grant examples",
    9068: "JWT access token examples",
    9101: "JWT-secured authorization request examples",
    9126: "pushed authorization request examples",
    9200: "ACE-OAuth examples (CBOR diagnostic notation)",
    9449: "DPoP examples",
}

# OpenID Foundation specifications: xml2rfc source file -> the name cited.
OPENID = {
    "openid-connect-core-1_0.xml": "OpenID Connect Core 1.0",
}

# JSON members, form and header parameters whose value is a credential.
SECRET_NAMES = {
    # RFC 7517/7518: the private members of a JWK.
    "d", "p", "q", "dp", "dq", "qi", "k",
    # OAuth 1.0 and 2.0, token exchange, introspection.
    "access_token", "refresh_token", "id_token", "code", "client_secret",
    "token", "subject_token", "actor_token", "issued_token", "mac_key",
    "password", "oauth_token", "oauth_token_secret", "oauth_consumer_key",
    "oauth_verifier", "client_assertion", "assertion", "device_code",
    # RFC 7591/7592's token for the client configuration endpoint.
    "registration_access_token",
}

# Shortest value worth a digest: the table is for values a rule would judge.
MIN_LEN = 8

PATTERNS = {
    # What a credential's text may hold (base64, base64url, percent-encoding).
    "token_chars": r"^[A-Za-z0-9_\-+/=.~%]+$",
    # The plain-text RFC's page footer and header, dropped so values join up.
    "page_footer": r"^\S.*\[Page \d+\]\s*$",
    "page_header": r"^RFC \d+ .*\d{4}\s*$",
    # A section or appendix heading at the left margin: "4.1.2.  …", "A.3.  …".
    "heading": r"^(?:Appendix )?((?:\d+|[A-Z])(?:\.\d+)*)\.\s+\S",
    "json_member": r'"([A-Za-z_]+)"\s*:\s*"([^"]*)"',
    # Form and query parameters, OAuth 1.0 header parameters.
    "parameter": r"\b([A-Za-z_]+)=\"?([A-Za-z0-9_\-+/=.~%]+)",
    "scheme": r"\b(Bearer\s|Basic\s|DPoP\s|MAC id=\")\s*([A-Za-z0-9_\-+/=.~]+)",
    # RFC 9200's CBOR diagnostic notation: `/ access_token / 1 : b64'…'`.
    "cbor_member": r"/\s*([A-Za-z_]+)\s*/\s*-?\d+\s*:\s*(?:b64|h)'([^']*)'",
    "compact_line": r"^[A-Za-z0-9_\-.]+$",
    # A compact serialization's first line, alone or as a header's value.
    "compact_start": r"^\s*(?:[A-Za-z][A-Za-z0-9-]*:\s*)?(eyJ[A-Za-z0-9_\-.]*)\s*$",
    "key_section": r"(?i)\b(?:key|keys|secret|token)\b",
    # "SECRET KEY:" (RFC 8032), "The hexadecimal dump of private key is:" (RFC 8037).
    "key_label": r"(?i)\b(?:secret|private|signing) key\b[^:]*:\s*$",
    "hex_line": r"^[0-9a-fA-F]{2}(?: ?[0-9a-fA-F]{2})*$",
    "lone_value": r"^[A-Za-z0-9_\-+/]{20,}={0,2}$",
}
TOKEN_CHARS, PAGE_FOOTER, PAGE_HEADER, HEADING, JSON_MEMBER, PARAMETER, SCHEME, CBOR_MEMBER, \
    COMPACT_LINE, COMPACT_START, KEY_SECTION, KEY_LABEL, HEX_LINE, LONE_VALUE = (
        re.compile(p) for p in PATTERNS.values()
    )


def rfc_lines(text):
    """The RFC's lines without page breaks, each with the section it is in.
    An RFC that wraps long lines per RFC 8792 (a line ending in `\\`
    continues on the next, whose indentation is not part of the value) is
    unfolded, so a wrapped value is read whole."""
    folded = "RFC8792" in text or "RFC 8792" in text
    section, pending = "", None
    for raw in text.split("\n"):
        line = raw.replace("\f", "")
        if PAGE_FOOTER.match(line) or PAGE_HEADER.match(line):
            continue
        if pending is not None:
            line, pending = pending + line.lstrip(), None
        if folded and line.endswith("\\"):
            pending = line[:-1]
            continue
        heading = HEADING.match(line)
        if heading:
            section = heading.group(1)
        yield section, line
    if pending is not None:
        yield section, pending


def xml2rfc_lines(source):
    """An xml2rfc (version 2) source as the lines of the text it renders:
    a heading per section, numbered as xml2rfc numbers them (1, 1.1, … in
    the body; A, A.1, … in the back matter), each paragraph on one line and
    each figure's artwork verbatim, blocks apart by blank lines."""
    entities = set(re.findall(r"&([A-Za-z]\w*);", source)) - {"amp", "lt", "gt", "quot", "apos"}
    parser = ET.XMLParser()
    for name in entities:
        parser.entity[name] = " "
    root = ET.fromstring(source, parser=parser)

    def section(node, number):
        heading = f"Appendix {number}" if number[0].isalpha() and "." not in number else number
        yield number, f"{heading}.  {node.get('title')}"
        children = [child for child in node if child.tag == "section"]
        for child in node:
            if child.tag == "section":
                continue
            artwork = [child] if child.tag == "artwork" else list(child.iter("artwork"))
            if artwork:
                for art in artwork:
                    yield number, ""
                    for line in (art.text or "").strip("\n").split("\n"):
                        yield number, "   " + line
            else:
                text = " ".join("".join(child.itertext()).split())
                if text:
                    yield number, ""
                    yield number, "   " + text
        yield number, ""
        for index, child in enumerate(children, 1):
            yield from section(child, f"{number}.{index}")

    middle = [s for s in root.find("middle") if s.tag == "section"]
    back = [s for s in root.find("back") if s.tag == "section"]
    for index, node in enumerate(middle, 1):
        yield from section(node, str(index))
    for index, node in enumerate(back):
        yield from section(node, chr(ord("A") + index))


def squeeze(value):
    return re.sub(r"\s+", "", value)


def from_rfc(number, text):
    return from_document(f"RFC {number}", list(rfc_lines(text)))


def from_document(document, lines):
    """Every published credential of a specification's text, given as
    (section, line) pairs, each cited by its section."""
    # Offsets of each line in the joined text, to cite a match's section.
    joined, starts = "", []
    for _, line in lines:
        starts.append(len(joined))
        joined += line + "\n"

    def section_at(offset):
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lines[lo][0]

    def cite(offset, what):
        section = section_at(offset)
        where = f"Section {section}" if section[:1].isdigit() else f"Appendix {section}"
        return f"{document} {where}: {what}"

    for m in JSON_MEMBER.finditer(joined):
        name, value = m.group(1), squeeze(m.group(2))
        if name in SECRET_NAMES and TOKEN_CHARS.match(value):
            yield value, cite(m.start(), f'"{name}" member')
    for m in PARAMETER.finditer(joined):
        if m.group(1) in SECRET_NAMES:
            yield m.group(2), cite(m.start(), f"{m.group(1)} parameter")
    for m in SCHEME.finditer(joined):
        scheme, value = m.group(1).split()[0], m.group(2)
        if not re.search(r"[0-9]", value):
            continue  # prose: "Basic authentication", "DPoP Sender-Constrained"
        yield value, cite(m.start(), f"{scheme} credential")
        if scheme == "Basic":
            try:
                user_pass = base64.b64decode(value, validate=True).decode()
            except ValueError:
                continue
            if ":" in user_pass:
                yield user_pass.split(":", 1)[1], cite(m.start(), "Basic credential's password")
    for m in CBOR_MEMBER.finditer(joined):
        if m.group(1) in SECRET_NAMES:
            yield m.group(2), cite(m.start(), f"{m.group(1)} CBOR member")
    yield from labelled_keys(lines, starts, cite)
    # JOSE compact serializations, wrapped over lines of their own.
    i = 0
    while i < len(lines):
        start = COMPACT_START.match(lines[i][1])
        if start:
            parts, j = [start.group(1)], i + 1
            while j < len(lines) and COMPACT_LINE.match(lines[j][1].strip() or "!"):
                parts.append(lines[j][1].strip())
                j += 1
            value = "".join(parts)
            if value.count(".") >= 2:
                yield value, cite(starts[i], "JOSE compact serialization")
            i = j
        else:
            i += 1
    # A value alone on its line, between blank lines, in a section about
    # keys (RFC 8463's "Ed25519 secret key in base64"), outside PEM armour
    # (a wrapped value's continuation lines are not alone).
    armoured = False
    for index, ((section, line), start) in enumerate(zip(lines, starts)):
        stripped = line.strip()
        alone = all(
            not lines[j][1].strip() for j in (index - 1, index + 1) if 0 <= j < len(lines)
        )
        if stripped.startswith("-----BEGIN"):
            armoured = True
        elif stripped.startswith("-----END"):
            armoured = False
        elif alone and not armoured and LONE_VALUE.match(stripped):
            title = next((l for s, l in lines if s == section and HEADING.match(l)), "")
            if KEY_SECTION.search(title):
                yield stripped, cite(start, "key")


def labelled_keys(lines, starts, cite):
    """Hex lines under a line that labels a secret or private key (RFC
    8032's `SECRET KEY:`, RFC 8037's "hexadecimal dump of private key is:"),
    joined into the one hex string they print."""
    for index, (_, line) in enumerate(lines):
        if not KEY_LABEL.search(line):
            continue
        j = index + 1
        while j < len(lines) and not lines[j][1].strip():
            j += 1
        parts = []
        while j < len(lines) and HEX_LINE.match(lines[j][1].strip()):
            parts.append(lines[j][1].replace(" ", "").strip())
            j += 1
        if parts:
            yield "".join(parts), cite(starts[index], "labelled key")


def walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, child in node.items():
            yield from walk(child, path + (key,))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from walk(child, path + (str(index),))


def from_cookbook(root):
    for file in sorted(root.rglob("*.json")):
        if file.name == "package.json":
            continue
        name = file.relative_to(root).as_posix()
        for path, obj in walk(json.loads(file.read_text())):
            for key, value in obj.items():
                if not isinstance(value, str):
                    continue
                secret = (
                    ("kty" in obj and key in SECRET_NAMES)
                    or key in ("cek", "pwd")
                    or (key in ("compact",) and value.count(".") >= 2)
                )
                if secret:
                    yield value, f"ietf-jose/cookbook {name} ({'/'.join(path + (key,))})"


PASETO_KEYS = {"key", "secret-key", "secret-key-seed", "token", "paserk", "password", "wrapping-key"}


def from_paseto(root):
    for file in sorted(root.rglob("*.json")):
        name = file.relative_to(root).as_posix()
        for test in json.loads(file.read_text()).get("tests", []):
            for key, value in test.items():
                if key in PASETO_KEYS and isinstance(value, str) and not value.startswith("-----"):
                    yield value, f"paseto-standard/test-vectors {name} {test.get('name')} {key}"


AGE_SECRETS = {"identity", "passphrase", "file key"}


def from_age(root):
    for file in sorted(p for p in root.iterdir() if p.is_file()):
        header = file.read_bytes().split(b"\n\n", 1)[0].decode("utf-8", "replace")
        for line in header.split("\n"):
            key, _, value = line.partition(": ")
            if key in AGE_SECRETS:
                yield value.strip(), f"C2SP/CCTV age/testdata/{file.name} {key}"


# A BIP 32 extended private key in Base58 (mainnet `xprv`, testnet `tprv`).
EXTENDED_PRIVATE = re.compile(r"\b[xt]prv[1-9A-HJ-NP-Za-km-z]{100,}")


def from_bip32(text):
    vector = None
    lines = text.split("\n")
    for line in lines[lines.index("==Test Vectors==") :]:
        heading = re.match(r"===(Test vector \d+)===", line)
        if heading:
            vector = heading.group(1)
        for key in EXTENDED_PRIVATE.findall(line):
            yield key, f"bitcoin/bips bip-0032.mediawiki {vector} extended private key"


def main():
    cache = Path(sys.argv[1])
    found = {}

    def add(pairs):
        for value, source in pairs:
            if len(value) < MIN_LEN:
                continue
            digest = hashlib.sha256(value.encode()).hexdigest()
            found.setdefault(digest, source)

    for number in sorted(RFCS):
        add(from_rfc(number, (cache / "rfc" / f"rfc{number}.txt").read_text()))
    for file, name in sorted(OPENID.items()):
        source = (cache / "openid-connect" / file).read_text()
        add(from_document(name, list(xml2rfc_lines(source))))
    add(from_cookbook(cache / "ietf-jose-cookbook"))
    add(from_paseto(cache / "paseto-test-vectors"))
    add(from_age(cache / "cctv" / "age" / "testdata"))
    add(from_bip32((cache / "bips" / "bip-0032.mediawiki").read_text()))

    print("// @generated by benches/published/gen.py from the sources it names; do not edit.")
    print("// Regenerate: python3 benches/published/gen.py CACHE > this file (see the script).")
    print()
    print("/// SHA-256 digests (hex) of the credentials standards publish as examples,")
    print("/// sorted by digest, each with where it is published.")
    print("#[rustfmt::skip]")
    print("pub(super) const GENERATED: &[(&str, &str)] = &[")
    for digest in sorted(found):
        print(f"    ({json.dumps(digest)}, {json.dumps(found[digest])}),")
    print("];")


if __name__ == "__main__":
    main()
