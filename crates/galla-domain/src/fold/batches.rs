//! The report sums a store adds up over a batch of events and writes once
//! (`ReportProjections::add_sums`, batches joined with `merge_sums`) are
//! exactly the sums the fold keeps one event at a time, wherever the
//! batches are cut.

use super::fold;
use super::order::{events, raw_events};
use crate::Delta;
use crate::projection::Projections;
use crate::projection::report::ReportProjections;
use proptest::prelude::*;

fn sums(events: &[crate::Event]) -> ReportProjections {
    let mut sums = ReportProjections::default();
    for e in events {
        for d in fold(e) {
            if let Delta::Report(r) = d {
                sums.add_sums(&r);
            }
        }
    }
    sums
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn sums_of_batches_merged_are_the_sums_of_the_fold(
        (raw, cuts) in raw_events().prop_flat_map(|raw| {
            let n = raw.len();
            (Just(raw), proptest::collection::vec(0..=n, 0..4))
        })
    ) {
        let all = events(&raw);
        let mut whole = Projections::default();
        for (seq, e) in (1..).zip(&all) {
            whole.apply(seq, &fold(e));
        }
        let mut expected = whole.report;
        expected.bills.clear();
        expected.returns.clear();
        let mut cuts = cuts;
        cuts.push(all.len());
        cuts.sort_unstable();
        let mut merged = ReportProjections::default();
        let mut from = 0;
        for to in cuts {
            merged.merge_sums(sums(&all[from..to]));
            from = to;
        }
        prop_assert_eq!(&merged, &expected);
        prop_assert_eq!(&sums(&all), &expected);
    }
}
