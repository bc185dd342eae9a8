//! Issue 17: `GET /consents` in pages, with filters, on both engines — pages that follow `next` to the end
//! without a gap or a repeat, the filters staff have in hand (a number in any format, the reference code the
//! visitor was shown, days), the CSV export of a search (streamed past a page), and bad parameters named.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::http::{header, StatusCode};
use chatgate_core::consent::{reference_code, ConsentRecord, MAX_PAGE};
use chatgate_core::time::Timestamp;
use chatgate_server::receiver::Receiver;
use serde_json::Value;
use support::{numbered_record, receiver, send, staff, TestDb};

const TOKEN: &str = "s3cret-token";

/// 2026-11-18T00:00:00Z.
const DAY: i64 = 1_794_960_000;

/// Stores `count` records straight into the ledger: the `n`th given `n` minutes after `DAY` began, of one of
/// three numbers.
async fn fill(receiver: &Arc<Receiver>, count: u32) -> Vec<ConsentRecord> {
    let phones = ["+447911123456", "+447700900123", "+79123456789"];
    let records: Vec<ConsentRecord> = (0..count)
        .map(|n| {
            let phone = phones[n as usize % 3];
            let at = Timestamp(DAY + i64::from(n) * 60);
            serde_json::from_value(numbered_record(n, phone, at)).unwrap()
        })
        .collect();
    let mut tasks = Vec::new();
    for chunk in records.chunks(64) {
        let (receiver, chunk) = (receiver.clone(), chunk.to_vec());
        tasks.push(tokio::spawn(async move {
            for record in chunk {
                receiver
                    .store
                    .insert(&record, Timestamp(DAY + 86_400 * 3))
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    records
}

async fn get(receiver: &Arc<Receiver>, query: &str) -> (StatusCode, Value) {
    let path = format!("/consents{query}");
    let (status, body, _) = send(receiver, staff("GET", &path, Some(TOKEN), None)).await;
    (status, body)
}

/// The ids of a page (`{"consents": [...]}`) or of an unpaged answer (a bare array).
fn ids(page: &Value) -> Vec<String> {
    page.as_array()
        .or_else(|| page["consents"].as_array())
        .unwrap()
        .iter()
        .map(|record| record["consent_id"].as_str().unwrap().to_string())
        .collect()
}

/// Every page of `query` (which has a `?`), following `next`: the ids in order and the number of pages.
async fn all_pages(receiver: &Arc<Receiver>, query: &str) -> (Vec<String>, usize) {
    let (mut seen, mut pages, mut after) = (Vec::new(), 0, String::new());
    loop {
        let (status, page) = get(receiver, &format!("{query}{after}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.extend(ids(&page));
        pages += 1;
        match page["next"].as_str() {
            Some(next) => after = format!("&after={next}"),
            None => return (seen, pages),
        }
    }
}

on_both_engines!(
    async fn pages_follow_next_to_the_end_in_order_without_gaps_or_repeats(engine) {
        let db = TestDb::new(engine, "pages");
        let receiver = receiver(&db, Some(TOKEN)).await;
        let records = fill(&receiver, 250).await;
        let (status, everything) = get(&receiver, "").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ids(&everything).len(), 250, "unpaged: every record, as before pages");
        let (_, first) = get(&receiver, "?after=").await;
        assert_eq!(ids(&first).len(), 100, "100 a page by default");
        assert!(first["next"].is_string());
        let (seen, pages) = all_pages(&receiver, "?limit=100").await;
        assert_eq!(pages, 3);
        let expected: Vec<String> = records.iter().map(|r| r.consent_id.clone()).collect();
        assert_eq!(seen, expected, "every record once, oldest first");
        let (seen, pages) = all_pages(&receiver, "?limit=250").await;
        assert_eq!((seen.len(), pages), (250, 1), "no empty last page");
    }
);

on_both_engines!(
    async fn filters_find_a_number_a_reference_code_an_id_and_days(engine) {
        let db = TestDb::new(engine, "filters");
        let receiver = receiver(&db, Some(TOKEN)).await;
        let records = fill(&receiver, 90).await;
        let of = |phone: &str| -> BTreeSet<String> {
            records
                .iter()
                .filter(|r| r.phone.as_string() == phone)
                .map(|r| r.consent_id.clone())
                .collect()
        };
        // A national number with its region, paged by 7.
        let (seen, pages) =
            all_pages(&receiver, "?phone=07700%20900123&region=GB&limit=7").await;
        assert_eq!(pages, 5);
        assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), of("+447700900123"));
        let (_, page) = get(&receiver, "?phone=%2B7%20912%20345-67-89").await;
        assert_eq!(ids(&page).into_iter().collect::<BTreeSet<_>>(), of("+79123456789"));

        // The code the widget showed the visitor, as a visitor might read it out.
        let wanted = &records[41];
        let code = reference_code(&wanted.consent_id);
        for written in [code.clone(), code.to_lowercase().replace('-', "")] {
            let (status, page) = get(&receiver, &format!("?ref={written}")).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            assert_eq!(ids(&page), std::slice::from_ref(&wanted.consent_id), "{written}");
        }
        let (_, page) = get(&receiver, &format!("?ref={}", &wanted.consent_id[..13])).await;
        assert_eq!(ids(&page), std::slice::from_ref(&wanted.consent_id));

        // Days, both included: records are a minute apart from midnight; 60 of them in the first hour.
        let (_, page) = get(&receiver, "?from=2026-11-18&to=2026-11-18&limit=1000").await;
        assert_eq!(ids(&page).len(), 90);
        let (_, page) = get(&receiver, "?to=2026-11-17").await;
        assert!(ids(&page).is_empty());
        let (_, page) = get(
            &receiver,
            "?from=2026-11-18T00:30:00Z&to=2026-11-18T01:29:59Z&phone=%2B447911123456",
        )
        .await;
        let expected: Vec<String> = records[30..90]
            .iter()
            .filter(|r| r.phone.as_string() == "+447911123456")
            .map(|r| r.consent_id.clone())
            .collect();
        assert_eq!(ids(&page), expected);
    }
);

on_both_engines!(
    async fn the_csv_of_a_search_holds_every_match_past_a_page(engine) {
        let db = TestDb::new(engine, "csv");
        let receiver = receiver(&db, Some(TOKEN)).await;
        let count = u32::try_from(MAX_PAGE).unwrap() + 60;
        let records = fill(&receiver, count).await;
        let path = "/consents?format=csv&phone=%2B447911123456";
        let (status, csv, headers) = send(&receiver, staff("GET", path, Some(TOKEN), None)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let csv = csv.as_str().unwrap();
        let lines: Vec<&str> = csv.split_terminator("\r\n").collect();
        assert!(lines[0].ends_with(",withdrawal_method,withdrawal_note,business_phone"));
        let expected = records
            .iter()
            .filter(|r| r.phone.as_string() == "+447911123456")
            .count();
        assert_eq!(lines.len(), 1 + expected);
        let (status, all, _) = send(
            &receiver,
            staff("GET", "/consents?format=csv", Some(TOKEN), None),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            all.as_str().unwrap().split_terminator("\r\n").count(),
            1 + records.len(),
            "the whole ledger, in more than one page"
        );
    }
);

on_both_engines!(
    async fn a_bad_parameter_is_refused_naming_it(engine) {
        let db = TestDb::new(engine, "bad-query");
        let receiver = receiver(&db, Some(TOKEN)).await;
        for (query, name) in [
            ("?limit=0", "limit"),
            ("?limit=1001", "limit"),
            ("?after=page-2", "after"),
            ("?phon=%2B447911123456", "phon"),
            ("?phone=07911%20123456", "phone"),
            ("?ref=ABC", "ref"),
            ("?from=yesterday", "from"),
            ("?format=xml", "format"),
            ("?limit=5&limit=6", "limit"),
        ] {
            let (status, answer) = get(&receiver, query).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
            assert!(
                answer["reason"]
                    .as_str()
                    .is_some_and(|reason| reason.starts_with(&format!("{name}:"))),
                "{query}: {answer}"
            );
        }
    }
);
