//! The rich client table that the warehouse SQL writes (docs/warehouse-sql.md): read by its
//! column names, it gives the log's figures. The SQL files themselves run on their engines in
//! `sql/check_engines.py`; here the table is written from the log's own per-client figures,
//! so that the import and the analysis of such a table are checked without an engine.

use boomerang_core::{analyze, demo, import, Analysis, Data, ImportOptions, Role, Settings};

fn load(bytes: &[u8]) -> Data {
    import(bytes, &ImportOptions::default())
        .expect("a grid")
        .result
        .expect("loads")
        .data
}

fn figures(a: &Analysis) -> serde_json::Value {
    serde_json::json!({
        "status": a.status,
        "lost_twice": a.lost_twice,
        "one_time_rule": a.one_time_rule,
        "lost_in_period": a.lost_in_period,
        "sleeping_potential": a.sleeping_potential,
        "declining": a.declining,
        "abc": a.classes.abc,
        "managers": a.managers,
        "lost_all": a.lost_all,
        "churn": a.churn,
        "lifetime_years": a.lifetime_years,
        "campaign": a.campaign,
    })
}

/// The demo's clients as the warehouse SQL would summarise them.
fn rich_table(data: &Data, log: &Analysis) -> String {
    let mut out = String::from(
        "client_id,first_purchase,last_purchase,purchases,revenue,profit,manager,reason,\
         median_interval_days,year_revenue,year_purchases,year_profit,revenue_last_365,\
         revenue_prev_365,last_purchase_year_before,earlier_losses,last_return,\
         threshold_days,as_of\n",
    );
    let year_before = log.as_of - chrono::Duration::days(365);
    for line in &log.clients {
        let c = &line.client;
        let (recent, before) = c.year_on_year.expect("a log has them");
        let opt = |v: Option<String>| v.unwrap_or_default();
        let bought_by = data
            .history_of(&c.id)
            .into_iter()
            .map(|(day, _)| day)
            .filter(|day| *day <= year_before)
            .max();
        out += &format!(
            "\"{}\",{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            c.id,
            c.first,
            c.last,
            c.occasions,
            c.revenue.major(),
            opt(c.profit.map(|p| p.major().to_string())),
            opt(c.manager.as_deref().map(str::to_owned)),
            opt(c.reason.as_deref().map(str::to_owned)),
            opt(c.interval_days.map(|d| d.to_string())),
            c.annual_revenue.major(),
            c.purchases_a_year,
            opt(c.annual_profit.map(|p| p.major().to_string())),
            recent.major(),
            before.major(),
            opt(bought_by.map(|d| d.to_string())),
            c.loss_episodes.expect("a log has them"),
            opt(c.returned_on.map(|d| d.to_string())),
            c.threshold_days,
            log.as_of,
        );
    }
    out
}

#[test]
fn a_rich_client_table_gives_the_logs_figures() {
    let data = load(demo::wholesaler_csv().as_bytes());
    let log = analyze(&data, &Settings::default()).unwrap();
    let table_text = rich_table(&data, &log);
    let imported = import(table_text.as_bytes(), &ImportOptions::default()).unwrap();
    let roles: Vec<_> = imported.columns.iter().map(|c| c.role).collect();
    for &role in Role::SUMMARY {
        assert!(
            roles.contains(&Some(role)),
            "{role:?} not recognised: {roles:?}"
        );
    }
    let loaded = imported.result.unwrap();
    assert!(
        loaded.issues.is_empty(),
        "{:?}",
        &loaded.issues[..3.min(loaded.issues.len())]
    );
    // No analysis date given: the table's own `as_of` is the default.
    let table = analyze(&loaded.data, &Settings::default()).unwrap();
    assert_eq!(table.as_of, log.as_of);
    assert!(table.client_table);
    assert!(log.lost_twice.value().is_some_and(|n| *n > 0));
    assert!(log.declining.value().is_some_and(|d| d.clients > 0));
    assert_eq!(figures(&table), figures(&log));
}

#[test]
fn the_plain_four_column_table_still_loads_with_what_it_cannot_tell_unavailable() {
    let text = "client_id,first_purchase,last_purchase,purchases,revenue\n\
        A,2023-01-05,2024-11-30,17,183400.50\n\
        B,2024-02-01,2024-02-01,1,990.00\n\
        C,2022-03-01,2023-06-01,4,12000\n";
    let table = analyze(&load(text.as_bytes()), &Settings::default()).unwrap();
    assert_eq!(table.as_of.to_string(), "2024-11-30");
    assert!(table.lost_twice.value().is_none());
    assert!(table.declining.value().is_none());
    assert!(table.classes.xyz.value().is_none());
    assert_eq!(
        table.status.active + table.status.sleeping + table.status.lost,
        3
    );
}

#[test]
fn an_unreadable_summary_cell_keeps_the_row_and_names_the_column() {
    let text = "client_id,first_purchase,last_purchase,purchases,revenue,median_interval_days,\
        earlier_losses\n\
        A,2023-01-05,2024-11-30,17,183400.50,twelve,0\n\
        B,2024-02-01,2024-02-01,1,990.00,,0\n";
    let loaded = import(text.as_bytes(), &ImportOptions::default())
        .unwrap()
        .result
        .unwrap();
    assert_eq!(loaded.rows_left_out, 0);
    assert_eq!(loaded.issues.len(), 1, "{:?}", loaded.issues);
    let issue = &loaded.issues[0];
    assert_eq!(
        (issue.row, issue.column.as_str(), issue.value.as_str()),
        (2, "median_interval_days", "twelve")
    );
    assert!(!issue.row_left_out);
    assert!(
        issue.message.contains("the row is kept"),
        "{}",
        issue.message
    );
}
