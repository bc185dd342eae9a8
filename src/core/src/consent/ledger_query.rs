//! What the business's staff ask the receiver's ledger for (`GET /consents?…`): the filters, the page and its
//! cursor, read and checked. A filter is what staff have in hand — the customer's number in any format, the
//! reference code the widget showed the visitor (`ABC-123`, [`super::reference_code`]) or the start of a
//! consent id, the days a consent was given — and becomes exact bounds the store can use. Nothing here reads a
//! database: the store turns a [`LedgerQuery`] into its SQL.

use super::{RecordProblem, REFERENCE_CODE_ALPHABET};
use crate::phone::{normalize_phone, PhoneError, E164};
use crate::time::Timestamp;

/// How many records a page has when the query does not say.
pub const DEFAULT_PAGE: usize = 100;

/// The most records a page may have.
pub const MAX_PAGE: usize = 1_000;

/// The query parameters understood.
const PARAMETERS: [&str; 8] = [
    "phone", "region", "ref", "from", "to", "after", "limit", "format",
];

/// A range of consent ids, `from <= consent_id < to` in byte order: every id that starts with a prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdRange {
    pub from: String,
    pub to: String,
}

impl IdRange {
    /// Every id starting with `prefix` (lower-case hexadecimal and dashes): `~` sorts after both.
    pub fn starting_with(prefix: &str) -> IdRange {
        IdRange {
            from: prefix.to_string(),
            to: format!("{prefix}~"),
        }
    }
}

/// Where a page ends: the last record's `given_at` and id (the ledger is ordered by both).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub given_at: Timestamp,
    pub consent_id: String,
}

impl Cursor {
    /// `1795000000.0f8c2a4e-…`: opaque to clients, safe in a URL as it is.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.given_at.0, self.consent_id)
    }

    /// The cursor [`Cursor::encode`] wrote, or `None`.
    pub fn decode(text: &str) -> Option<Cursor> {
        let (seconds, id) = text.split_once('.')?;
        let seconds: i64 = seconds.parse().ok()?;
        super::is_uuid(id).then(|| Cursor {
            given_at: Timestamp(seconds),
            consent_id: id.to_ascii_lowercase(),
        })
    }
}

/// The form of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerFormat {
    /// A page: `{"consents": [...], "next": cursor or null}`.
    Json,
    /// Every record matching the filters from the cursor on, as CSV (no page).
    Csv,
}

/// A checked query of the ledger: records ordered by `given_at` then id, those after `after`, matching every
/// filter given, `limit` of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerQuery {
    pub phone: Option<E164>,
    pub ids: Option<IdRange>,
    /// Given at or after this.
    pub given_from: Option<Timestamp>,
    /// Given before this.
    pub given_before: Option<Timestamp>,
    pub after: Option<Cursor>,
    pub limit: usize,
    pub format: LedgerFormat,
}

impl LedgerQuery {
    /// Every record, a page of `limit` at a time.
    pub fn everything(limit: usize) -> LedgerQuery {
        LedgerQuery {
            phone: None,
            ids: None,
            given_from: None,
            given_before: None,
            after: None,
            limit,
            format: LedgerFormat::Json,
        }
    }
}

/// Reads the query string's parameters (decoded pairs, in order): `phone` (any format; a national number needs
/// `region`), `ref` (a reference code such as `ABC-123`, or at least 8 characters of a consent id), `from` and
/// `to` (a day `2026-11-18`, both included, or an RFC 3339 time), `after` (a page's `next`), `limit` (1 to
/// [`MAX_PAGE`], [`DEFAULT_PAGE`] when absent) and `format` (`json` or `csv`). An unknown or repeated
/// parameter, or a bad value, is a problem naming the parameter.
pub fn read_ledger_query(pairs: &[(String, String)]) -> Result<LedgerQuery, RecordProblem> {
    let problem = |field: &str, problem: String| RecordProblem {
        field: field.to_string(),
        problem,
    };
    for (index, (name, _)) in pairs.iter().enumerate() {
        if !PARAMETERS.contains(&name.as_str()) {
            return Err(problem(name, "is not a parameter of this list".to_string()));
        }
        if pairs[..index].iter().any(|(earlier, _)| earlier == name) {
            return Err(problem(name, "is given twice".to_string()));
        }
    }
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
    };
    let phone = match get("phone") {
        Some(phone) => Some(normalize_phone(phone, get("region")).map_err(
            |error| match error {
                PhoneError::UnknownRegion(_) => problem("region", error.to_string()),
                other => problem("phone", other.to_string()),
            },
        )?),
        None => None,
    };
    let ids = get("ref")
        .map(|text| {
            id_range(text).ok_or_else(|| {
                problem(
                    "ref",
                    "is neither a reference code such as ABC-123 nor the start of a consent_id (8 \
                     characters or more)"
                        .to_string(),
                )
            })
        })
        .transpose()?;
    let given_from = get("from")
        .map(|text| day_or_time(text, false).ok_or_else(|| problem("from", not_a_day(text))))
        .transpose()?;
    let given_before = get("to")
        .map(|text| day_or_time(text, true).ok_or_else(|| problem("to", not_a_day(text))))
        .transpose()?;
    let after = get("after")
        .map(|text| {
            Cursor::decode(text)
                .ok_or_else(|| problem("after", "is not a page's `next` cursor".to_string()))
        })
        .transpose()?;
    let limit = match get("limit") {
        None => DEFAULT_PAGE,
        Some(text) => text
            .parse()
            .ok()
            .filter(|limit| (1..=MAX_PAGE).contains(limit))
            .ok_or_else(|| problem("limit", format!("must be a number from 1 to {MAX_PAGE}")))?,
    };
    let format = match get("format") {
        None | Some("json") => LedgerFormat::Json,
        Some("csv") => LedgerFormat::Csv,
        Some(other) => {
            return Err(problem(
                "format",
                format!("'{other}' is neither json nor csv"),
            ))
        }
    };
    Ok(LedgerQuery {
        phone,
        ids,
        given_from,
        given_before,
        after,
        limit,
        format,
    })
}

fn not_a_day(text: &str) -> String {
    format!("'{text}' is neither a day such as 2026-11-18 nor an RFC 3339 time")
}

/// A day (`2026-11-18`, in UTC) or an RFC 3339 time, as a bound: the day's first second, or for an `end`
/// bound the first second after the day (or after the time), so that `to` includes what it names.
fn day_or_time(text: &str, end: bool) -> Option<Timestamp> {
    let (start, length) = if text.len() == 10 {
        (
            Timestamp::parse_rfc3339(&format!("{text}T00:00:00Z")).ok()?,
            86_400,
        )
    } else {
        (Timestamp::parse_rfc3339(text).ok()?, 1)
    };
    Some(if end {
        Timestamp(start.0 + length)
    } else {
        start
    })
}

/// The ids a `ref` names: a reference code (six Crockford base32 characters, with or without the dash, any
/// case, `I`/`L` read as 1 and `O` as 0) stands for the first 30 bits of an id, so for the ids starting with one
/// of four 8-digit prefixes; the start of a consent id (8 to 36 characters) for the ids starting with it.
pub fn id_range(text: &str) -> Option<IdRange> {
    let compact: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if compact.chars().count() == 6 {
        let mut bits: u32 = 0;
        for c in compact.chars() {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                other => other,
            };
            let value = REFERENCE_CODE_ALPHABET
                .iter()
                .position(|&a| a as char == c)?;
            bits = (bits << 5) | u32::try_from(value).ok()?;
        }
        let first = bits << 2;
        return Some(IdRange {
            from: format!("{first:08x}"),
            to: format!("{:08x}~", first | 3),
        });
    }
    let prefix = text.trim().to_ascii_lowercase();
    let is_id_start = (8..=36).contains(&prefix.len())
        && prefix.chars().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        });
    is_id_start.then(|| IdRange::starting_with(&prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{consent_id, reference_code};

    fn read(query: &[(&str, &str)]) -> Result<LedgerQuery, RecordProblem> {
        let pairs: Vec<(String, String)> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        read_ledger_query(&pairs)
    }

    #[test]
    fn no_parameters_is_the_first_page_of_everything() {
        assert_eq!(read(&[]).unwrap(), LedgerQuery::everything(DEFAULT_PAGE));
        assert_eq!(read(&[("phone", ""), ("ref", " ")]).unwrap().phone, None);
    }

    #[test]
    fn every_filter_is_read_into_exact_bounds() {
        let query = read(&[
            ("phone", "07911 123456"),
            ("region", "gb"),
            ("from", "2026-11-18"),
            ("to", "2026-11-19"),
            ("limit", "1000"),
            ("format", "csv"),
        ])
        .unwrap();
        assert_eq!(query.phone.unwrap().as_string(), "+447911123456");
        assert_eq!(
            (query.given_from, query.given_before),
            (
                Some(Timestamp::parse_rfc3339("2026-11-18T00:00:00Z").unwrap()),
                Some(Timestamp::parse_rfc3339("2026-11-20T00:00:00Z").unwrap())
            ),
            "`to` includes its whole day"
        );
        assert_eq!((query.limit, query.format), (1000, LedgerFormat::Csv));
        let exact = read(&[("to", "2026-11-18T10:00:00+01:00")]).unwrap();
        assert_eq!(
            exact.given_before,
            Some(Timestamp::parse_rfc3339("2026-11-18T09:00:01Z").unwrap())
        );
    }

    #[test]
    fn a_reference_code_finds_the_ids_that_show_it() {
        for seed in [0x00, 0x12, 0x7f, 0xab, 0xff] {
            let id = consent_id([seed; 16]);
            let code = reference_code(&id);
            for written in [code.clone(), code.to_lowercase(), code.replace('-', "")] {
                let range = id_range(&written).unwrap();
                assert!(
                    range.from <= id && id < range.to,
                    "{written}: {range:?} {id}"
                );
            }
            let range = id_range(&code).unwrap();
            let other = consent_id([seed ^ 0x40; 16]);
            assert!(!(range.from <= other && other < range.to), "{other}");
        }
        assert_eq!(id_range("0O1-IL0"), id_range("001-110"), "misread letters");
        assert_eq!(id_range("ABC-12U"), None, "U is not Crockford");
    }

    #[test]
    fn the_start_of_an_id_finds_the_ids_that_start_so() {
        let range = id_range("0F8C2A4E-3b1d").unwrap();
        assert_eq!(range, IdRange::starting_with("0f8c2a4e-3b1d"));
        let id = "0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a";
        assert!(range.from.as_str() <= id && id < range.to.as_str());
        assert_eq!(id_range(id), Some(IdRange::starting_with(id)));
        assert!(!(range.from.as_str() <= "0f8c2a4e-3b1e" && "0f8c2a4e-3b1e" < range.to.as_str()));
        for bad in [
            "0f8c2a4",
            "0f8c2a4e3b1d",
            "0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a0",
            "zzzzzzzz",
        ] {
            assert_eq!(id_range(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_cursor_reads_back_what_it_wrote() {
        let cursor = Cursor {
            given_at: Timestamp(1_795_000_000),
            consent_id: consent_id([7; 16]),
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor.clone()));
        assert_eq!(
            read(&[("after", &cursor.encode())]).unwrap().after,
            Some(cursor)
        );
        assert_eq!(Cursor::decode("1795000000"), None);
        assert_eq!(
            Cursor::decode("x.0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a"),
            None
        );
    }

    #[test]
    fn a_bad_parameter_is_named() {
        let check = |query: &[(&str, &str)], field: &str| {
            let problem = read(query).unwrap_err();
            assert_eq!(problem.field, field, "{query:?}: {problem}");
        };
        check(&[("phon", "+447911123456")], "phon");
        check(&[("limit", "5"), ("limit", "6")], "limit");
        check(&[("phone", "07911 123456")], "phone");
        check(&[("phone", "07911 123456"), ("region", "XX")], "region");
        check(&[("ref", "ABC")], "ref");
        check(&[("from", "yesterday")], "from");
        check(&[("to", "2026-02-30")], "to");
        check(&[("after", "page-2")], "after");
        check(&[("limit", "0")], "limit");
        check(&[("limit", "1001")], "limit");
        check(&[("limit", "-1")], "limit");
        check(&[("format", "xml")], "format");
    }
}
