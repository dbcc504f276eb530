//! How hard a value would be to guess: the question that separates a
//! password somebody chose for a test (`testpassword`, `s3krit`,
//! `Hunter2`, `abc123xyz789`) from one that guards something.
//!
//! Short values are measured with zxcvbn, Dropbox's estimator (its
//! algorithm and data, compiled in: [`super::estimate`]), which knows
//! dictionaries, leetspeak, keyboard walks, sequences, repeats and dates: a
//! value it can explain with those patterns in far fewer guesses than brute
//! force would need was made by a person to look like a password. Values too
//! long for it to judge quickly are checked for the same patterns by hand
//! (sequences, repeats, words joined by separators), then by entropy.
//!
//! zxcvbn is the value model's dearest step (up to a millisecond and a half
//! a value), so its work is bounded three ways: every call goes through
//! [`zxcvbn_estimate`], which remembers each value's estimate; it sees no
//! value longer than [`ZXCVBN_MAX_LEN`]; and a document gets at most
//! [`ESTIMATES_PER_DOCUMENT`] distinct values judged by it ([`Budget`]).

use super::name::words;

/// Shannon entropy in bits per character.
pub fn entropy(value: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in value.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total as f64;
            -p * p.log2()
        })
        .sum()
}

/// Lowercase, uppercase, digits and symbols present. Letters outside ASCII
/// count as letters (`françois` is one word, not a mix of classes).
pub(super) fn char_classes(value: &str) -> usize {
    let has = |f: fn(&char) -> bool| value.chars().any(|c| f(&c)) as usize;
    has(|c| c.is_lowercase() || c.is_alphabetic() && !c.is_uppercase())
        + has(|c| c.is_uppercase())
        + has(char::is_ascii_digit)
        + has(|c| !c.is_alphanumeric())
}

/// Longest value handed to zxcvbn: its matching grows faster than linearly,
/// and past this length a person-made value shows itself to the checks in
/// [`is_patterned`] and [`is_wordy`].
const ZXCVBN_MAX_LEN: usize = 40;

/// zxcvbn counts guesses in a `u64`: about 10^19.3 is its ceiling.
const ZXCVBN_CEILING_LOG10: f64 = 19.0;

/// Whether zxcvbn explains `value` as a person-made password: fewer than
/// 10^8 guesses, or well under what brute force over its length would take
/// (random text scores about one decimal digit of guesses per character);
/// or the value spells a credential word in leetspeak (`MyS3cretP4ss!`).
pub(super) fn is_guessable(value: &str) -> bool {
    if has_mashed_run(value) {
        return true;
    }
    let len = value.chars().count();
    if len > ZXCVBN_MAX_LEN {
        return false;
    }
    if spells_a_credential_word(value)
        || is_row_mash(value)
        || is_home_row_mash(value)
        || is_repeating_row_mash(value)
        || spells_words_apart(value)
        || runs_words_together(value)
    {
        return true;
    }
    if !Budget::admits(value) {
        return false;
    }
    let log10 = zxcvbn_estimate(value).guesses_log10;
    log10 < 8.0 || log10 < 0.72 * (len as f64).min(ZXCVBN_CEILING_LOG10)
}

/// Distinct values of one document zxcvbn may judge. Its matching costs a
/// tenth of a millisecond to a millisecond and a half per value (every
/// substring, in six dictionaries, reversed and in leetspeak), so a file of
/// nothing but credential assignments with distinct random values (a data
/// dump, a hostile input) would take half a minute per megabyte. Real files
/// stay below it: the real-world evaluation set's findings are the same with
/// and without the budget.
const ESTIMATES_PER_DOCUMENT: usize = 2_000;

/// The estimator's budget for the document being analysed on this thread.
///
/// Past [`ESTIMATES_PER_DOCUMENT`] distinct values, the rest are judged by
/// the checks that come before zxcvbn (sequences, repeats, keyboard rows,
/// leetspeak credential words, dictionary words split apart) and by entropy.
/// That errs on the side of reporting: a value is never let through because
/// the budget ran out. The budget counts distinct values, not calls, so a
/// verdict depends only on the document, never on which documents the
/// thread analysed before (the memo of [`zxcvbn_estimate`] does not
/// change what is admitted). Outside a [`Budget::open`] scope (unit tests,
/// callers judging a single value) there is no limit.
pub struct Budget {
    outermost: bool,
}

thread_local! {
    static ADMITTED: std::cell::RefCell<Option<std::collections::HashSet<u64>>> =
        const { std::cell::RefCell::new(None) };
}

impl Budget {
    /// Opens the budget of one document, until the returned guard drops.
    /// A scope opened inside another (a document analysed while another
    /// is) shares the outer one's budget.
    pub fn open() -> Budget {
        let outermost = ADMITTED.with(|admitted| {
            let mut admitted = admitted.borrow_mut();
            let outermost = admitted.is_none();
            if outermost {
                *admitted = Some(std::collections::HashSet::new());
            }
            outermost
        });
        Budget { outermost }
    }

    /// Whether zxcvbn may judge `value`: it already has in this document,
    /// or the budget has room for one more.
    fn admits(value: &str) -> bool {
        use std::hash::BuildHasher as _;
        ADMITTED.with(|admitted| match admitted.borrow_mut().as_mut() {
            None => true,
            Some(seen) => {
                let key = foldhash::fast::FixedState::with_seed(0).hash_one(value);
                seen.contains(&key) || (seen.len() < ESTIMATES_PER_DOCUMENT && seen.insert(key))
            }
        })
    }
}

impl Drop for Budget {
    fn drop(&mut self) {
        if self.outermost {
            ADMITTED.with(|admitted| *admitted.borrow_mut() = None);
        }
    }
}

/// What zxcvbn makes of a value: how many guesses it would take, whether
/// the whole value is one entry of its dictionaries, as written in any case
/// (neither reversed nor in leetspeak), and whether it is one or two entries
/// in any spelling (what [`spells_words_apart`] asks of a value joined).
#[derive(Clone, Copy)]
struct Estimate {
    guesses_log10: f64,
    one_word: bool,
    few_words: bool,
}

/// The [`Estimate`] of `value`, remembered per thread: the same values
/// come back file after file and, in a history, version after version, and
/// the estimator's matching is the value model's dearest step.
fn zxcvbn_estimate(value: &str) -> Estimate {
    /// Past this many values remembered, the memory starts afresh.
    const REMEMBERED: usize = 1 << 16;
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<String, Estimate>> =
            std::cell::RefCell::default();
    }
    if let Some(estimate) = MEMO.with(|memo| memo.borrow().get(value).copied()) {
        return estimate;
    }
    #[cfg(test)]
    RUNS.with(|runs| runs.set(runs.get() + 1));
    let analysis = super::estimate::analyse(value, super::estimate::REFERENCE_YEAR);
    let estimate = Estimate {
        guesses_log10: analysis.guesses_log10,
        one_word: analysis.one_word(),
        few_words: analysis.few_words(),
    };
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.len() >= REMEMBERED {
            memo.clear();
        }
        memo.insert(value.to_owned(), estimate);
    });
    estimate
}

#[cfg(test)]
thread_local! {
    /// zxcvbn's runs on this thread: what the tests that bound the value
    /// model's work on a document count.
    static RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times zxcvbn has run on this thread.
#[cfg(test)]
pub fn zxcvbn_runs() -> usize {
    RUNS.with(std::cell::Cell::get)
}

/// `s3cr3tpassw0rd`, `superS3cret`, `N0tS0S3cret`: a value that names what
/// it stands in for was typed to fill the field, not issued, also when cut
/// apart by separators (`pa:ss:word`) or one letter off (`P2$Sword2`).
fn spells_a_credential_word(value: &str) -> bool {
    let plain: String = value
        .chars()
        .filter(|c| !SEPARATORS.contains(c))
        .map(|c| match c.to_ascii_lowercase() {
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '4' | '@' => 'a',
            '5' | '$' => 's',
            '7' => 't',
            c => c,
        })
        .collect();
    [
        "secret", "passw", "pass1", "token", "apikey", "changeme", "letmein",
    ]
    .iter()
    .any(|word| plain.contains(word))
        || one_typo_from(&plain, "password")
}

/// Characters that cut a typed word apart without changing what it spells:
/// `pa:ss:word` is `password` to whoever reads it.
const SEPARATORS: [char; 4] = [':', '-', '_', '.'];

/// Whether some run of `plain` is `word` with one letter changed
/// (`P2$Sword2` reads `p2ssword`): a person varying the word until a
/// password policy accepts it. Random text matches seven of eight given
/// letters in place about once in 10^9 positions, so only a long word is
/// asked.
fn one_typo_from(plain: &str, word: &str) -> bool {
    let (plain, word) = (plain.as_bytes(), word.as_bytes());
    plain
        .windows(word.len())
        .any(|run| run.iter().zip(word).filter(|(a, b)| a != b).count() <= 1)
}

/// `p@ss:w0rd!`, `s3cr3t-k3y`, `P4ss_W0rd?`: one or two dictionary words
/// in leetspeak, cut apart by a separator (`:`, `-`, `_`, `.`) or ended with
/// a flourish (`!`). zxcvbn reads leetspeak, but only within a run: the
/// separator splits the words into pieces it must brute-force, and the
/// value scores like a random one. Joined again, the words are what zxcvbn
/// matches whole, and a value it explains as at most two of them was
/// spelled by a person. Only values with a leetspeak character and
/// something to remove are asked: the rest zxcvbn already saw as written
/// (`w4terLily88x` stays a password of its own).
fn spells_words_apart(value: &str) -> bool {
    let trimmed = value.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let joined: String = trimmed
        .chars()
        .filter(|c| !SEPARATORS.contains(c))
        .collect();
    let leet = joined
        .chars()
        .any(|c| matches!(c, '0' | '1' | '3' | '4' | '5' | '7' | '@' | '$' | '!'));
    if joined.len() == value.len()
        || joined.chars().count() < 6
        || !leet
        || !Budget::admits(&joined)
    {
        return false;
    }
    // After the budget, so that the values admitted, and every verdict,
    // stay what they were without this shortcut.
    !outside_every_word(&joined) && zxcvbn_estimate(&joined).few_words
}

/// `newvalue123`, `waterlily88`: one or two lowercase dictionary words run
/// together, then a number, how a person fills a documentation example or
/// a test. zxcvbn charges every extra piece of a value a fixed ten thousand
/// guesses, so three pieces (two words and a number) always score above
/// the 10^8 that [`is_guessable`] asks for, and such a value reads as a
/// password; the words with capitals (`NewValue123`) are
/// [`is_wordy`]'s. Asked of lowercase letters (six or more) followed by one
/// to six digits only: random lowercase text of that length is one or two
/// words about once in a thousand tries (the test below measures it), and
/// machine tokens are seldom that shape.
fn runs_words_together(value: &str) -> bool {
    let letters = value.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = value.len() - letters.len();
    (1..=6).contains(&digits)
        && letters.len() >= 6
        && letters.bytes().all(|b| b.is_ascii_lowercase())
        && Budget::admits(letters)
        && zxcvbn_estimate(letters).few_words
}

/// ASCII characters that no entry of zxcvbn's dictionaries holds and that
/// its leetspeak table reads as no letter. The dictionaries (passwords,
/// English words, names, film and TV scripts) hold letters, digits and the
/// punctuation `! $ % ' ( * + - . / ; = ? @ [ \ ] _ |` and the backtick;
/// leetspeak also reads `{` and `<` as `c`. So zxcvbn's dictionary,
/// reversed and leetspeak matchers match nothing that covers one of these
/// (read from zxcvbn 3.1's lists; the test below checks it against zxcvbn).
const OUTSIDE_EVERY_WORD: [char; 11] = [' ', '"', '#', '&', ')', ',', ':', '>', '^', '}', '~'];

/// Whether zxcvbn must explain some character of `value` with something
/// other than a dictionary word: it is ASCII (lowercasing leaves every
/// character where it was) and one of the first 100 characters (what
/// zxcvbn reads) is in [`OUTSIDE_EVERY_WORD`] or a control character. Then
/// its match sequence is never words alone, and [`spells_words_apart`]
/// needs no estimate: nine random passwords in ten hold such a character,
/// and on a file of nothing but password assignments that estimate was
/// half of zxcvbn's work.
fn outside_every_word(value: &str) -> bool {
    value.is_ascii()
        && value
            .chars()
            .take(100)
            .any(|c| c.is_ascii_control() || OUTSIDE_EVERY_WORD.contains(&c))
}

/// Letter rows of a QWERTY keyboard.
const KEYBOARD_ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/// Keys struck along one keyboard row in any order, with a few digits:
/// `lsdkfhj230`, `asdjkl;`. zxcvbn knows walks along a row (`asdfgh`), not
/// mashes of it. At least five different letters, all from one row and in
/// one case: random text of that length stays on one row about once in a
/// thousand tries, and hexadecimal (three home-row letters) never qualifies.
fn is_row_mash(value: &str) -> bool {
    let letters: Vec<char> = value.chars().filter(char::is_ascii_alphabetic).collect();
    let mut distinct: Vec<char> = letters.iter().map(char::to_ascii_lowercase).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let one_case = letters.iter().all(char::is_ascii_lowercase)
        || letters.iter().all(char::is_ascii_uppercase);
    distinct.len() >= 5
        && one_case
        && letters.len() * 2 >= value.chars().count()
        && KEYBOARD_ROWS
            .iter()
            .any(|row| distinct.iter().all(|c| row.contains(*c)))
}

/// A hand resting on the home row, struck a few times with digits between:
/// `lsdajfh923874`, `asdfoiw37850234lkjsdfsdf`, `eswfld123kjhn1v5423`. Unlike
/// [`is_row_mash`] the letters may stray off the row, but most of them
/// (three in five) sit on `asdfghjkl`, at least three of them in a row, in at
/// most three runs of letters of one case each. Random lowercase text passes
/// this about once in seventy tries at 16 characters and once in a thousand
/// at 24 (the test below measures it); hexadecimal never does. Mixed case
/// (`DEKjfhdakkdjfhei`, shift held for the first keys) counts only with ten
/// letters or more, four in five of them on the row: random mixed-case text
/// does that about once in a thousand tries at 16 characters (measured below
/// too), where a person's mash does it every time.
fn is_home_row_mash(value: &str) -> bool {
    const HOME_ROW: &str = "asdfghjkl";
    let runs: Vec<&str> = value
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|run| !run.is_empty())
        .collect();
    let letters: usize = runs.iter().map(|run| run.len()).sum();
    let one_case = |run: &&str| {
        run.bytes().all(|b| b.is_ascii_lowercase()) || run.bytes().all(|b| b.is_ascii_uppercase())
    };
    let on_home_row = |b: u8| HOME_ROW.as_bytes().contains(&b.to_ascii_lowercase());
    let home = runs
        .iter()
        .flat_map(|run| run.bytes())
        .filter(|b| on_home_row(*b))
        .count();
    let hexadecimal = runs
        .iter()
        .all(|run| run.bytes().all(|b| b.is_ascii_hexdigit()));
    let cased = runs.iter().all(one_case) && home * 5 >= letters * 3;
    let shifted = letters >= 10 && home * 5 >= letters * 4;
    letters >= 6
        && value.len() <= 32
        && runs.len() <= 3
        && (cased || shifted)
        && !hexadecimal
        && runs.iter().any(|run| {
            run.as_bytes()
                .windows(3)
                .any(|w| w.iter().all(|b| on_home_row(*b)))
        })
}

/// Fingers drumming between the home row and the row above it, going back
/// to the same few keys: `lsjdfwoqiefjwoqifjvwmqhsak73`. Unlike
/// [`is_home_row_mash`] fewer than three in five letters may sit on the home
/// row, but a person's mash repeats itself: the same pairs of keys come back
/// (`wo`, `oq`, `qi`, `fj` twice each here). At least sixteen lowercase
/// letters in at most three runs, at most 32 characters, not hexadecimal;
/// at least four pairs of neighbouring letters that already occurred, one
/// for every seven letters or more; and at least seventeen in twenty
/// letters on those two rows. Random lowercase text does all of that about
/// once in ten thousand tries, random lowercase letters and digits (base36
/// tokens) about once in a hundred thousand (the tests below measure both).
fn is_repeating_row_mash(value: &str) -> bool {
    const TWO_ROWS: &[u8] = b"asdfghjklqwertyuiop";
    if value.len() > 32 {
        return false;
    }
    let runs: Vec<&[u8]> = value
        .as_bytes()
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|run| !run.is_empty())
        .collect();
    let letters: usize = runs.iter().map(|run| run.len()).sum();
    if letters < 16
        || runs.len() > 3
        || !runs
            .iter()
            .all(|run| run.iter().all(u8::is_ascii_lowercase))
        || runs.iter().all(|run| run.iter().all(u8::is_ascii_hexdigit))
    {
        return false;
    }
    let mut seen = std::collections::HashSet::new();
    let repeated = runs
        .iter()
        .flat_map(|run| run.windows(2))
        .filter(|pair| !seen.insert(*pair))
        .count();
    let on_rows = runs
        .iter()
        .flat_map(|run| run.iter())
        .filter(|b| TWO_ROWS.contains(b))
        .count();
    repeated >= 4 && repeated * 7 >= letters && on_rows * 20 >= letters * 17
}

/// A mash typed into a value made up to look random, which has capitals
/// elsewhere: `TIiajkdnlazkcOXrIdevi7FQ`, `A1BRTD4JD/TIiajkdnlazkcevi7FQ`. A
/// run of ten or more lowercase letters, at least half of them on the home
/// row and three of those in a row. In random base62 text (most API keys)
/// ten lowercase letters in a row are themselves rare (about (26/62)^10, once
/// in six thousand positions), and then seldom half on the home row; the
/// test below measures the price. Values without capitals are left to
/// [`is_home_row_mash`]: in lowercase base36 tokens long letter runs are
/// common.
fn has_mashed_run(value: &str) -> bool {
    const HOME_ROW: &[u8] = b"asdfghjkl";
    if !value.bytes().any(|b| b.is_ascii_uppercase()) {
        return false;
    }
    value
        .as_bytes()
        .split(|b| !b.is_ascii_lowercase())
        .filter(|run| run.len() >= 10)
        .any(|run| {
            let home = run.iter().filter(|b| HOME_ROW.contains(b)).count();
            home * 2 >= run.len()
                && run
                    .windows(3)
                    .any(|w| w.iter().all(|b| HOME_ROW.contains(b)))
        })
}

/// Seven or more of one letter in a row: `…Yzzzzzzzzzy…`, a value padded or
/// typed to a length. `A` is left out: it is base64 for zero bits, and
/// encoded binary keys hold runs of it.
fn has_letter_run(chars: &[char]) -> bool {
    chars
        .chunk_by(|a, b| a == b)
        .any(|run| run.len() >= 7 && run[0].is_ascii_alphabetic() && run[0] != 'A')
}

/// Sequences and repeats: `abcdef123456`, `1234567890abcdef`, `aaaa…`,
/// `abc123abc123`, a provider prefix followed by `0123456789abcdef…`, the
/// alphabet in alternating case (`k1AbCdEfGh2IjKlMnOp…`, how a test fills
/// a token's body by hand). At least half of the steps between neighbouring
/// characters, letters compared whatever their case, go up or down by one or
/// stand still, a run of the alphabet hides inside it (see
/// [`has_alphabet_run`]), or the value is a shorter chunk repeated.
pub(super) fn is_patterned(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 4 {
        return false;
    }
    let steps = chars.len() - 1;
    let sequential = chars
        .windows(2)
        .filter(|w| {
            let (a, b) = (w[0].to_ascii_lowercase(), w[1].to_ascii_lowercase());
            (b as i64 - a as i64).abs() <= 1
        })
        .count();
    if sequential * 2 >= steps
        || has_letter_run(&chars)
        || has_alphabet_run(&chars)
        || digits_count(&chars)
        || hex_bytes_count(value)
        || spells_hexspeak(value)
    {
        return true;
    }
    // A chunk of at most a third of the value, repeated to fill it.
    (1..=chars.len() / 3).any(|period| {
        chars
            .iter()
            .enumerate()
            .skip(period)
            .all(|(i, c)| *c == chars[i - period])
    })
}

/// How many letters in alphabet order make a run typed through the alphabet.
const ALPHABET_RUN: usize = 8;

/// The alphabet typed into a value made up to look random, somewhere inside
/// it: `…+SESSION/TOKENABCDEFGHIJKLMNOPQRS=`, `Ab-Cd_EfGhIjKlMnOpQrStUvWxYz`,
/// `aB3dE5fG7hJ9kL2`. Eight letters or more in a row (digits and
/// separators between them skipped, case ignored), each one or two places
/// further along the alphabet than the one before, all the same way. Where
/// the whole value is a sequence the half-steps rule above finds it; this
/// finds the run a longer value hides it in. A random letter lands one or
/// two places after the one before about once in thirteen tries, so eight
/// in a row happen by chance about once in sixty million positions (the
/// test below measures it), and hexadecimal has only six letters to run
/// through.
fn has_alphabet_run(chars: &[char]) -> bool {
    let letters: Vec<i32> = chars
        .iter()
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| i32::from(c.to_ascii_lowercase() as u8))
        .collect();
    [1, -1].into_iter().any(|direction| {
        let mut run = 1;
        letters.windows(2).any(|w| {
            let step = (w[1] - w[0]) * direction;
            run = if step == 1 || step == 2 { run + 1 } else { 1 };
            run >= ALPHABET_RUN
        })
    })
}

/// Hex with words spelled in it: `…deadc62d…beef7cc…bacafe…`, a key
/// a person typed for documentation or a test, planting hexspeak the way
/// `deadbeef` marks memory. Two different words of [`HEXSPEAK`] in a value
/// of sixteen hex digits or more: random hex of 64 digits holds one such word
/// about once in a hundred values, and two about once in 20,000.
fn spells_hexspeak(value: &str) -> bool {
    if value.len() < 16 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    HEXSPEAK.iter().filter(|word| lower.contains(*word)).count() >= 2
}

/// Words of four hex digits that people write into made-up hex.
const HEXSPEAK: [&str; 12] = [
    "dead", "beef", "cafe", "babe", "face", "feed", "f00d", "c0de", "d00d", "deaf", "fade", "bead",
];

/// Hex whose bytes count up or down by one: `707172…8e8f`, `000102…1f`,
/// the seeds and keys test vectors build from a byte counter. At least eight
/// bytes, and three in four steps from one byte to the next go up or down by
/// one; a random byte does so one time in 128.
fn hex_bytes_count(value: &str) -> bool {
    if value.len() < 16 || value.len() % 2 != 0 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let bytes: Vec<u8> = (0..value.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&value[i..i + 2], 16).ok())
        .collect();
    let steps = bytes.len() - 1;
    let counted = bytes
        .windows(2)
        .filter(|w| matches!(w[1].wrapping_sub(w[0]), 1 | 255))
        .count();
    counted * 4 >= steps * 3
}

/// Digits that count up (or down) through the value with letters between
/// them: `a123b45c6d78e9f012a34cd5…`, how documentation fills a 64-digit hex
/// field by hand. At least eight digits, and three in four steps from one
/// digit to the next go the same way by one; in random text a step does so
/// one time in ten, so even eight digits line up by chance about once in
/// 100,000 values.
fn digits_count(chars: &[char]) -> bool {
    let digits: Vec<i64> = chars
        .iter()
        .filter_map(|c| c.to_digit(10))
        .map(i64::from)
        .collect();
    if digits.len() < 8 {
        return false;
    }
    let steps = digits.len() - 1;
    [1, 9].into_iter().any(|direction| {
        let counted = digits
            .windows(2)
            .filter(|w| (w[1] - w[0]).rem_euclid(10) == direction)
            .count();
        counted * 4 >= steps * 3
    })
}

/// A long value made of a few chunks over and over, however they are cut
/// into lines: `s3cr3ts3cr3t…` wrapped at 64 columns inside PEM armour, with
/// a typo in the last line. Fewer than half of its four-character windows
/// are distinct (ignoring whitespace), where random text of 32 characters
/// or more repeats almost none.
pub(super) fn is_repetitive(value: &str) -> bool {
    let chars: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() < 32 {
        return false;
    }
    let mut windows: Vec<&[char]> = chars.windows(4).collect();
    let total = windows.len();
    windows.sort_unstable();
    windows.dedup();
    windows.len() * 2 < total
}

/// Words joined into a phrase: `dev-secret-key-for-testing-only`,
/// `mySuperSecretKeyForDevelopment`, `this_is_not_secure_2024`. Every part is
/// a pronounceable run of letters (a vowel or a final `y`, no four consonants in a row) or
/// a short number (or the phrase is [`explained_by_dictionary`]), and there
/// are at least three of them. Random text breaks into unpronounceable parts
/// long before three words line up. A leading
/// `x-`, the mark of an extension name (`x-client-framework:acme-tools`, a
/// `label:package-name` product token), is no word but no randomness either.
/// A phrase joins its words with blanks, dashes, dots, underscores or case;
/// joined by the symbols a password policy asks for (`Hello#World#2024`,
/// `{more%comple9`: one clipped word), it is still a phrase unless two of
/// its runs of four letters or more are words no dictionary knows. Random
/// text of a few letters per run (`UJNB8brac#289!…`) is as pronounceable,
/// and its runs are not words.
pub(super) fn is_wordy(value: &str) -> bool {
    let policy_joined = has_policy_symbol_inside(value);
    let mut parts = words(value);
    let extension = value
        .strip_prefix(['x', 'X'])
        .is_some_and(|rest| rest.starts_with(['-', '_']));
    if extension && parts.len() > 1 {
        parts.remove(0);
    }
    // `V1beta1BasicDevice`, `V2SecretKeySelector`: an API's version
    // (Kubernetes', Google's), which generated clients put before every
    // model's name, is no syllable of it.
    let version = match parts.as_slice() {
        [v, n, stage, m, _, ..]
            if v == "v"
                && is_number(n)
                && matches!(stage.as_str(), "alpha" | "beta")
                && is_number(m) =>
        {
            4
        }
        [v, n, _, ..] if v == "v" && is_number(n) => 2,
        _ => 0,
    };
    parts.drain(..version);
    // The version counts as one of the name's words.
    parts.len() + usize::from(version > 0) >= 3
        && (parts
            .iter()
            .all(|part| is_number(part) || is_pronounceable(part))
            || explained_by_dictionary(&parts))
        && !is_generated_pronounceable(value, &parts)
        && !(policy_joined && unknown_runs(&parts) >= 2)
}

/// A phrase with parts [`is_pronounceable`] cannot vouch for: dictionary
/// words with a long consonant run, alone or two run together (`passphrase`,
/// `pass` and `phrase`), English's one-letter words
/// (`iWishIWereRoot!` splits into `i`, `wish`, `i`, `were`, `root`) and
/// abbreviations of up to three letters (`Pwd` in `ReallyStrongPwd1234`).
/// It needs at least two dictionary words of four letters or more and no
/// more unpronounceable short parts than such words: random text's short
/// chunks (`gh7Kd9Lm2x`, `jESIyad4F08hP3Ta`) outnumber the words it spells,
/// and a long run of it is no word. The words are looked up last, once
/// the parts' lengths leave a phrase possible.
fn explained_by_dictionary(parts: &[String]) -> bool {
    let mut short = 0;
    let mut long = Vec::new();
    for part in parts {
        if is_number(part) {
            continue;
        }
        if !part.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        if part.len() > 3 {
            long.push(part);
        } else if !is_pronounceable(part) {
            short += 1;
        }
    }
    if long.len() < 2.max(short) {
        return false;
    }
    let mut words = 0;
    for part in long {
        if is_dictionary_word(part) {
            words += 1;
        } else if !(is_pronounceable(part)
            || Budget::admits(part) && zxcvbn_estimate(part).few_words)
        {
            return false;
        }
    }
    words >= 2.max(short)
}

/// `Tudi4liwee`, `rah1oogeiPho`: what pwgen and its kind generate, runs of
/// syllables a person can say, run together with capitals and a digit
/// inside. A phrase run together puts its number at the end or between
/// words (`Summer2024Sale`, `myApp4Dev`), and its long runs are words a
/// dictionary knows; a generated password's are not. So a value with no
/// separator and a digit between letters is a phrase only when each run of
/// four letters or more is one word of zxcvbn's dictionaries. Past the
/// document's estimator budget a run counts as no word: the value is
/// reported rather than let through.
fn is_generated_pronounceable(value: &str, parts: &[String]) -> bool {
    let run_together = value.chars().all(char::is_alphanumeric);
    let digit_inside = parts
        .windows(3)
        .any(|w| is_number(&w[1]) && !is_number(&w[0]) && !is_number(&w[2]));
    run_together && digit_inside && unknown_runs(parts) >= 1
}

/// How many runs of four letters or more among `parts` are no word of
/// zxcvbn's dictionaries (shorter runs are as often abbreviations, `dev`,
/// `cfg`, as syllables).
fn unknown_runs(parts: &[String]) -> usize {
    parts
        .iter()
        .filter(|part| part.len() >= 4 && !is_number(part) && !is_dictionary_word(part))
        .count()
}

/// A word zxcvbn's dictionaries hold as written, in any case: one match
/// over the whole word, neither reversed nor with l33t substitutions. Past
/// the document's estimator budget a word counts as none, so that what
/// hangs on it is reported rather than let through.
pub fn is_dictionary_word(word: &str) -> bool {
    if !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    Budget::admits(&lower) && zxcvbn_estimate(&lower).one_word
}

/// A word of English with its possessive or contraction: `Gunicorn's`,
/// `Kubernetes'`, `wouldn't`, `Hypercorn'll`. A language model's streamed
/// text arrives in pieces named `token`, each a word with its apostrophe; a
/// random value may hold an apostrophe too, but not after a pronounceable
/// run of letters and before one of English's endings.
pub(super) fn is_contraction(value: &str) -> bool {
    let Some((word, ending)) = value.split_once(['\'', '\u{2019}']) else {
        return false;
    };
    let word = word.to_lowercase();
    let ending_fits = match ending {
        "" => word.ends_with('s'),
        "t" => word.ends_with('n'),
        _ => matches!(ending, "s" | "d" | "m" | "ll" | "re" | "ve"),
    };
    ending_fits && word.chars().count() >= 3 && is_pronounceable(&word)
}

/// The symbols a password policy asks for, which neither identifiers nor
/// phrases nor paths are written with (`=` and `;` join settings pairs,
/// `tid=1;exp=2`, and are not among them).
pub(super) const POLICY_SYMBOLS: [char; 10] = ['!', '#', '$', '%', '^', '&', '*', '?', '~', '|'];

/// Whether one of [`POLICY_SYMBOLS`] stands between two of `value`'s
/// letters or digits (`UJNB8brac#289!ediyew`); a clause's `!` or `?` at the
/// end, a `$` or `%` that opens a reference, do not.
pub(super) fn has_policy_symbol_inside(value: &str) -> bool {
    value
        .trim_matches(|c: char| !c.is_alphanumeric())
        .contains(POLICY_SYMBOLS)
}

/// Words with a short tag: `AT-LEAK-CANARY-9b13c7`,
/// `correct-horse-battery-staple-9F3A`. A canary or a famous passphrase made
/// unique by a few random characters is still a phrase a person wrote; the
/// tag alone (at most six characters, some of them digits) is too short to
/// be a secret. The parts before it are words, short numbers or
/// abbreviations of up to three letters, and at least two are words of
/// four letters or more: random text cut at separators gives neither.
pub(super) fn is_tagged_phrase(value: &str) -> bool {
    let segments: Vec<&str> = value.split(['-', '_', '.']).collect();
    let Some((tag, phrase)) = segments.split_last() else {
        return false;
    };
    let tag_like = (1..=6).contains(&tag.len())
        && tag.bytes().all(|b| b.is_ascii_alphanumeric())
        && tag.bytes().any(|b| b.is_ascii_digit());
    let word = |s: &str| s.len() >= 4 && is_pronounceable(&s.to_ascii_lowercase());
    let filler = |s: &&str| {
        word(s)
            || is_number(s)
            || (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    tag_like
        && phrase.len() >= 2
        && phrase.iter().all(filler)
        && phrase.iter().filter(|s| word(s)).count() >= 2
}

fn is_number(part: &str) -> bool {
    part.len() <= 4 && part.chars().all(|c| c.is_ascii_digit())
}

pub(super) fn is_pronounceable(part: &str) -> bool {
    let vowel = |c: char| "aeiou".contains(c);
    // `y` sounds as a vowel between consonants (`system`, `crypto`).
    let mut consonant_run = 0;
    part.chars().count() >= 2
        && part.chars().all(char::is_alphabetic)
        && (part.chars().any(vowel) || part.ends_with('y'))
        && part.chars().all(|c| {
            consonant_run = if vowel(c) || c == 'y' {
                0
            } else {
                consonant_run + 1
            };
            consonant_run < 4
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimator_budget_counts_distinct_values_per_document() {
        // A value only zxcvbn explains (a dictionary word and a year).
        let guessable = "Sunflower1987";
        assert!(!has_mashed_run(guessable) && !spells_a_credential_word(guessable));
        assert!(is_guessable(guessable), "no budget outside a document");
        {
            let _document = Budget::open();
            assert!(is_guessable(guessable));
            for i in 0..ESTIMATES_PER_DOCUMENT {
                // Asked again, an admitted value costs nothing.
                is_guessable(&format!("Kx{i:08}qZ"));
                is_guessable(&format!("Kx{i:08}qZ"));
            }
            assert!(
                is_guessable(guessable),
                "admitted before the budget ran out"
            );
            assert!(
                !is_guessable("Marigold1990"),
                "past the budget, values are judged without zxcvbn"
            );
            let _inner = Budget::open();
            assert!(!is_guessable("Marigold1990"), "an inner scope shares it");
        }
        let _next = Budget::open();
        assert!(is_guessable("Marigold1990"), "each document has its own");
    }

    #[test]
    fn entropy_of_uniform_text() {
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn person_made_passwords_are_guessable() {
        for value in [
            "hunter2",
            "Hunter2",
            "s3krit",
            "s3cr3t",
            "priv4te",
            "superS3cret",
            "testpassword",
            "complexpassword",
            "shouldnotchange",
            "CircleOfLife",
            "secret123",
            "Passw0rd!",
            "letmein2024",
            "admin@123",
            "MyS3cretP4ss!",
            "abc123xyz789",
            "qwertyuiop123",
            "lsdkfhj230",
            "QWEYTIRUO99",
            "jfkdls8204hgal",
            "qpwkdjfh39581sldkfj",
            "eshgkl204fjdkj7x93",
            "passwordPASSWORDpassword",
            "N0tS0S3cret",
            "s3cr3tpassw0rd",
            "p@ss:w0rd!",
            "s3cr3t-k3y",
            "P4ss_W0rd?",
        ] {
            assert!(is_guessable(value), "{value}");
        }
    }

    /// A deterministic stream of characters drawn from `alphabet`
    /// (xorshift from `seed`), for the tests that measure how often random
    /// text is taken for something a person made.
    fn random_chars(alphabet: &'static [u8], seed: u64) -> impl FnMut() -> char {
        let mut state = seed;
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            alphabet[(state % alphabet.len() as u64) as usize] as char
        }
    }

    /// The price of [`is_home_row_mash`]: how often random lowercase
    /// letters and digits (the alphabet of many machine tokens) are taken for
    /// a mash, by length. A change that raises these rates hides real tokens.
    #[test]
    fn home_row_mash_rarely_catches_random_text() {
        assert_rarely_caught(
            is_home_row_mash,
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            0x9E37_79B9_7F4A_7C15,
            &[(16, 25), (20, 8), (24, 3), (32, 1)],
        );
    }

    /// Asserts that `rule` takes at most `most_per_mille` of 20,000 random
    /// values of each length drawn from `alphabet`.
    fn assert_rarely_caught(
        rule: fn(&str) -> bool,
        alphabet: &'static [u8],
        seed: u64,
        limits: &[(usize, usize)],
    ) {
        let mut next = random_chars(alphabet, seed);
        for &(len, most_per_mille) in limits {
            let caught = caught(&mut next, len, 20_000, rule);
            assert!(
                caught * 1000 <= most_per_mille * 20_000,
                "{caught} of 20000 random values of {len} characters caught"
            );
        }
    }

    /// How many of `n` values of `len` characters drawn from `next` `rule`
    /// takes: what every test of a rule's price on random text counts.
    fn caught(
        next: &mut impl FnMut() -> char,
        len: usize,
        n: usize,
        rule: impl Fn(&str) -> bool,
    ) -> usize {
        (0..n)
            .filter(|_| rule(&(0..len).map(|_| next()).collect::<String>()))
            .count()
    }

    /// The same price for random text of both cases and digits (base62, the
    /// alphabet of most API keys), which only the mixed-case rule can catch.
    #[test]
    fn shifted_home_row_mash_rarely_catches_random_text() {
        assert_rarely_caught(
            is_home_row_mash,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            0x2545_F491_4F6C_DD1D,
            &[(12, 3), (16, 1), (24, 1), (32, 1)],
        );
        assert!(is_home_row_mash("DEKjfhdakkdjfhei~"));
        assert!(!is_home_row_mash("DEKjfhQWxz92kTyp"));
    }

    /// The price of [`is_repeating_row_mash`]: random lowercase letters,
    /// and lowercase letters with digits (base36, many machine tokens).
    #[test]
    fn repeating_row_mash_rarely_catches_random_text() {
        assert_rarely_caught(
            is_repeating_row_mash,
            b"abcdefghijklmnopqrstuvwxyz",
            0x51_7CC1_B727_220A,
            &[(16, 1), (20, 1), (24, 1), (29, 1), (32, 1)],
        );
        assert_rarely_caught(
            is_repeating_row_mash,
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            0x6C07_8965_D3E5_A1F3,
            &[(16, 1), (24, 1), (32, 1)],
        );
        assert!(is_repeating_row_mash("lsjdfwoqiefjwoqifjvwmqhsak73"));
        assert!(is_repeating_row_mash("qiweurowjfhkdsjfweiurow7"));
        // Too few pairs come back, capitals, or the letters of hexadecimal.
        assert!(!is_repeating_row_mash("lsjdfwoqiegtyrmzhxkan92"));
        assert!(!is_repeating_row_mash("KsdjfwoweijfvwoeifvjmwghagY92"));
        assert!(!is_repeating_row_mash("deadbeefdeadbeefcafebabecafe"));
    }

    /// The price of [`has_mashed_run`] on random base62 text, the alphabet
    /// of most API keys, whatever its length (the rule has no length cap).
    #[test]
    fn mashed_runs_rarely_catch_random_text() {
        assert_rarely_caught(
            has_mashed_run,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            0x1405_7B7E_F767_814F,
            &[(24, 1), (40, 1), (64, 1)],
        );
        assert!(has_mashed_run(
            "T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
        ));
        assert!(has_mashed_run("A1BRTD4JD/TIiajkdnlazkcevi7FQ"));
        // No capitals: a lowercase token's long runs are its alphabet.
        assert!(!has_mashed_run("iajkdnlazkcevi7fq2kd9sl3"));
    }

    /// The price of [`spells_words_apart`]: random text with separators and
    /// leetspeak digits in it (base62 and the separators a token or a
    /// password may hold) is almost never two dictionary words.
    #[test]
    fn words_apart_rarely_catch_random_text() {
        let mut next = random_chars(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:.!@$",
            0x5DEE_CE66_D1CE_4E5B,
        );
        for len in [8, 12, 16, 24] {
            let caught = caught(&mut next, len, 5_000, spells_words_apart);
            assert!(
                caught <= 1,
                "{caught} of 5000 random values of {len} characters"
            );
        }
        assert!(!spells_words_apart("w4terLily88x"));
        assert!(!spells_words_apart("Xk9-mP2q:Lw7"));
    }

    /// The price of [`is_wordy`]'s dictionary reading
    /// ([`explained_by_dictionary`]), beyond what its pronounceable reading
    /// already takes of short random values: random base62 text, and base62 with the
    /// symbols a password policy asks for, is almost never two dictionary
    /// words with at most as many short chunks; the typed phrases it is for
    /// are.
    #[test]
    fn phrases_explained_by_the_dictionary_are_rarely_random_text() {
        for (alphabet, seed) in [
            (
                &b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[..],
                0x3C6E_F372_FE94_F82B_u64,
            ),
            (
                &b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*-_"[..],
                0xA54F_F53A_5F1D_36F1,
            ),
        ] {
            let mut next = random_chars(alphabet, seed);
            for len in [10, 16, 24] {
                let caught = caught(&mut next, len, 5_000, |value| {
                    explained_by_dictionary(&words(value))
                });
                assert!(
                    caught <= 2,
                    "{caught} of 5000 random values of {len} characters"
                );
            }
        }
        for phrase in [
            "iHopeIRememberThisOne!",
            "AVeryLongPwd2024",
            "my-good-secure-passphrase-42",
        ] {
            assert!(is_wordy(phrase), "{phrase}");
        }
        for random in [
            "gh7Kd9Lm2x",
            "jESIyad4F08hP3Ta",
            "iK7vQ2mXr9Lp",
            "aXzq9VwtRk2024",
        ] {
            assert!(!is_wordy(random), "{random}");
        }
    }

    /// The price of [`spells_hexspeak`]: random hex keys of 32 and 64
    /// digits, in either case, seldom hold two of its words.
    #[test]
    fn hexspeak_rarely_catches_random_hex() {
        assert_rarely_caught(
            spells_hexspeak,
            b"0123456789abcdef",
            0x1F83_D9AB_FB41_BD6B,
            &[(32, 1), (64, 1)],
        );
        assert!(spells_hexspeak("77a1deadc62d5b7e355674beef7cc31"));
        assert!(!spells_hexspeak("77a1dead0c62d5b7e355674b1ef7cc31"));
    }

    /// A credential word cut apart by separators or one letter off is still
    /// typed to fill the field; random text seldom comes within a letter of
    /// `password`.
    #[test]
    fn credential_words_cut_apart_or_one_letter_off_are_typed() {
        for typed in ["pa:ss:word", "P2$Sword2", "Qa$$word7", "se:cr:et:42"] {
            assert!(spells_a_credential_word(typed), "{typed}");
        }
        assert_rarely_caught(
            spells_a_credential_word,
            b"abcdefghijklmnopqrstuvwxyz0123456789",
            0x7A3D_10C5_99B2_E461,
            &[(16, 1), (32, 1), (40, 1)],
        );
    }

    /// [`outside_every_word`] decides only what zxcvbn decides the same way:
    /// over random printable text, and dictionary words (in leetspeak,
    /// capitalised), keyboard walks, sequences and repeats, one or two
    /// together with a character outside every word put in somewhere,
    /// zxcvbn never explains a value the shortcut decides as words alone.
    /// The same words without that character it often does, so the
    /// shortcut is tried where it would matter.
    #[test]
    fn no_value_with_a_character_outside_every_word_is_words_alone() {
        const PIECES: [&str; 16] = [
            "password", "p4ssw0rd", "Sunshine", "dr@gon", "m0nkey", "letmein", "trustno1",
            "qwerty", "asdfgh", "1qaz2wsx", "abcdef", "123456", "zzzz", "abab", "S3cret", "h0use",
        ];
        let mut state: u64 = 0xA076_1D64_78BD_642F;
        let mut roll = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let printable: Vec<char> = (' '..='~').collect();
        let (mut decided, mut words_without) = (0, 0);
        for round in 0..3_000 {
            let value = if round % 3 == 0 {
                (0..8 + roll(33))
                    .map(|_| printable[roll(printable.len())])
                    .collect()
            } else {
                let mut words: String =
                    (0..round % 3).map(|_| PIECES[roll(PIECES.len())]).collect();
                words_without += zxcvbn_estimate(&words).few_words as usize;
                let outside = match roll(OUTSIDE_EVERY_WORD.len() + 1) {
                    0 => '\t',
                    i => OUTSIDE_EVERY_WORD[i - 1],
                };
                words.insert(roll(words.len() + 1), outside);
                words
            };
            if outside_every_word(&value) {
                decided += 1;
                assert!(!zxcvbn_estimate(&value).few_words, "{value:?}");
            }
        }
        assert!(decided >= 2_500, "{decided} decided");
        assert!(words_without >= 1_000, "{words_without} words alone");
    }

    #[test]
    fn words_run_together_with_a_number_are_guessable() {
        for value in ["newvalue123", "waterlily88", "mysecretvalue1"] {
            assert!(runs_words_together(value), "{value}");
            assert!(is_guessable(value), "{value}");
        }
        for value in [
            "kjerht2309u",
            "kjerht2309",
            "newvalue",
            "NewValue123",
            "xq7vbn2k9",
        ] {
            assert!(!runs_words_together(value), "{value}");
        }
    }

    /// The price of [`runs_words_together`]: random lowercase letters with
    /// a number after them (a base36 token's shape at its most word-like).
    #[test]
    fn random_lowercase_rarely_runs_words_together() {
        let mut letters = random_chars(b"abcdefghijklmnopqrstuvwxyz", 0x2545_F491_4F6C_DD1D);
        for (len, most_per_mille) in [(6, 3), (8, 1), (10, 1), (14, 1)] {
            let caught = (0..5_000)
                .filter(|_| {
                    let word: String = (0..len).map(|_| letters()).collect();
                    runs_words_together(&format!("{word}42"))
                })
                .count();
            assert!(
                caught * 1000 <= most_per_mille * 5_000,
                "{caught} of 5000 random values of {len} letters caught"
            );
        }
    }

    #[test]
    fn random_values_are_not_guessable() {
        for value in [
            "Xk9#mP2qW",
            "gh7Kd9Lm2x",
            "axwITqZSgTUXSN",
            "Tr0ub4dor&3xK",
            "Summer#2031!pw",
            "w4terLily88x",
            "q8Zr2LmK4xW9tYv1Ns7P",
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "dafaddaf0f1e",
            "hjkasdl97Xq",
        ] {
            assert!(!is_guessable(value), "{value}");
        }
    }

    #[test]
    fn repeated_words_wrapped_in_lines_are_repetitive() {
        let body = "s3cr3ts3cr3t".repeat(12);
        let wrapped = format!("{}\n  {}\n  c3ts3cr3t", &body[..64], &body[64..128]);
        assert!(is_repetitive(&wrapped));
        assert!(!is_repetitive(
            "MIIEpAIBAAKCAQEA4UaVXGcbh3Vl5BJfv7cgZEXSxlEcw01mL4u2Cpj+BF5iIVpz"
        ));
        assert!(!is_repetitive(
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0e98e9c7445091010e509ccea1077fcb6"
        ));
    }

    #[test]
    fn sequences_and_repeats_are_patterned() {
        for value in [
            "abcdef123456",
            "1234567890abcdef",
            "aaaaaaaaaaaa",
            "abc123abc123abc123",
            "1bcdefghij2bcdefghij3bcdefghij4bcdefghij",
            "0123456789ABCDEFGHIJKLMNOPQRSTUV",
            "ECrDNoq1VYzzzzzzzzzyAK7TwZNtPnkqatq",
            "a123b45c6d78e9f012a34cd5e6a7890b12c3d45e6f78a1b234c56d7e890a1234",
            "x9y8z7w6v5u4t3s2",
            // The alphabet in alternating case, digits between.
            "k1AbCdEfGh2IjKlMnOpQrStUv",
            "aBcDeFgHiJkLmNoP",
            // Bytes from a counter, written as hex (test-vector seeds).
            "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f",
            "0f0e0d0c0b0a09080706050403020100",
            // The alphabet typed inside a value made to look random.
            "FwoGZXIvYXdz+SESSION/TOKENABCDEFGHIJKLMNOPQRS=",
            "Ab-Cd_EfGhIjKlMnOpQrStUvWxYz0123456789",
            "aB3dE5fG7hJ9kL2",
            "q8Zr2LmK4xzyxwvutsrq",
        ] {
            assert!(is_patterned(value), "{value}");
        }
        for value in [
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
            "q8Zr2LmK4xW9tYv1Ns7P",
            // Zero bits in base64, and a run of symbols (AWS session tokens).
            "MIIBAAAAAAAAAAq8Zr2LmK4xW9tYv1Ns7P",
            "FwoGZXIvYXdzEJr//////////wEaDq8Zr2LmK4",
            // A few counted digits inside random hex.
            "3f4ca100e2fc675ea123f4eb12c4a012",
            // A short run of the alphabet among random letters.
            "q8Zr2LmABCDEFGxW9tYv1Ns7P",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC",
        ] {
            assert!(!is_patterned(value), "{value}");
        }
    }

    /// How often random base64 is taken for a run of the alphabet: 20,000
    /// values of 64 characters, none of them.
    #[test]
    fn random_values_rarely_run_through_the_alphabet() {
        let mut next = random_chars(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            0x9E37_79B9_7F4A_7C15,
        );
        let caught = caught(&mut next, 64, 20_000, |value| {
            has_alphabet_run(&value.chars().collect::<Vec<char>>())
        });
        assert_eq!(caught, 0);
    }

    /// How often random alphanumeric values, letters compared whatever their
    /// case, are taken for a sequence: a deterministic generator, 20,000
    /// values of each length a token's body has; at most one in 4,000 (3 at
    /// 12 characters when measured, none longer).
    #[test]
    fn random_mixed_case_values_are_rarely_sequences() {
        let mut next = random_chars(
            b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            0x9e37_79b9_7f4a_7c15,
        );
        for len in [12, 16, 24, 40] {
            let hits = caught(&mut next, len, 20_000, is_patterned);
            assert!(hits <= 5, "{hits} of 20000 at {len}");
        }
    }

    /// How often random hex and alphanumeric values are taken for counted
    /// digits: a deterministic generator, 20,000 values of each length.
    #[test]
    fn random_values_rarely_count() {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (alphabet, len) in [
            ("0123456789abcdef", 16),
            ("0123456789abcdef", 32),
            ("0123456789abcdef", 64),
            (
                "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                40,
            ),
        ] {
            let alphabet: Vec<char> = alphabet.chars().collect();
            let mut draw = || alphabet[(next() % alphabet.len() as u64) as usize];
            let hits = caught(&mut draw, len, 20_000, |value| {
                digits_count(&value.chars().collect::<Vec<char>>())
            });
            assert!(hits <= 1, "{hits} of 20000 at {len}");
        }
    }

    #[test]
    fn phrases_with_a_short_tag() {
        for value in [
            "AT-LEAK-CANARY-9b13c7",
            "correct-horse-battery-staple-9F3A",
            "staging_worker_token_42",
        ] {
            assert!(is_tagged_phrase(value), "{value}");
        }
        for value in [
            "c4d77c62-6196-4f17-a06b-c462cffae87a",
            "django-insecure-8#k2!x0z@q1w9e7r6t5y4u3i",
            "live-hook-Zr8qLm2Kx9Wt4v",
            "kq-XbT9-mLp2-Wz7r",
            "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        ] {
            assert!(!is_tagged_phrase(value), "{value}");
        }
    }

    #[test]
    fn possessives_and_contractions_are_words() {
        for value in [
            "Gunicorn's",
            "Kubernetes'",
            "wouldn't",
            "Hypercorn'll",
            "Werkzeug\u{2019}s",
        ] {
            assert!(is_contraction(value), "{value}");
        }
        for value in [
            "Zq8'xT3vLm9Kp2Wd",
            "Rk7vQ2'sWm9Lx4Tz",
            "Xkcdqwz's",
            "abc'x",
            "Kq'",
            "gh7Kd9'sLm2x",
        ] {
            assert!(!is_contraction(value), "{value}");
        }
    }

    #[test]
    fn phrases_are_wordy() {
        for value in [
            "dev-secret-key-for-testing-only",
            "mySuperSecretKeyForDevelopment",
            "this_is_not_secure_2024",
            "insecure-secret-key-change-me",
            "x-client-framework:acme-tools",
            // A number between dictionary words is still a phrase.
            "Summer2024Sale",
            "myApp4Dev",
            "Spring2Summer3Autumn",
        ] {
            assert!(is_wordy(value), "{value}");
        }
        // pwgen's: syllables no dictionary holds, a digit between them.
        for value in [
            "aiQu8ooshi",
            "zua4Iethi8",
            "Thoqu9po5a",
            "ooghaich8K",
            "rah1oogeiPho",
            "Otoo4thei3Oo",
            // A run zxcvbn reads only as a word backwards (`moob`, `dael`).
            "moob4Woh3chu",
            "dael1Foo6Bae",
        ] {
            assert!(!is_wordy(value), "{value}");
        }
        for value in [
            "django-insecure-8#k2!x0z@q1w9e7r6t5y4u3i",
            "axwITqZSgTUXSN",
            "HKG2DZYS2PCKYB47QWZN",
            "c4d77c62-6196-4f17-a06b-c462cffae87a",
            "q8Zr2LmK4xW9tYv1Ns7P",
        ] {
            assert!(!is_wordy(value), "{value}");
        }
    }
}
