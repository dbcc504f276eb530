//! The leak audit: one token of every provider rule, generated from the
//! rule's own regex, and short passwords, planted everywhere a report, an
//! error message or an editor payload could show them; every output is then
//! searched for any 8-character piece of any planted value.
//!
//! The places: a second secret on a finding's line, a provider token on an
//! environment finding's line under `--select env` and `--ignore secret`,
//! suppressed and allowlisted secrets, `getenv` defaults, and configuration
//! errors (a bad allowlist regex, a bad custom-rule regex, a TOML syntax
//! error with the secret in a comment, wrong-type values, unknown
//! selectors). The outputs: every report format on standard output and
//! through `--output`, standard error, baselines, configuration errors and
//! the language server's diagnostics, hovers, code actions and messages.

use crate::common::{
    credlint, fake_token, formats, github_token, leaked, planted_secrets, stderr, stdout, write,
    ALNUM, PLANTED_CONFIG,
};
use crate::lsp::Server;
use credlint::rules::provider::{
    base58check_seal, builtin_rules, crc16_xmodem, Checksum, TokenRule,
};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::json;
use std::path::Path;

/// A small deterministic generator, so that a failure names its token.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound.max(1)
    }
}

/// Text drawn from a regex, and which of its bytes were drawn at random
/// (from a class of more than two characters) rather than spelled out by
/// the regex: a vendor's prefix (`rubygems_`, `https://hooks.slack.com/`)
/// is public and may be shown; only what follows it is the secret.
#[derive(Default)]
struct Draw {
    text: String,
    random: Vec<bool>,
}

impl Draw {
    fn push(&mut self, c: char, random: bool) {
        self.text.push(c);
        self.random
            .extend(std::iter::repeat_n(random, c.len_utf8()));
    }
}

/// Some string `hir` matches. Repetitions stay near their minimum and
/// classes prefer letters and digits, a space, then other printable ASCII,
/// so that the text stays on one line and embeds in a comment or a
/// configuration file. Assertions (`\b`, `\z`) produce nothing: the caller
/// checks the result with the real regex and tries another seed when an
/// assertion fails.
fn sample(hir: &Hir, rng: &mut Lcg, out: &mut Draw) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => std::str::from_utf8(&literal.0)
            .unwrap()
            .chars()
            .for_each(|c| out.push(c, false)),
        HirKind::Class(class) => {
            let (c, choices) = pick(class, rng);
            out.push(c, choices > 2);
        }
        HirKind::Repetition(repetition) => {
            let spare = repetition.max.unwrap_or(repetition.min + 3) - repetition.min;
            let count = repetition.min + rng.below(u64::from(spare.min(3)) + 1) as u32;
            for _ in 0..count {
                sample(&repetition.sub, rng, out);
            }
        }
        HirKind::Capture(capture) => sample(&capture.sub, rng, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| sample(part, rng, out)),
        HirKind::Alternation(branches) => {
            let branch = rng.below(branches.len() as u64) as usize;
            sample(&branches[branch], rng, out);
        }
    }
}

/// A character of `class`, and how many the class holds.
fn pick(class: &Class, rng: &mut Lcg) -> (char, usize) {
    let chars: Vec<char> = match class {
        Class::Unicode(class) => class
            .iter()
            .flat_map(|range| (range.start()..=range.end()).take(256))
            .collect(),
        Class::Bytes(class) => class
            .iter()
            .flat_map(|range| (range.start()..=range.end()).map(char::from))
            .collect(),
    };
    // A space now and then, where allowed, so that `\b` after filler
    // (`twilio[^\r\n]{0,80}?\bSK…`) can hold on some draw.
    if chars.contains(&' ') && rng.below(3) == 0 {
        return (' ', chars.len());
    }
    let preferences: [&dyn Fn(char) -> bool; 4] = [
        &|c: char| c.is_ascii_alphanumeric(),
        &|c: char| c == ' ',
        &|c: char| c.is_ascii_graphic() && !"\"'`\\#".contains(c),
        &|c: char| c.is_ascii_graphic(),
    ];
    for preferred in preferences {
        let choices: Vec<char> = chars.iter().copied().filter(|&c| preferred(c)).collect();
        if !choices.is_empty() {
            return (
                choices[rng.below(choices.len() as u64) as usize],
                chars.len(),
            );
        }
    }
    (chars[0], chars.len())
}

/// A provider token planted as it would be written: `line` is what the
/// rule matches (context words included), `secret` its secret part.
struct Token {
    rule: String,
    line: String,
    secret: String,
    /// The 8-character pieces of the secret that no output may hold: those
    /// with at least half their characters drawn at random. The rest is the
    /// vendor's spelling (`rubygems_`, OpenAI's `T3BlbkFJ` marker), which
    /// redactions and rule documentation show on purpose.
    pieces: Vec<String>,
}

/// One token per provider rule, drawn from the rule's regex until the rule
/// itself accepts the draw (its assertions, entropy floor and allow-list).
fn provider_tokens() -> Vec<Token> {
    builtin_rules()
        .iter()
        .map(|rule| {
            let hir = regex_syntax::parse(&rule.def.regex).unwrap();
            (0..500u64)
                .find_map(|seed| {
                    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
                    let mut draw = Draw::default();
                    sample(&hir, &mut rng, &mut draw);
                    if rule.def.checksum_required {
                        seal(rule, &mut draw.text);
                    }
                    // The engine runs a rule on a text holding one of its
                    // keywords; the draw is planted alone on its line.
                    let lower = draw.text.to_ascii_lowercase();
                    let keywords = &rule.def.keywords;
                    if !keywords.is_empty() && !keywords.iter().any(|k| lower.contains(k.as_str()))
                    {
                        return None;
                    }
                    let span = rule.matches(&draw.text, &|_| true).next()?;
                    let pieces = (span.start..span.end.checked_sub(8)? + 1)
                        .filter(|&i| draw.random[i..i + 8].iter().filter(|&&r| r).count() >= 4)
                        .map(|i| draw.text[i..i + 8].to_owned())
                        .collect();
                    Some(Token {
                        rule: rule.rule_id.clone(),
                        secret: draw.text[span].to_owned(),
                        line: draw.text,
                        pieces,
                    })
                })
                .unwrap_or_else(|| panic!("{}: no token drawn from its regex", rule.rule_id))
        })
        .collect()
}

/// Gives the token of `rule` drawn in `text` the checksum its rule
/// requires, so that the draw is a token the rule reports.
fn seal(rule: &TokenRule, text: &mut String) {
    match rule.def.checksum {
        Some(Checksum::Crc16XmodemBase32) => seal_nkey(text),
        Some(Checksum::Base58check) => {
            let regex = regex::Regex::new(&rule.def.regex).unwrap();
            let Some(key) = (regex.captures(text)).and_then(|c| c.get(rule.def.secret_group))
            else {
                return;
            };
            if let Some(sealed) = base58check_seal(key.as_str()) {
                text.replace_range(key.range(), &sealed);
            }
        }
        Some(Checksum::Crc32Base62) | None => {}
    }
}

/// Gives the NKey seed ending `text` (58 base32 characters, as its rule's
/// regex draws them) the CRC-16/XMODEM its rule requires: little-endian,
/// over the 34 bytes before it, in the last four characters.
fn seal_nkey(text: &mut String) {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let Some(seed) = text.len().checked_sub(58).map(|at| text.split_off(at)) else {
        return;
    };
    let mut bits: Vec<u8> = (seed.bytes())
        .filter_map(|c| ALPHABET.iter().position(|&a| a == c))
        .flat_map(|v| (0..5).rev().map(move |i| (v >> i) as u8 & 1))
        .collect();
    let byte = |bits: &[u8], n: usize| bits[n * 8..n * 8 + 8].iter().fold(0u8, |b, &x| b << 1 | x);
    let data: Vec<u8> = (0..34).map(|n| byte(&bits, n)).collect();
    let crc = crc16_xmodem(&data);
    bits.truncate(34 * 8);
    for b in crc.to_le_bytes() {
        bits.extend((0..8).rev().map(|i| (b >> i) & 1));
    }
    bits.resize(290, 0);
    text.extend(
        bits.chunks(5)
            .map(|c| ALPHABET[c.iter().fold(0usize, |v, &x| v << 1 | usize::from(x))] as char),
    );
}

/// Short passwords: under 20 characters a redaction shows one character on
/// each side, so an 8-character window of the value must never appear.
fn short_passwords() -> Vec<String> {
    let mut out = vec![
        "Xk9#mQ2v".to_owned(),
        "k4Tz-W0rq!9z".to_owned(),
        "Hq3$wLx8Tz1m".to_owned(),
    ];
    out.extend((0..3).map(|seed| fake_token("", ALNUM, 10 + seed as usize, 700 + seed)));
    out
}

/// A string as a TOML basic string.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// The project every audit scans: the shared planted file, and the tokens
/// and passwords in every position, one file per position.
fn plant(dir: &Path, tokens: &[Token], passwords: &[String]) -> Vec<String> {
    let planted = planted_secrets(90);
    let mut secrets = planted.secrets.clone();
    write(dir, "app.py", &planted.text);
    // A project's own token rule, whose tokens count as much as built-in ones.
    let custom = fake_token("acme_", "abcdefghijklmnopqrstuvwxyz0123456789", 32, 91);
    write(
        dir,
        "credlint.toml",
        &format!(
            "{PLANTED_CONFIG}paths = [\"allowed/**\"]\n\n\
             [[rules]]\nid = \"acme-token\"\nregex = '\\b(acme_[a-z0-9]{{32}})\\b'\n\
             secret_group = 1\nkeywords = [\"acme_\"]\n"
        ),
    );
    let one_line: Vec<&Token> = tokens.iter().filter(|t| !t.line.contains('\n')).collect();
    // Tokens glued into names with `_` (`backup_ghp_…`, `ghp_…_old`), where
    // the rules' `\b` sees no word of their own, on environment reads' lines:
    // those that say what they are themselves (a keyword of their rule in the
    // token, not only beside it) and can be part of a name.
    let mut names = String::from("import os\n");
    let self_evident = |token: &&Token| {
        let rule = builtin_rules().iter().find(|r| r.rule_id == token.rule);
        let lower = token.secret.to_ascii_lowercase();
        rule.is_some_and(|r| r.def.keywords.iter().any(|k| lower.contains(k.as_str())))
    };
    let identifiers = (tokens
        .iter()
        .filter(self_evident)
        .map(|t| t.secret.as_str()))
    .chain([custom.as_str()])
    .filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    for (i, secret) in identifiers.enumerate() {
        let password = toml_string(&passwords[i % passwords.len()]);
        names.push_str(&format!(
            "backup_{secret} = os.environ[\"B{i}\"]\n{secret}_old = os.environ[\"C{i}\"]\n\
             {secret}_password = {password}\n"
        ));
        // Glued by a digit, a letter, a non-ASCII letter (a11 #2), where
        // no boundary at all stands between the token and the name.
        for glued in [
            format!("v2{secret}_password"),
            format!("{secret}2_password"),
            format!("{secret}x_password"),
            format!("x{secret}_password"),
            format!("my{secret}Password"),
            format!("é{secret}_password"),
            format!("{secret}é_password"),
        ] {
            names.push_str(&format!("{glued} = {password}\n"));
        }
        // And in folder names holding a finding.
        if i % 8 == 0 {
            for folder in [
                format!("{secret}2"),
                format!("v2{secret}"),
                format!("{secret}old"),
            ] {
                write(
                    dir,
                    &format!("{folder}/db.py"),
                    &format!("password = {password}\n"),
                );
            }
        }
    }
    write(dir, "names.py", &names);
    // A token in a comment on an environment read's line, a password passed
    // beside one; `allow` suppresses the secrets with a comment.
    let beside_env = |allow: bool| -> String {
        let allow = if allow {
            " credlint: allow(secret)"
        } else {
            ""
        };
        let mut text = String::from("import os\n");
        for (i, token) in one_line.iter().enumerate() {
            text.push_str(&format!(
                "v{i} = os.environ[\"V{i}\"]  # {}{allow}\n",
                token.line
            ));
        }
        for (i, password) in passwords.iter().enumerate() {
            text.push_str(&format!(
                "w{i} = connect(os.environ[\"W{i}\"], {})  #{allow}\n",
                toml_string(password)
            ));
        }
        text
    };
    write(dir, "service.py", &beside_env(false));
    // Tokens written in escapes (`\u0067…`, `%67…`, `&#103;hp_…`, the
    // last with the token's tail in clear) on environment reads' lines,
    // and passwords in the literal forms of other languages.
    let mut escaped = String::from("import os\n");
    for (i, token) in one_line.iter().filter(|t| t.line.is_ascii()).enumerate() {
        let line = &token.line;
        let unicode: String = line
            .chars()
            .map(|c| format!("\\u{:04x}", c as u32))
            .collect();
        let percent: String = line.bytes().map(|b| format!("%{b:02X}")).collect();
        let html: String = (line.chars().enumerate())
            .map(|(at, c)| match c {
                c if at > 0 && (c.is_ascii_alphanumeric() || c == '_') => c.to_string(),
                c => format!("&#{};", c as u32),
            })
            .collect();
        // A run cut where it decodes to no text (a19 #3): a line break, a
        // byte of no character, a NUL beside the token.
        let cut = [
            format!("{html}%0A"),
            format!("%C3{html}"),
            format!("{unicode}\\u0000"),
        ];
        for (j, form) in [unicode, percent, html].iter().chain(&cut).enumerate() {
            escaped.push_str(&format!("e{i}_{j} = os.environ[\"E{i}_{j}\"]  # {form}\n"));
        }
    }
    write(dir, "escaped.py", &escaped);
    // Passphrases (a blank, a bracket: no password to the value model,
    // which reports none) assigned to credential names in typed
    // declarations, beside a token (a19 #5).
    let passphrase = |seed: u64| {
        let piece = |len, at| fake_token("", ALNUM, len, seed * 3 + at);
        format!("{} {}({})", piece(5, 0), piece(5, 1), piece(6, 2))
    };
    let shapes = [
        ("typed.ts", "password?: string = \"{}\"; // {}"),
        ("typed.kt", "val password: String = \"{}\" // {}"),
        ("typed.go", "var apiKey *string = ptr(\"{}\") // {}"),
        ("typed.php", "$config['password'] = '{}'; // {}"),
    ];
    for (k, (file, shape)) in shapes.iter().enumerate() {
        let mut typed = String::new();
        for (i, token) in one_line.iter().enumerate().take(6) {
            let phrase = passphrase(900 + (k * 10 + i) as u64);
            let line = shape
                .replacen("{}", &phrase, 1)
                .replacen("{}", &token.line, 1);
            typed.push_str(&line);
            typed.push('\n');
            secrets.push(phrase);
        }
        write(dir, file, &typed);
    }
    let mut forms = String::new();
    for (i, password) in passwords.iter().filter(|p| !p.contains('`')).enumerate() {
        forms.push_str(&format!(
            "const password{i} = `{password}`; login(`{password}`, \"{password}\");\n\
             const secret{i} = `\n  {password}\n`;\n"
        ));
    }
    write(dir, "literals.js", &forms);
    write(dir, "literals.go", &forms.replace("const ", "var "));
    // Passwords in the declarations other languages write their own way
    // (`rules/declarations.rs`, Objective-C's `@"…"`, SQL's `IDENTIFIED
    // BY`), each line with a token in its comment, so the line is shown.
    for (file, shape, comment) in [
        (
            "declared.ps1",
            "Set-Variable -Name password -Value '{p}'; New-Variable token '{p}'",
            "#",
        ),
        (
            "declared.m",
            "NSString *password = @\"{p}\"; d = @{@\"token\": @\"{p}\"};",
            "//",
        ),
        ("declared.vb", "Dim password As String = \"{p}\"", "'"),
        ("declared.R", "password <- '{p}'; '{p}' -> token", "#"),
        (
            "declared.clj",
            "(def password \"{p}\") {:token \"{p}\"}",
            ";",
        ),
        (
            "declared.sql",
            "CREATE USER a IDENTIFIED BY '{p}'; ALTER USER b IDENTIFIED BY \"{p}\";",
            "--",
        ),
    ] {
        let mut text = String::new();
        for (i, password) in passwords
            .iter()
            .filter(|p| !p.contains(['\'', '"', '\\']))
            .enumerate()
        {
            let token = &one_line[i % one_line.len()].line;
            let line = shape.replace("{p}", password);
            text.push_str(&format!("{line} {comment} {token}\n"));
        }
        write(dir, file, &text);
    }
    write(dir, "suppressed.py", &beside_env(true));
    write(dir, "allowed/service.py", &beside_env(false));
    // Secrets as `getenv` defaults: only the secret part, as a string.
    let mut defaults = String::from("import os\n");
    let literal_safe = |s: &&String| !s.contains(['"', '\\', '\n']);
    for (i, secret) in tokens
        .iter()
        .map(|t| &t.secret)
        .chain(passwords)
        .filter(literal_safe)
        .enumerate()
    {
        defaults.push_str(&format!("d{i} = os.getenv(\"D{i}\", \"{secret}\")\n"));
    }
    write(dir, "fallbacks.py", &defaults);
    // Rust: a token beside `std::env::var`.
    let mut rust = String::from("fn main() {\n");
    for (i, token) in one_line.iter().enumerate() {
        rust.push_str(&format!(
            "    let v{i} = std::env::var(\"V{i}\"); // {}\n",
            token.line
        ));
    }
    rust.push_str("}\n");
    write(dir, "src/main.rs", &rust);
    // Plain text, two tokens to a line where they fit, multi-line ones too.
    let mut text = String::new();
    for pair in tokens.chunks(2) {
        let line: Vec<&str> = pair.iter().map(|t| t.line.as_str()).collect();
        text.push_str(&format!("key: {}\n", line.join(" ; ")));
    }
    for password in passwords {
        text.push_str(&format!("password: {password}  api_key = {password}\n"));
    }
    write(dir, "settings.yaml", &text);
    // Prose with no credential key before a password, on a finding's line:
    // beside a token in notes, in a comment beside an environment read.
    let mut notes = String::new();
    let mut comments = String::from("import os\n");
    for (i, password) in passwords.iter().enumerate() {
        let token = &one_line[i % one_line.len()].line;
        notes.push_str(&format!(
            "rotated {token} today; the old login {password} is dead\n"
        ));
        comments.push_str(&format!(
            "x{i} = os.environ[\"X{i}\"]  # rotated: admin/{password}, then {password}.\n"
        ));
    }
    write(dir, "notes.md", &notes);
    write(dir, "rotated.py", &comments);
    secrets.extend(tokens.iter().flat_map(|t| t.pieces.iter().cloned()));
    secrets.push(custom["acme_".len()..].to_owned());
    secrets.extend(passwords.iter().cloned());
    secrets
}

/// `what` names the output; the failure shows the piece found and where.
/// Ten characters a person might make a password of, too guessable for
/// the value model alone: three capitals, two digits, three lowercase
/// letters (drawn from `seed`), then `symbols` (`KUW33scu-+`).
fn human_piece(seed: u64, symbols: &str) -> String {
    let head = fake_token("", "ABCDEFGHJKLMNPQRSTUVWXYZ", 3, seed);
    let digits = fake_token("", "23456789", 2, seed + 10);
    let tail = fake_token("", "abcdefghijkmnpqrstuvwxyz", 3, seed + 20);
    format!("{head}{digits}{tail}{symbols}")
}

/// The text report of `check` in `dir`, which must find something (exit 1).
fn text_report_with_findings(dir: &Path) -> String {
    let output = credlint(dir, &["check", "--format", "text"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    stdout(&output)
}

fn assert_no_leak(what: &str, shown: &str, secrets: &[String]) {
    if let Some(piece) = leaked(shown, secrets) {
        let at = shown.find(piece).unwrap();
        let from = shown[..at]
            .char_indices()
            .rev()
            .nth(120)
            .map_or(0, |(i, _)| i);
        let context: String = shown[from..].chars().take(300).collect();
        panic!("{what} shows {piece:?}:\n{context}");
    }
}

#[test]
fn provider_tokens_are_drawn_for_every_rule() {
    let tokens = provider_tokens();
    assert_eq!(tokens.len(), builtin_rules().len());
    // The draws are real: the engine reports each one, by some rule.
    for token in &tokens {
        let findings = credlint::check(
            &credlint::Document::new("token.txt", token.line.as_str()),
            &credlint::Config::default(),
        );
        assert!(
            findings.iter().any(|f| f.rule.starts_with("secret/")),
            "{}: {:?} not found",
            token.rule,
            token.line
        );
    }
}

/// The formats that show source lines, where a secret beside a finding
/// could appear.
const SOURCE_FORMATS: [&str; 5] = ["text", "github", "markdown", "junit", "checkstyle"];

/// `credlint check <selection> --format F` for each format, standard output
/// and standard error.
fn audit_check(selection: &[&str], formats: &[&str]) {
    let dir = tempfile::TempDir::new().unwrap();
    let secrets = plant(dir.path(), &provider_tokens(), &short_passwords());
    for format in formats {
        let mut args = vec!["check", "--format", format];
        args.extend_from_slice(selection);
        let output = credlint(dir.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        let what = format!("{args:?}");
        // The file of tokens beside environment reads has findings under
        // every selection (it is neither a settings module nor a test).
        assert!(stdout(&output).contains("service.py"), "{what}");
        assert_no_leak(&what, &stdout(&output), &secrets);
        assert_no_leak(&what, &stderr(&output), &secrets);
    }
}

#[test]
fn no_report_shows_a_planted_secret_under_select_env() {
    audit_check(&["--select", "env"], &SOURCE_FORMATS);
}

#[test]
fn no_report_shows_a_planted_secret_under_ignore_secret() {
    audit_check(&["--ignore", "secret"], &SOURCE_FORMATS);
}

/// Every format, written through `--output` (and the text report on
/// standard output, as a terminal shows it).
#[test]
fn no_report_file_shows_a_planted_secret() {
    audit_check(&[], &["text"]);
    let dir = tempfile::TempDir::new().unwrap();
    let secrets = plant(dir.path(), &provider_tokens(), &short_passwords());
    // Outside the scanned folder: a report in it would be scanned by the
    // next run, which refuses to replace it.
    let reports = tempfile::TempDir::new().unwrap();
    let report = reports.path().join("report.out");
    for format in formats() {
        let format = format.as_str();
        let output = credlint(
            dir.path(),
            &[
                "check",
                "--format",
                format,
                "--output",
                report.to_str().unwrap(),
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let written = std::fs::read_to_string(&report).unwrap();
        assert!(written.len() > 1000, "{format}: {written}");
        assert_no_leak(&format!("--output ({format})"), &written, &secrets);
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert_no_leak(&format!("terminal ({format})"), &shown, &secrets);
    }
}

#[test]
fn no_baseline_holds_a_planted_secret() {
    let dir = tempfile::TempDir::new().unwrap();
    let secrets = plant(dir.path(), &provider_tokens(), &short_passwords());
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_no_leak(
        "baseline output",
        &format!("{}{}", stdout(&output), stderr(&output)),
        &secrets,
    );
    let baseline = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(baseline.contains("secret/github-pat"), "{baseline}");
    assert_no_leak("baseline", &baseline, &secrets);
    // Updating keeps it free of them too.
    let output = credlint(
        dir.path(),
        &["check", "--baseline", "base.json", "--update-baseline"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_no_leak(
        "update output",
        &format!("{}{}", stdout(&output), stderr(&output)),
        &secrets,
    );
    let baseline = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert_no_leak("updated baseline", &baseline, &secrets);
}

/// Configuration files that are wrong because of a secret pasted into them.
fn broken_configs(secret: &str) -> Vec<(&'static str, String)> {
    let quoted = toml_string(secret);
    let group = toml_string(&format!("({secret}"));
    vec![
        ("bad allowlist regex", format!("[allowlist]\nvalues = [{group}]\n")),
        (
            "bad custom-rule regex",
            format!("[[rules]]\nid = 'acme'\nkeywords = ['acme']\nregex = {group}\n"),
        ),
        (
            "bad custom-rule allow regex",
            format!("[[rules]]\nid = 'acme'\nkeywords = ['acme']\nregex = 'acme_[a-z]+'\nallow = [{group}]\n"),
        ),
        (
            "TOML syntax error after a comment",
            format!("exclude = ['a']\n# {secret}\nselect = ['env'  # was {secret}\n"),
        ),
        (
            "TOML syntax error in a string",
            format!("select = [\"{}\\q\"]\n", secret.replace(['"', '\\'], "")),
        ),
        ("wrong type: number", format!("max-file-size = {quoted}\n")),
        ("wrong type: boolean", format!("scan-generated = {quoted}\n")),
        ("wrong type: list", format!("exclude = {quoted}\n")),
        ("wrong type: severity", format!("[severity]\nenv = {quoted}\n")),
        ("unknown selector: select", format!("select = ['env', {quoted}]\n")),
        ("unknown selector: ignore", format!("ignore = [{quoted}]\n")),
        (
            "unknown selector: per-file-ignores",
            format!("[per-file-ignores]\n'tests/**' = [{quoted}]\n"),
        ),
        (
            "unknown selector: severity key",
            format!("[severity]\n{quoted} = 'error'\n"),
        ),
        // A secret pasted where a key goes: an unknown key or table.
        ("unknown key", format!("{quoted} = 1\n")),
        ("unknown key in a table", format!("[allowlist]\n{quoted} = 1\n")),
        ("unknown table", format!("[{quoted}]\nx = 1\n")),
        (
            "unknown key in a rule",
            format!("[[rules]]\nid = 'acme'\nkeywords = ['acme']\nregex = 'acme_[a-z]+'\n{quoted} = 1\n"),
        ),
    ]
}

#[test]
fn configuration_errors_never_quote_a_planted_secret() {
    let dir = tempfile::TempDir::new().unwrap();
    let mut secrets: Vec<(String, Vec<String>)> = provider_tokens()
        .into_iter()
        .map(|t| (t.secret, t.pieces))
        .collect();
    secrets.extend(short_passwords().into_iter().map(|p| (p.clone(), vec![p])));
    // Small letters only: a key of words is shown, this one must not be.
    let lowercase = fake_token("", "abcdefghijklmnopqrstuvwxyz", 16, 77);
    secrets.push((lowercase.clone(), vec![lowercase]));
    let path = dir.path().join("credlint.toml");
    let pyproject = dir.path().join("pyproject.toml");
    for (secret, pieces) in &secrets {
        let planted = pieces.as_slice();
        for (what, toml) in broken_configs(secret) {
            std::fs::write(&path, &toml).unwrap();
            let error = credlint::workspace::load_config(&path)
                .map(|_| ())
                .expect_err(what)
                .to_string();
            assert_no_leak(what, &error, planted);
            // The same under `[tool.credlint]`, where tables nest a level down.
            let nested = toml
                .replace("[allowlist]", "[tool.credlint.allowlist]")
                .replace("[[rules]]", "[[tool.credlint.rules]]")
                .replace("[severity]", "[tool.credlint.severity]")
                .replace("[per-file-ignores]", "[tool.credlint.per-file-ignores]");
            let nested = if nested.starts_with("[tool.") {
                nested
            } else {
                format!("[tool.credlint]\n{nested}")
            };
            std::fs::write(&pyproject, &nested).unwrap();
            if let Err(error) = credlint::workspace::load_config(&pyproject) {
                assert_no_leak(what, &error.to_string(), planted);
            }
        }
    }
    std::fs::remove_file(&pyproject).unwrap();
    // Through the binary, for one token, one password and the lowercase
    // one: the messages
    // reach standard error unchanged.
    write(dir.path(), "app.py", "x = 1\n");
    for (secret, pieces) in [
        &secrets[0],
        &secrets[secrets.len() - 2],
        &secrets[secrets.len() - 1],
    ] {
        for (what, toml) in broken_configs(secret) {
            std::fs::write(&path, &toml).unwrap();
            for args in [&["check"][..], &["baseline", "-o", "b.json"]] {
                let output = credlint(dir.path(), args);
                assert_eq!(output.status.code(), Some(2), "{what}: {args:?}");
                let shown = format!("{}{}", stdout(&output), stderr(&output));
                assert!(shown.contains("credlint.toml"), "{what}: {shown}");
                assert_no_leak(what, &shown, pieces);
            }
        }
    }
}

/// Every payload the language server sends about `path`: diagnostics, a
/// hover at each diagnostic and code actions on each diagnostic's line.
fn lsp_payloads(server: &mut Server, path: &Path, language: &str, text: &str) -> String {
    let uri = format!("file://{}", path.display());
    server.open(path, language, text);
    let diagnostics = server.diagnostics(path, Some(1));
    let mut payloads = vec![json!(diagnostics)];
    for diagnostic in &diagnostics {
        let start = &diagnostic["range"]["start"];
        payloads.push(server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": start }),
        ));
        let line = &start["line"];
        payloads.push(server.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 400 } }, "context": { "diagnostics": [diagnostic] } }),
        ));
    }
    serde_json::to_string(&payloads).unwrap()
}

#[test]
fn no_language_server_payload_shows_a_planted_secret() {
    let dir = tempfile::TempDir::new().unwrap();
    let secrets = plant(dir.path(), &provider_tokens(), &short_passwords());
    write(dir.path(), "mcp_app_settings.py", "import os\n");
    let files = [
        ("app.py", "python"),
        ("service.py", "python"),
        ("escaped.py", "python"),
        ("suppressed.py", "python"),
        ("allowed/service.py", "python"),
        ("fallbacks.py", "python"),
        ("names.py", "python"),
        ("src/main.rs", "rust"),
        ("settings.yaml", "yaml"),
    ];
    for options in [json!({}), json!({ "select": ["env"] })] {
        let mut server = Server::start(dir.path(), options.clone());
        for (name, language) in files {
            let path = dir.path().join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let shown = lsp_payloads(&mut server, &path, language, &text);
            // Under `select: [env]` the YAML file has nothing to report.
            let quiet = name.ends_with(".yaml") && options != json!({});
            assert!(
                quiet || shown.contains("\"code\""),
                "{name}: no diagnostics"
            );
            assert_no_leak(&format!("{name} with {options}"), &shown, &secrets);
        }
        server.shutdown();
    }
    // A configuration error with a secret in it: the message and the
    // configuration file's own diagnostic.
    let secret = short_passwords().remove(0);
    let secret = &secret;
    for (what, toml) in broken_configs(secret) {
        write(dir.path(), "credlint.toml", &toml);
        let mut server = Server::start(dir.path(), json!({}));
        server.open(&dir.path().join("app.py"), "python", "x = 1\n");
        let message = server.wait_for(|m| m["method"] == "window/showMessage");
        let config = dir.path().join("credlint.toml");
        let diagnostics = server.diagnostics(&config, None);
        let shown = serde_json::to_string(&(message, diagnostics)).unwrap();
        assert!(shown.contains("credlint.toml"), "{what}: {shown}");
        assert_no_leak(what, &shown, std::slice::from_ref(secret));
        server.shutdown();
    }
}

/// A file and a folder named after tokens (`<token>.py`, `backup_<token>/`,
/// where the `_` before the token leaves no word boundary), and a broken
/// configuration file in that folder: no report format, `--output` file,
/// standard error, baseline or language-server message shows either token,
/// and the baseline written still matches what it recorded.
#[test]
fn no_output_shows_a_token_a_file_is_named_after() {
    let dir = tempfile::TempDir::new().unwrap();
    let (file_token, folder_token) = (github_token(41), github_token(42));
    // A project's own token rule names files too.
    let custom = fake_token("acme_", "abcdefghijklmnopqrstuvwxyz0123456789", 32, 43);
    let rule = "[[rules]]\nid = \"acme-token\"\nregex = '\\b(acme_[a-z0-9]{32})\\b'\n\
                secret_group = 1\nkeywords = [\"acme_\"]\n";
    write(dir.path(), "credlint.toml", rule);
    let secrets = vec![file_token.clone(), folder_token.clone(), custom.clone()];
    let code = "DB_PASSWORD = \"Xk9#mQ2vLp7zQ\"\n";
    write(dir.path(), &format!("{file_token}.py"), code);
    write(dir.path(), &format!("{custom}.py"), code);
    let folder = format!("backup_{folder_token}");
    write(dir.path(), &format!("{folder}/app.py"), code);
    let reports = tempfile::TempDir::new().unwrap();
    let report = reports.path().join("report.out");
    for format in formats() {
        let output = credlint(
            dir.path(),
            &[
                "check",
                "--format",
                &format,
                "--output",
                report.to_str().unwrap(),
            ],
        );
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let written = std::fs::read_to_string(&report).unwrap();
        assert!(written.contains("backup_ghp_"), "{format}: {written}");
        assert_no_leak(&format!("--output ({format})"), &written, &secrets);
        let output = credlint(dir.path(), &["check", "--format", &format]);
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert_no_leak(&format!("--format {format}"), &shown, &secrets);
    }
    let output = credlint(dir.path(), &["baseline", "-o", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let baseline = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert_no_leak("baseline", &baseline, &secrets);
    let output = credlint(dir.path(), &["check", "--baseline", "base.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // Updating keeps every entry: no file changed.
    let output = credlint(
        dir.path(),
        &["check", "--baseline", "base.json", "--update-baseline"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let updated = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert_eq!(updated.matches("\"path\"").count(), 3, "{updated}");
    assert_no_leak("updated baseline", &updated, &secrets);

    // `credlint config` on the file, with a glob that names its folder.
    write(
        dir.path(),
        "credlint.toml",
        &format!("exclude = [\"{folder}/**\"]\n{rule}"),
    );
    for format in ["text", "json"] {
        let output = credlint(
            dir.path(),
            &["config", "--format", format, &format!("{folder}/app.py")],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert!(shown.contains("backup_ghp_"), "{shown}");
        assert_no_leak(&format!("config ({format})"), &shown, &secrets);
    }
    std::fs::remove_file(dir.path().join("credlint.toml")).unwrap();
    // Without the project's rule, its token is a name like any other.
    let secrets = &secrets[..2];
    // A broken configuration file in the folder: the error names it.
    write(
        dir.path(),
        &format!("{folder}/credlint.toml"),
        "select = [\n",
    );
    for format in ["text", "json"] {
        let output = credlint(dir.path(), &["check", "--format", format]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let shown = format!("{}{}", stdout(&output), stderr(&output));
        assert!(shown.contains("credlint.toml"), "{shown}");
        assert_no_leak(&format!("configuration error ({format})"), &shown, secrets);
    }
    let mut server = Server::start(dir.path(), json!({}));
    let path = dir.path().join(&folder).join("app.py");
    server.open(&path, "python", code);
    let message = server.wait_for(|m| m["method"] == "window/showMessage");
    let shown = serde_json::to_string(&message).unwrap();
    assert!(shown.contains("credlint.toml"), "{shown}");
    assert_no_leak("language server message", &shown, secrets);
    server.shutdown();
}

/// A run of random lowercase letters in a comment after a found token
/// (a15 #8: `t = ghp_… ; <twenty random letters>`), in the comment styles of
/// INI, Python and YAML: the text excerpt hides it, as it would hide the
/// same run as a quoted literal; words of prose beside it stay shown.
#[test]
fn no_excerpt_shows_random_lowercase_words_after_a_token() {
    let dir = tempfile::TempDir::new().unwrap();
    let lowercase = "abcdefghijklmnopqrstuvwxyz";
    let words: Vec<String> = (0..6)
        .map(|i| fake_token("", lowercase, 20, 90 + i))
        .collect();
    let token = |i: u64| github_token(80 + i);
    write(
        dir.path(),
        "app.ini",
        &format!(
            "t = {} ; {}\nu = {} ; rotated {} weekly\n",
            token(0),
            words[0],
            token(1),
            words[1]
        ),
    );
    write(
        dir.path(),
        "app.py",
        &format!(
            "T = \"{}\"  # {}\nU = \"{}\"  # old: {}\n",
            token(2),
            words[2],
            token(3),
            words[3]
        ),
    );
    write(
        dir.path(),
        "app.yaml",
        &format!(
            "t: {} # {}\nu: {} # {}, configuration\n",
            token(4),
            words[4],
            token(5),
            words[5]
        ),
    );
    let shown = text_report_with_findings(dir.path());
    assert_no_leak("text excerpt", &shown, &words);
    assert!(
        shown.contains("rotated") && shown.contains("configuration"),
        "{shown}"
    );
}

/// A shell word is one value however it is quoted (a17 #4): in
/// `TOKEN="<secret>"<tail>` the tail is part of the secret, in a dotenv
/// file, a shell script and a Dockerfile. The excerpt hides the tail with
/// the quoted part; the code after a closed literal in Python stays shown.
#[test]
fn no_excerpt_shows_the_tail_glued_after_a_quoted_secret() {
    let dir = tempfile::TempDir::new().unwrap();
    let secret = |i: u64| fake_token("", ALNUM, 24, 120 + i);
    // Tails that look like nothing random on their own: a word and digits.
    let tails: Vec<String> = (0..3).map(|i| format!("Sunday{}", 20_250 + i)).collect();
    write(
        dir.path(),
        ".env",
        &format!("TOKEN=\"{}\"{}\n", secret(0), tails[0]),
    );
    write(
        dir.path(),
        "deploy.sh",
        &format!("export TOKEN='{}'{}\n", secret(1), tails[1]),
    );
    write(
        dir.path(),
        "Dockerfile",
        &format!("FROM scratch\nENV TOKEN=\"{}\"{}\n", secret(2), tails[2]),
    );
    write(
        dir.path(),
        "app.py",
        &format!("TOKEN = \"{}\".encode()\n", secret(3)),
    );
    let shown = text_report_with_findings(dir.path());
    let planted: Vec<String> = (0..4).map(secret).chain(tails).collect();
    assert_no_leak("text excerpt", &shown, &planted);
    assert!(shown.contains(".encode()"), "{shown}");
}

/// A password as a generator with a policy makes it: runs of capitals,
/// lowercase letters and digits joined by the symbols the policy asks for
/// (`UJNB8brac#289!ediyew`, or at the end), with one character outside
/// ASCII in every third (`é`, `€`, `ß`, `密`, `🔑`, a zero-width or no-break
/// space).
fn policy_password(seed: u64) -> String {
    const CLASSES: [&str; 3] = [
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "abcdefghijklmnopqrstuvwxyz",
        "0123456789",
    ];
    const SYMBOLS: [&str; 7] = ["#", "!", "$", "%", "&", "*", "?"];
    const OUTSIDE: [&str; 7] = ["é", "€", "ß", "密", "🔑", "\u{200b}", "\u{a0}"];
    let mut password = String::new();
    let mut symbols = String::new();
    for run in 0..5 {
        let at = seed * 7 + run;
        let class = CLASSES[(at % 3) as usize];
        password += &fake_token("", class, 2 + (at % 4) as usize, 300 + at);
        if run % 2 == 1 {
            symbols += SYMBOLS[(at % 7) as usize];
            // Every fourth puts its symbols at the end (`CGA43uwd+!`).
            if seed % 4 != 1 {
                password += &std::mem::take(&mut symbols);
            }
        }
    }
    password += &symbols;
    if seed % 3 == 0 {
        password.insert_str(4, OUTSIDE[(seed / 3 % 7) as usize]);
    }
    password
}

/// Passwords written unquoted in sight of a finding (a19 #1, #9): a shell
/// line beside a token, prose, a comment after an environment read under
/// `--select env`, the last line of a multi-line literal. The value model
/// took any value outside ASCII for a Unicode test vector, and some random
/// runs for a phrase, so the text excerpt showed them whole; every source
/// format hides them now, and prose and identifiers beside them stay
/// shown.
#[test]
fn no_excerpt_shows_an_unquoted_policy_password() {
    let dir = tempfile::TempDir::new().unwrap();
    // A dozen more typed with an input method's fullwidth keys: the value
    // model dropped them whole as text outside ASCII (a21 #2).
    let fullwidth = |ascii: String| -> String {
        (ascii.chars())
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect()
    };
    let passwords: Vec<String> = (0..48)
        .map(policy_password)
        .chain((0..12).map(|seed| fullwidth(policy_password(3 * seed + 1))))
        .collect();
    let token = |i: u64| github_token(400 + i);
    let prose = "Grüße, Überprüfung, API_KEY_V2";
    for (i, pair) in passwords.chunks(4).enumerate() {
        let i = i as u64;
        write(
            dir.path(),
            &format!("deploy{i}.sh"),
            &format!("export DB_PASSWORD={} TOKEN={}\n", pair[0], token(i)),
        );
        write(
            dir.path(),
            &format!("notes{i}.txt"),
            &format!("{prose} token {} and password {}\n", token(20 + i), pair[1]),
        );
        write(
            dir.path(),
            &format!("app{i}.py"),
            &format!(
                "import os\nx = os.environ[\"HOME\"]  # old password {} rotated\n",
                pair[2]
            ),
        );
        write(
            dir.path(),
            &format!("app{i}.kt"),
            &format!(
                "val text = \"\"\"\n{}\"\"\"; val token = \"{}\"\n",
                pair[3],
                token(40 + i)
            ),
        );
    }
    for selection in [&[][..], &["--select", "env"][..]] {
        for format in SOURCE_FORMATS {
            let mut args = vec!["check", "--format", format];
            args.extend_from_slice(selection);
            let output = credlint(dir.path(), &args);
            assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
            assert_no_leak(&format!("{args:?}"), &stdout(&output), &passwords);
        }
    }
    let shown = stdout(&credlint(dir.path(), &["check", "--format", "text"]));
    assert!(shown.contains(prose), "{shown}");
}

/// A shell word is one value however it is glued (a20's shell-word probe):
/// the unquoted head before a reported quoted part (`PASSWORD=head_='…'`),
/// a piece after an escaped blank or an empty pair of quotes, in a shell
/// script, a dotenv file and a Dockerfile. The pieces look like nothing
/// random to the value model on their own (three capitals, two digits,
/// three lowercase letters, two symbols), so only the word they are glued
/// into hides them; a plain URL keeps its host shown.
#[test]
fn no_excerpt_shows_a_piece_glued_into_a_secrets_shell_word() {
    let dir = tempfile::TempDir::new().unwrap();
    let piece = |i: u64| human_piece(500 + i, "_=");
    let secret = |i: u64| fake_token("", ALNUM, 20, 530 + i);
    let token = |i: u64| github_token(540 + i);
    let lines = |i: u64| {
        format!(
            "export GH_TOKEN={} DB_PASSWORD={}'{}'\nDB_PASSWORD={}\"\"{}\nDB_PASSWORD={}\\ {}\nDB_URL=postgres://app:{}@db.internal.example/app\n",
            token(i),
            piece(i),
            secret(i),
            secret(i + 10),
            piece(i + 10),
            secret(i + 20),
            piece(i + 20),
            secret(i + 30),
        )
    };
    write(dir.path(), "deploy.sh", &lines(0));
    write(dir.path(), ".env", &lines(1));
    write(
        dir.path(),
        "Dockerfile",
        &format!("FROM scratch\nENV {}", lines(2)),
    );
    let shown = text_report_with_findings(dir.path());
    let planted: Vec<String> = (0..3)
        .flat_map(|i| [piece(i), piece(i + 10), piece(i + 20), secret(i)])
        .collect();
    assert_no_leak("text excerpt", &shown, &planted);
    assert!(shown.contains("@db.internal.example/app"), "{shown}");
}

/// A value a shell line assigns to a credential's name is hidden beside
/// another finding whether or not the value model takes it for a password:
/// ten characters of three classes and two symbols not of a password
/// policy (`KUW33scu-+`), glued by an escaped blank or an empty pair of
/// quotes in a shell script, or set unquoted in documentation or a
/// comment (`--password=…`). Variables and references stay shown.
#[test]
fn no_excerpt_shows_a_credential_names_shell_value() {
    let dir = tempfile::TempDir::new().unwrap();
    let piece = |i: u64| human_piece(600 + i, "-+");
    let token = |i: u64| github_token(640 + i);
    write(
        dir.path(),
        "deploy.sh",
        &format!(
            "DB_USER=$APP_USER env GH_TOKEN={} DB_PASSWORD={}\\ {}\n\
             DB_TOKEN=\"$VAULT_TOKEN\" GH_TOKEN={} DB_PASSWORD={}\"\"{}\n",
            token(0),
            piece(0),
            piece(1),
            token(2),
            piece(2),
            piece(3),
        ),
    );
    write(
        dir.path(),
        "docs.md",
        &format!(
            "Run `DB_USER=$APP_USER GH_TOKEN={} DB_PASSWORD={} ./deploy`\n\n\
             ```sh\nexport GH_TOKEN={} # rotate with mysql --password={}\n```\n",
            token(4),
            piece(4),
            token(5),
            piece(5),
        ),
    );
    // Passwords a person chose, shaped as identifiers (a22 #2): a shell
    // word is never a reference, and a literal a credential's name is
    // given is one only when it names a variable or a path.
    let words = ["maple", "river", "lantern", "copper", "violet", "harbor"];
    let snake = format!("{}_{}_{}_42", words[0], words[1], words[2]);
    let camel: String = words[3..]
        .iter()
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect();
    let camel = format!("{camel}9103");
    let upper = format!("{}_{}_{}_17", words[4], words[5], words[0]).to_uppercase();
    write(
        dir.path(),
        "human.sh",
        &format!(
            "GH_TOKEN={} DB_PASSWORD={snake} API_SECRET='{camel}' docker run -e DB_TOKEN={upper} img\n\
             A_TOKEN+={camel} GH_TOKEN={} mysql --password {snake}\n",
            token(6),
            token(9)
        ),
    );
    write(
        dir.path(),
        "human.py",
        &format!(
            "token = \"{}\"; db_password = \"{snake}\"; api_secret = \"{camel}\"\n\
             token_var = \"GH_TOKEN\"; gh = \"{}\"\n",
            token(7),
            token(8)
        ),
    );
    let shown = text_report_with_findings(dir.path());
    let mut planted: Vec<String> = (0..6).map(piece).collect();
    planted.extend([snake, camel, upper]);
    assert_no_leak("text excerpt", &shown, &planted);
    for reference in [
        "DB_USER=$APP_USER",
        "DB_TOKEN=\"$VAULT_TOKEN\"",
        "token_var = \"GH_TOKEN\"",
    ] {
        assert!(shown.contains(reference), "{shown}");
    }
}

/// A weak password a person chose (a word and digits), handed to a command's
/// password option (`mysql -p…`, `sshpass -p …`, `redis-cli -a …`) or to a
/// credential-named flag in documentation (`--password …`), on the line of
/// another finding: the value model takes it for no secret, so nothing
/// reported it and the excerpt showed it whole (a23 #2). Expansions and
/// environment variables' names stay shown.
#[test]
fn no_excerpt_shows_a_weak_password_a_command_or_flag_takes() {
    let dir = tempfile::TempDir::new().unwrap();
    let token = |i: u64| github_token(700 + i);
    let words = [
        "Riverstone",
        "Meadowlark",
        "Copperleaf",
        "Harborview",
        "Lanternfly",
    ];
    let weak: Vec<String> = (words.iter().zip(12..))
        .map(|(word, n)| format!("{word}{n}"))
        .collect();
    write(
        dir.path(),
        "deploy.sh",
        &format!(
            "mysql -u root -p{} -e 'select 1'; echo {}\n\
             sshpass -p {} ssh deploy@host; echo {}\n\
             redis-cli -a {} ping; echo {}\n\
             mysql -p\"$DB_PASS\" -e 'select 1'; echo {}\n",
            weak[0],
            token(0),
            weak[1],
            token(1),
            weak[2],
            token(2),
            token(3),
        ),
    );
    write(
        dir.path(),
        "README.md",
        &format!(
            "Run `TOKEN={} app --password {}`\n\n\
             Or `GH_TOKEN={} app --api-token {} --verbose`\n\n\
             Or `app --token $APP_TOKEN; GH_TOKEN={}`\n\n\
             Or `app --password DB_PASSWORD; GH_TOKEN={}`\n",
            token(4),
            weak[3],
            token(5),
            weak[4],
            token(6),
            token(7),
        ),
    );
    let shown = text_report_with_findings(dir.path());
    assert_no_leak("text excerpt", &shown, &weak);
    for reference in [
        "-p\"$DB_PASS\"",
        "--password DB_PASSWORD",
        "--token $APP_TOKEN",
    ] {
        assert!(shown.contains(reference), "{shown}");
    }
}

/// a24 #1: a credential's value written `name=value` or `name: value` in a
/// comment or in prose, however weak (the value model takes a human-shaped
/// one for no password), was shown whole in the excerpt of another finding
/// on its line, and in the reason of a suppression marker quoting it
/// (`--show-suppressed`, in every format). A keyword argument in code
/// (`password=pw`) names a variable and stays shown.
#[test]
fn no_excerpt_or_reason_shows_a_weak_password_written_in_a_comment_or_prose() {
    let dir = tempfile::TempDir::new().unwrap();
    let token = |i: u64| github_token(740 + i);
    let weak: Vec<String> = ([
        "Riverstone",
        "Meadowlark",
        "Copperleaf",
        "Harborview",
        "Lanternfly",
    ]
    .iter()
    .zip(31..))
    .map(|(word, n)| format!("{word}{n}"))
    .collect();
    write(
        dir.path(),
        "app.py",
        &format!(
            "import os\n\
             home = os.environ[\"HOME\"]  # the db password={}\n\
             user = os.environ[\"USER\"]  # credlint: allow(env) -- rotated, password: {}\n\
             conn = connect(password=pw, token=\"{}\")\n",
            weak[0],
            weak[1],
            token(0),
        ),
    );
    write(
        dir.path(),
        "NOTES.md",
        &format!(
            "Token `{}`, password: {}\n\nAlso `{}` with pw={}\n",
            token(1),
            weak[2],
            token(2),
            weak[3],
        ),
    );
    write(
        dir.path(),
        "deploy.yaml",
        &format!("token: {}  # password={}\n", token(3), weak[4]),
    );
    let shown = text_report_with_findings(dir.path());
    assert_no_leak("text excerpt", &shown, &weak);
    assert!(shown.contains("connect(password=pw,"), "{shown}");
    for format in ["text", "json", "sarif"] {
        let output = credlint(
            dir.path(),
            &["check", "--show-suppressed", "--format", format],
        );
        assert_no_leak(
            &format!("--show-suppressed {format}"),
            &stdout(&output),
            &weak,
        );
    }
}
