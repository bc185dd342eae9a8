//! The receiver's rules for withdrawals: what a stored record's `withdrawn_at` becomes when a withdrawal
//! arrives. Every storage engine applies these same rules, so that SQLite and PostgreSQL keep the same ledger.
//! Nothing here reads the clock or a database: `now` (the receiver's clock) and the stored time come in as
//! arguments.

use crate::time::Timestamp;

/// The stored record's new `withdrawn_at` after a withdrawal received at `now`, or `None` when it stays as
/// it is.
///
/// The withdrawal's time is the one the withdrawal `claimed` (the widget's `withdrawn_at`), but never later
/// than `now`: a withdrawal received now happened by now. The `first` withdrawal time already stored is kept
/// unless it still lies in the future at `now` (a visitor's fast clock, or a row stored before issue 18
/// refused such times); then the earlier time replaces it. Either way, after a withdrawal the record reads as
/// withdrawn by `now`.
pub fn settle_withdrawal(
    first: Option<Timestamp>,
    claimed: Option<Timestamp>,
    now: Timestamp,
) -> Option<Timestamp> {
    if first.is_some_and(|first| first <= now) {
        return None;
    }
    Some(claimed.map_or(now, |claimed| claimed.min(now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawal_is_dated_once_and_never_after_the_receivers_clock() {
        let now = Timestamp(1_000);
        let check = |first: Option<i64>, claimed: Option<i64>, expected: Option<i64>| {
            assert_eq!(
                settle_withdrawal(first.map(Timestamp), claimed.map(Timestamp), now),
                expected.map(Timestamp),
                "first {first:?}, claimed {claimed:?}"
            );
        };
        check(None, None, Some(1_000));
        check(None, Some(900), Some(900));
        check(None, Some(1_100), Some(1_000));
        check(Some(800), Some(900), None);
        check(Some(1_000), None, None);
        // Issue 18: a first time still in the future gives way to the real withdrawal.
        check(Some(4_000_000_000), None, Some(1_000));
        check(Some(4_000_000_000), Some(950), Some(950));
    }
}
