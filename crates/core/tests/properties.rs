//! Property tests over the core: no bytes make the import panic, and on any log the
//! invariants of the analysis hold.

use boomerang_core::{
    analyze, import, import_grid, import_text_with, text_grid, AbcBasis, ImportOptions, Money,
    Settings, Status,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_bytes_make_the_import_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(i) = import(&bytes, &ImportOptions::default()) {
            if let Ok(l) = i.result {
                let _ = analyze(&l.data, &Settings { model: false, ..Settings::default() });
            }
        }
    }

    #[test]
    fn no_text_made_of_table_characters_makes_it_panic(text in "[a-cА-В0-9;,.\\t\\n\"' /()₽$-]{0,400}") {
        if let Ok(i) = import(text.as_bytes(), &ImportOptions::default()) {
            if let Ok(l) = i.result {
                let _ = analyze(&l.data, &Settings::default());
            }
        }
    }

    #[test]
    fn streaming_text_imports_what_a_grid_does(text in "[a-cА-В0-9;,.\t\n\" /-]{0,400}", header in proptest::option::of(any::<bool>())) {
        let opts = ImportOptions { header, ..ImportOptions::default() };
        let grid = text_grid(&text, None, &opts).map(|g| import_grid(g, &opts));
        let streamed = import_text_with(&text, None, &opts, &mut |_| {}, &mut |_, _| {});
        prop_assert_eq!(streamed, grid);
    }

    #[test]
    fn the_invariants_hold_on_any_log(
        rows in proptest::collection::vec((0u8..30, 0u16..1500, -500i64..100_000, proptest::option::of(0i64..20_000)), 1..300),
        k in 1.0f64..3.0,
        min_days in 1u32..90,
    ) {
        let mut text = String::from("client;date;amount;profit\n");
        for (c, day, amount, profit) in &rows {
            let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(*day as i64);
            let profit = profit.map(|p| p.to_string()).unwrap_or_default();
            text.push_str(&format!("c{c};{};{amount};{profit}\n", date.format("%d.%m.%Y")));
        }
        let loaded = import(text.as_bytes(), &ImportOptions::default()).unwrap().result.unwrap();
        let a = analyze(&loaded.data, &Settings { k, min_days, model: false, ..Settings::default() }).unwrap();
        let n = a.clients.len();
        // Status counts add up to the clients.
        prop_assert_eq!(a.status.active + a.status.sleeping + a.status.lost, n);
        // Class values add up to the total.
        let class_total: Money = a.classes.abc.iter().map(|(_, l)| l.value).sum();
        let total: Money = a.clients.iter().map(|l| if a.classes.abc_basis == AbcBasis::Profit { l.client.annual_profit.unwrap_or_default() } else { l.client.annual_revenue }).sum();
        prop_assert_eq!(class_total, total);
        // A client's year is some of their purchases: never more occasions than they made, and
        // never more money than they paid when nothing was refunded.
        for l in &a.clients {
            let c = &l.client;
            prop_assert!(c.purchases_a_year >= 1 && c.purchases_a_year <= c.occasions);
            let refunded = rows.iter().any(|r| format!("c{}", r.0) == *c.id && r.2 < 0);
            if !refunded {
                prop_assert!(c.annual_revenue <= c.revenue, "{}: {} > {}", c.id, c.annual_revenue, c.revenue);
            }
        }
        // The period's losses are some of its base; the stock splits by time since the loss.
        prop_assert!(a.lost_in_period.clients <= a.lost_in_period.base);
        prop_assert!(a.previous_period.clients <= a.previous_period.base);
        let all = &a.lost_all;
        prop_assert_eq!(all.clients, a.status.lost);
        prop_assert_eq!(all.under_1y.clients + all.from_1y_to_2y.clients + all.over_2y.clients, all.clients);
        prop_assert_eq!(all.under_1y.annual_revenue + all.from_1y_to_2y.annual_revenue + all.over_2y.annual_revenue, all.annual_revenue);
        prop_assert_eq!(a.classes.abc.iter().map(|(_, l)| l.clients).sum::<usize>(), n);
        // Every client is in exactly one category, or not a candidate.
        if let Some(plan) = a.winback.value() {
            let mut order = plan.order.clone();
            order.sort_unstable();
            order.dedup();
            prop_assert_eq!(order.len(), plan.order.len(), "a client listed twice");
            let candidates: Vec<usize> = (0..n).filter(|&i| a.clients[i].client.status != Status::Active).collect();
            prop_assert_eq!(order, candidates);
            for (i, l) in a.clients.iter().enumerate() {
                prop_assert_eq!(l.winback.is_some(), l.client.status != Status::Active, "client {}", i);
            }
        }
        // Revenue is the sum of the amounts, refunds included.
        let amounts: i64 = rows.iter().map(|r| r.2 * 100).sum();
        prop_assert_eq!(a.revenue, Money(amounts));
    }
}
