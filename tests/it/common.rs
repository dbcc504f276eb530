//! Helpers shared by the integration tests.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs the built `credlint` binary in `dir`, with colour and any user
/// configuration out of the way.
pub fn credlint(dir: &Path, args: &[&str]) -> Output {
    credlint_with_stdin(dir, args, None)
}

/// The `credlint <args>` command in `dir`, to adjust before running.
pub fn credlint_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_credlint"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    command
}

/// `command` started, stdin closed, its output drained as it runs (so
/// that a large report cannot fill the pipe and stall it) by the two
/// threads returned.
fn spawn_drained(
    mut command: Command,
) -> (
    std::process::Child,
    std::thread::JoinHandle<Vec<u8>>,
    std::thread::JoinHandle<Vec<u8>>,
) {
    use std::io::Read;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("command starts");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    (child, stdout, stderr)
}

/// Runs `command` (stdin closed), failing the test instead of hanging when it
/// has not finished within `limit`: for inputs that used to block forever.
pub fn output_within(command: Command, limit: std::time::Duration) -> Output {
    let (mut child, stdout, stderr) = spawn_drained(command);
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Runs `command` (stdin closed) to its end, with the processor time it
/// used (user and system, all its threads'), read from `/proc` once it has
/// exited and before it is reaped: the work it did, which a loaded
/// machine barely stretches, where it stretches the wall time by the
/// load (25 runnable threads on two cores: twelvefold). A command still
/// running after `hang` of wall time is killed and the test fails.
#[cfg(target_os = "linux")]
pub fn output_and_cpu(
    command: Command,
    hang: std::time::Duration,
) -> (Output, std::time::Duration) {
    let (mut child, stdout, stderr) = spawn_drained(command);
    let stat = format!("/proc/{}/stat", child.id());
    let deadline = std::time::Instant::now() + hang;
    let cpu = loop {
        // The fields after the command's name, which is in parentheses and
        // may hold anything: the state, then utime and stime 11 and 12
        // fields on, in clock ticks (USER_HZ, 100 on Linux).
        let text = std::fs::read_to_string(&stat).expect("the child is not reaped yet");
        let fields: Vec<&str> = text[text.rfind(')').unwrap() + 1..]
            .split_whitespace()
            .collect();
        if fields[0] == "Z" {
            let ticks: u64 =
                (fields[11].parse::<u64>().unwrap()) + fields[12].parse::<u64>().unwrap();
            break std::time::Duration::from_millis(ticks * 10);
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {hang:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let status = child.wait().unwrap();
    let output = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    (output, cpu)
}

pub fn credlint_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut child = credlint_command(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("credlint starts");
    let mut pipe = child.stdin.take().unwrap();
    if let Some(input) = stdin {
        pipe.write_all(input.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fake credential in a provider's real format, made at run time so that no
/// token-shaped literal sits in the repository. Deterministic per `seed`.
pub fn fake_token(prefix: &str, alphabet: &str, len: usize, seed: u64) -> String {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut out = String::from(prefix);
    for _ in 0..len {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push(alphabet[((state >> 33) % alphabet.len() as u64) as usize]);
    }
    out
}

pub const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A GitHub classic personal access token shape: `ghp_` and 36 alphanumerics.
pub fn github_token(seed: u64) -> String {
    fake_token("ghp_", ALNUM, 36, seed)
}

pub fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// Makes a FIFO at `path` (and its folders): opening one waits for a
/// writer, the hang the walk and the readers must never enter.
#[cfg(unix)]
pub fn fifo(path: &Path) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// The findings of `credlint <args>` in `dir`, whose arguments ask for JSON;
/// the run must not have failed (exit 2).
pub fn json_findings(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let output = credlint(dir, args);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("not JSON: {}{}", stdout(&output), stderr(&output)));
    report["findings"].as_array().unwrap().clone()
}

fn with_json<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    args
}

/// The `path` of each finding `credlint <args> --format json` reports in `dir`.
pub fn finding_paths(dir: &Path, args: &[&str]) -> Vec<String> {
    json_findings(dir, &with_json(args))
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

/// `path:line rule` for each finding `credlint <args> --format json` reports in `dir`.
pub fn finding_lines(dir: &Path, args: &[&str]) -> Vec<String> {
    json_findings(dir, &with_json(args))
        .iter()
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap(),
                f["start"]["line"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

/// Runs git in `dir` as author `who`, with nothing of the user's
/// configuration that could change a commit (default branch, signing);
/// panics with git's message when it fails, returns its trimmed stdout.
pub fn git_as(dir: &Path, who: &str, args: &[&str]) -> String {
    git_by(
        dir,
        who,
        &format!("{}@example.com", who.to_lowercase()),
        args,
    )
}

/// [`git_as`] with the author's e-mail given.
fn git_by(dir: &Path, who: &str, email: &str, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "init.defaultBranch=main"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_NAME", who)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", who)
        .env("GIT_COMMITTER_EMAIL", "ci@example.com")
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// [`git_as`] with the tests' usual author.
pub fn git(dir: &Path, args: &[&str]) -> String {
    git_as(dir, "Ada", args)
}

/// Makes `dir` a git work tree.
pub fn git_init(dir: &Path) {
    git(dir, &["init", "-q"]);
}

/// A new temporary git work tree.
pub fn git_repo() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    git_init(dir.path());
    dir
}

/// Commits everything in `dir` with `message`; returns the commit's id.
pub fn commit(dir: &Path, message: &str) -> String {
    commit_by(dir, "Ada", "ada@example.com", message)
}

/// [`commit`] by the author `who <email>`.
pub fn commit_by(dir: &Path, who: &str, email: &str, message: &str) -> String {
    git_by(dir, who, email, &["add", "-A"]);
    git_by(
        dir,
        who,
        email,
        &["commit", "-q", "--allow-empty", "-m", message],
    );
    git(dir, &["rev-parse", "HEAD"])
}

/// A repository whose first commit holds a token in an excluded
/// `vendor/client.py` and a password in `snippet.txt` (text no rule judges
/// as code), and whose second commit moves them to `client.py` and `db.py`,
/// where each is a finding (line 3 and line 2); `seed` varies the secrets.
/// Returns the repository and the moving commit.
pub fn secrets_moved_into_scanned_code(seed: u64) -> (tempfile::TempDir, String) {
    let dir = git_repo();
    write(dir.path(), "credlint.toml", "exclude = [\"vendor/\"]\n");
    let password = fake_token("", ALNUM, 21, seed);
    let token = github_token(seed + 100);
    write(
        dir.path(),
        "vendor/client.py",
        &format!("import os\n\ntoken = \"{token}\"\n"),
    );
    write(
        dir.path(),
        "snippet.txt",
        &format!("x = 1\nconn.login(\"bob\", \"{password}\")\n"),
    );
    commit(dir.path(), "add");
    git(dir.path(), &["mv", "vendor/client.py", "client.py"]);
    git(dir.path(), &["mv", "snippet.txt", "db.py"]);
    let moved = commit(dir.path(), "move");
    (dir, moved)
}

/// A Python file that holds five secrets no report may show, each next to an
/// environment read: a password passed positionally, a `getenv` default, a
/// token beside an env read, one suppressed by `credlint: allow`, one
/// allowlisted by value. `planted_config` is the configuration that does the
/// allowlisting; `seed` varies the generated tokens.
pub struct Planted {
    pub text: String,
    pub secrets: Vec<String>,
}

pub const PLANTED_CONFIG: &str = "[allowlist]\nvalues = [\"^ghp_Zq\"]\n";

pub fn planted_secrets(seed: u64) -> Planted {
    let positional = "Qz7!mPx2Lk9wRv4e".to_owned();
    // A password the value model turns away (it reads like a command-line
    // flag): not reported, and still never shown.
    let weak = "-kvmrtlqzsw".to_owned();
    let default = "Vb3$kTn8Yc2xRq6u".to_owned();
    let beside_env = github_token(seed);
    let suppressed = github_token(seed + 1);
    let allowed = fake_token("ghp_Zq", ALNUM, 34, seed + 2);
    // A password glued to its option, one holding `@` after its key, and
    // one a suppression's reason quotes in prose.
    let glued = "Tr5qWm2zKp".to_owned();
    let keyed = "Lv6@nB4wQx".to_owned();
    let in_reason = "Wd3eR5tYu8Ko".to_owned();
    // A key named after the token it once held: messages and fixes quote
    // the key's name.
    let in_name = github_token(seed + 3);
    let text = format!(
        "import os\n\
         db = connect(os.environ[\"DB_HOST\"], \"{positional}\")\n\
         cache = connect(os.environ[\"CACHE_HOST\"], \"{weak}\")\n\
         mode = os.getenv(\"APP_MODE\", \"{default}\")\n\
         home = os.environ[\"HOME\"]; backup = \"{beside_env}\"\n\
         user = os.environ[\"USER\"]; old = \"{suppressed}\"  # credlint: allow(secret) -- the real one is {in_reason}\n\
         path = os.environ[\"PATH\"]; known = \"{allowed}\"\n\
         shell = os.environ[\"SHELL\"]; cmd = \"mysql -uroot -p{glued} db\"\n\
         pg = os.environ[\"PGHOST\"]; run = \"PGPASSWORD={keyed} psql\"\n\
         api = os.environ[\"API\"]; {in_name}_password = \"Hx8#pQ2mVz5kLw7n\"\n"
    );
    Planted {
        text,
        secrets: vec![
            positional,
            weak,
            default,
            beside_env,
            suppressed,
            allowed,
            glued,
            keyed,
            in_reason,
            in_name,
            "Hx8#pQ2mVz5kLw7n".to_owned(),
        ],
    }
}

/// The first 8-character piece of any of `secrets` that `output` holds.
/// One pass over `output` against a set of the pieces, so that auditing
/// large reports for thousands of pieces stays linear.
pub fn leaked<'a>(output: &str, secrets: &'a [String]) -> Option<&'a str> {
    let pieces: std::collections::HashSet<&'a [u8]> = secrets
        .iter()
        .flat_map(|secret| {
            (0..=secret.len().saturating_sub(8)).filter_map(|i| secret.get(i..i + 8))
        })
        .map(str::as_bytes)
        .collect();
    output
        .as_bytes()
        .windows(8)
        .find(|window| pieces.contains(window))
        .map(|window| *pieces.get(window).unwrap())
        .map(|piece| std::str::from_utf8(piece).unwrap())
}

/// The end-to-end tests' answer when the client they drive is missing: a
/// failure, unless the run opted out with `CREDLINT_SKIP_E2E=1`, in which
/// case the test says it checked nothing. A missing tool never passes
/// silently.
pub fn missing_client(what: &str) {
    if std::env::var_os("CREDLINT_SKIP_E2E").is_some_and(|v| v == "1") {
        eprintln!("note: {what}; CREDLINT_SKIP_E2E=1, so this end-to-end test checks nothing");
    } else {
        panic!("{what}: install it (.ci/run does) or opt out with CREDLINT_SKIP_E2E=1");
    }
}

/// Every report format the command line offers, by its `--format` name:
/// taken from the binary's own list, so a new format is audited at once.
pub fn formats() -> Vec<String> {
    use clap::ValueEnum;
    let formats = credlint::report::Format::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_owned())
        .collect::<Vec<_>>();
    assert!(formats.len() >= 8, "{formats:?}");
    formats
}

/// A token of GitHub's or npm's checksummed format: `prefix`, 30
/// alphanumerics drawn from `seed`, and the CRC32 of those in six base62
/// digits, so its checksum holds (made at run time, never written down).
pub fn checksummed_token(prefix: &str, seed: u64) -> String {
    let random = fake_token("", ALNUM, 30, seed);
    let crc = random.bytes().fold(!0u32, |mut crc, byte| {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
        crc
    });
    let digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".as_bytes();
    let checksum: String = (0..6)
        .rev()
        .map(|place| digits[(u64::from(!crc) / 62u64.pow(place) % 62) as usize] as char)
        .collect();
    format!("{prefix}{random}{checksum}")
}
