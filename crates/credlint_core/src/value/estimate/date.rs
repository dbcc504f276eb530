//! Years and dates: `1987`, `13/05/91`, `19910513`.

use super::{Match, Pattern};

/// Years are guessed at least this far around the reference year.
const MIN_YEAR_SPACE: i32 = 20;
/// The years a four-digit date may name.
const YEARS: std::ops::RangeInclusive<u16> = 1000..=2050;

/// The years from 1900 to 2099 in `chars`, left to right, none overlapping.
pub(super) fn years(chars: &[char], reference_year: i32) -> Vec<Match> {
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let piece = &chars[i..i + 4];
        if matches!(piece[..2], ['1', '9'] | ['2', '0'])
            && piece[2..].iter().all(char::is_ascii_digit)
        {
            found.push(Match {
                i,
                j: i + 3,
                pattern: Pattern::Year,
                guesses: year_space(number(piece).into(), reference_year),
            });
            i += 4;
        } else {
            i += 1;
        }
    }
    found
}

/// How far `year` is from the reference year, at least [`MIN_YEAR_SPACE`].
fn year_space(year: i32, reference_year: i32) -> u64 {
    (year - reference_year).abs().max(MIN_YEAR_SPACE) as u64
}

/// The number ASCII digits spell.
fn number(digits: &[char]) -> u16 {
    digits
        .iter()
        .fold(0, |n, d| n * 10 + d.to_digit(10).unwrap_or(0) as u16)
}

/// How a run of 4 to 8 digits may split into three numbers: where the
/// second and the third start.
const SPLITS: [&[(usize, usize)]; 5] = [
    &[(1, 2), (2, 3)],
    &[(1, 3), (2, 3)],
    &[(1, 2), (2, 4), (4, 5)],
    &[(1, 3), (2, 3), (4, 5), (4, 6)],
    &[(2, 4), (4, 6)],
];

/// The dates of `chars` that no longer date holds: runs of 4 to 8 digits,
/// and 6 to 10 characters of three numbers between two same separators
/// (a blank, `/`, `\`, `_`, `.` or `-`), whose numbers read as a day, a
/// month and a year (two digits or 1000 to 2050).
pub(super) fn dates(chars: &[char], reference_year: i32) -> Vec<Match> {
    let n = chars.len();
    let mut found: Vec<(usize, usize, u64)> = Vec::new();
    for i in 0..n.saturating_sub(3) {
        for j in i + 3..(i + 8).min(n) {
            let piece = &chars[i..=j];
            if !piece.iter().all(char::is_ascii_digit) {
                continue;
            }
            let nearest = SPLITS[piece.len() - 4]
                .iter()
                .filter_map(|&(k, l)| {
                    day_month_year(
                        number(&piece[..k]),
                        number(&piece[k..l]),
                        number(&piece[l..]),
                    )
                })
                .map(|year| year_space(year, reference_year))
                .min();
            if let Some(space) = nearest {
                found.push((i, j, space * 365));
            }
        }
    }
    for i in 0..n.saturating_sub(5) {
        for j in i + 5..(i + 10).min(n) {
            if let Some(year) = separated(&chars[i..=j]) {
                found.push((i, j, year_space(year, reference_year) * 365 * 4));
            }
        }
    }
    found
        .iter()
        .filter(|&&(i, j, _)| {
            !found
                .iter()
                .any(|&(k, l, _)| (k, l) != (i, j) && k <= i && l >= j)
        })
        .map(|&(i, j, guesses)| Match {
            i,
            j,
            pattern: Pattern::Date,
            guesses,
        })
        .collect()
}

/// The year of a date written as 1 to 4 digits, a separator, 1 or 2
/// digits, the same separator and 1 to 4 digits.
fn separated(piece: &[char]) -> Option<i32> {
    let is_separator = |c: &char| c.is_whitespace() || "/\\_.-".contains(*c);
    let mut parts = piece.split(|c| !c.is_ascii_digit());
    let (first, second, third) = (parts.next()?, parts.next()?, parts.next()?);
    let mut separators = piece.iter().filter(|c| !c.is_ascii_digit());
    let (one, two) = (separators.next()?, separators.next()?);
    let fits = |part: &[char], most: usize| (1..=most).contains(&part.len());
    if parts.next().is_some()
        || !fits(first, 4)
        || !fits(second, 2)
        || !fits(third, 4)
        || !is_separator(one)
        || one != two
    {
        return None;
    }
    day_month_year(number(first), number(second), number(third))
}

/// The year of three numbers read as a date, zxcvbn's way: a year (four
/// digits, first or last) with a day and month, else a two-digit year
/// first or last.
fn day_month_year(first: u16, second: u16, third: u16) -> Option<i32> {
    if second > 31 || second == 0 {
        return None;
    }
    let all = [first, second, third];
    if all
        .iter()
        .any(|&n| 99 < n && n < *YEARS.start() || n > *YEARS.end())
        || all.iter().filter(|&&n| n > 31).count() >= 2
        || all.iter().filter(|&&n| n > 12).count() == 3
        || all.iter().filter(|&&n| n == 0).count() >= 2
    {
        return None;
    }
    let splits = [(third, first, second), (first, second, third)];
    if let Some(&(year, a, b)) = splits.iter().find(|(year, _, _)| YEARS.contains(year)) {
        return day_month(a, b).then_some(i32::from(year));
    }
    splits
        .iter()
        .find(|&&(_, a, b)| day_month(a, b))
        .map(|&(year, _, _)| {
            i32::from(match year {
                0..=50 => year + 2000,
                51..=99 => year + 1900,
                _ => year,
            })
        })
}

/// Whether two numbers are a day and a month, in either order.
fn day_month(a: u16, b: u16) -> bool {
    let fits = |day: u16, month: u16| (1..=31).contains(&day) && (1..=12).contains(&month);
    fits(a, b) || fits(b, a)
}
