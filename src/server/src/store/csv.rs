//! The ledger as CSV, for the staff's spreadsheet (`GET /consents?format=csv`), written a page at a time so an
//! export of any size can be streamed.

use chatgate_core::consent::csv_cell;
use chatgate_core::time::Timestamp;

use super::StoredRecord;

/// The header line: the record's fields, then what the receiver adds (columns are only ever added at the end).
pub const CSV_HEADER: &str =
    "consent_id,phone,purposes,business,text,text_version,locale,page,given_at,method,\
withdrawn_at,received_at,withdrawal_method,withdrawal_note,business_phone\r\n";

/// CSV lines of stored records (RFC 4180: every field quoted, quotes doubled; purposes joined with `;`). A
/// field that a spreadsheet could read as a formula is prefixed with `'` ([`csv_cell`]).
pub fn csv_lines(records: &[StoredRecord]) -> String {
    let mut csv = String::new();
    for stored in records {
        let r = &stored.record;
        let purposes = r.purposes.join(";");
        let withdrawn_at = r
            .withdrawn_at
            .map(Timestamp::to_rfc3339_utc)
            .unwrap_or_default();
        let (phone, given_at) = (r.phone.as_string(), r.given_at.to_rfc3339_utc());
        let received_at = stored.received_at.to_rfc3339_utc();
        let method = stored
            .withdrawal_method
            .map_or("", |method| method.as_str())
            .to_string();
        let note = stored.withdrawal_note.clone().unwrap_or_default();
        let business_phone = r
            .business_phone
            .as_ref()
            .map(|number| number.as_string())
            .unwrap_or_default();
        let fields = [
            &r.consent_id,
            &phone,
            &purposes,
            &r.business,
            &r.text,
            &r.text_version,
            &r.locale,
            &r.page,
            &given_at,
            &r.method,
            &withdrawn_at,
            &received_at,
            &method,
            &note,
            &business_phone,
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_cell(field)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    csv
}

/// A whole CSV file of `records`: the header and a line each.
pub fn to_csv(records: &[StoredRecord]) -> String {
    format!("{CSV_HEADER}{}", csv_lines(records))
}
