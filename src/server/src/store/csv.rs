//! The ledger as CSV, for the staff's spreadsheet (`GET /consents?format=csv`).

use chatgate_core::consent::csv_cell;
use chatgate_core::time::Timestamp;

use super::StoredRecord;

/// CSV of stored records (RFC 4180: every field quoted, quotes doubled; purposes joined with `;`). A field
/// that a spreadsheet could read as a formula is prefixed with `'` ([`csv_cell`]).
pub fn to_csv(records: &[StoredRecord]) -> String {
    let mut csv = String::from("consent_id,phone,purposes,business,text,text_version,locale,page,given_at,method,withdrawn_at,received_at\r\n");
    for stored in records {
        let r = &stored.record;
        let purposes = r.purposes.join(";");
        let withdrawn_at = r
            .withdrawn_at
            .map(Timestamp::to_rfc3339_utc)
            .unwrap_or_default();
        let (phone, given_at) = (r.phone.as_string(), r.given_at.to_rfc3339_utc());
        let received_at = stored.received_at.to_rfc3339_utc();
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
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_cell(field)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    csv
}
