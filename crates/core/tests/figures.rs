//! Every figure of DOMAIN.md: the seed examples, small hand-computed fixtures, and the
//! invariants that must hold on any data.

use boomerang_core::{
    analyze, demo, import, quick, Abc, Analysis, Category, ChurnInput, Data, Figure, ImportOptions,
    Money, PeriodChoice, QuickInputs, Settings, Status, Xyz,
};
use chrono::{Duration, NaiveDate};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A log from (client, date, amount) rows, through the real import.
fn log(rows: &[(&str, NaiveDate, i64)]) -> Data {
    let mut text = String::from("client;date;amount\n");
    for (c, d, a) in rows {
        text.push_str(&format!("{c};{};{a}\n", d.format("%d.%m.%Y")));
    }
    import(text.as_bytes(), &ImportOptions::default())
        .unwrap()
        .result
        .unwrap()
        .data
}

fn run(data: &Data, settings: Settings) -> Analysis {
    analyze(data, &settings).unwrap()
}

fn line<'a>(a: &'a Analysis, id: &str) -> &'a boomerang_core::ClientLine {
    a.clients.iter().find(|l| *l.client.id == *id).unwrap()
}

// ---- The seed examples ------------------------------------------------------------------

/// Seed 000: 10 clients × 50,000 per deal × 7 deals a year = 3,500,000 lost a year.
#[test]
fn seed_ten_lost_clients_at_fifty_thousand_seven_times_a_year() {
    let q = quick(&QuickInputs {
        clients: 100.0,
        churn: ChurnInput::LostPerYear(10.0),
        avg_check: Money::from_major(50_000.0),
        purchases_per_year: 7.0,
        ..QuickInputs::default()
    })
    .unwrap();
    assert_eq!(q.revenue_lost_per_year, Money::from_major(3_500_000.0));

    // The same from data: ten clients who bought 50,000 seven times in their last year (gaps
    // of 52 days and one of 53) and stopped in spring 2024; beside them ten clients who did
    // the same four years earlier. As of 2024-12-31 the year's loss is the first ten only.
    let gaps = [52, 52, 52, 52, 52, 53];
    let mut rows = Vec::new();
    let names: Vec<String> = (0..20).map(|i| format!("client {i:02}")).collect();
    for (i, name) in names.iter().enumerate() {
        let mut d = if i < 10 {
            day(2023, 6, 1)
        } else {
            day(2019, 6, 1)
        };
        rows.push((name.as_str(), d, 50_000));
        for g in gaps {
            d += Duration::days(g);
            rows.push((name.as_str(), d, 50_000));
        }
    }
    let a = run(
        &log(&rows),
        Settings {
            as_of: Some(day(2024, 12, 31)),
            ..Default::default()
        },
    );
    assert_eq!(a.status.lost, 20);
    assert!(a.clients.iter().all(|l| l.client.purchases_a_year == 7
        && l.client.annual_revenue == Money::from_major(350_000.0)));
    assert_eq!(
        (a.period.from, a.period.to),
        (day(2024, 1, 2), day(2024, 12, 31))
    );
    assert_eq!(a.lost_in_period.clients, 10);
    assert_eq!(
        a.lost_in_period.annual_revenue,
        Money::from_major(3_500_000.0)
    );
    // The stock: all twenty, the ten of four years ago over two years since their loss.
    assert_eq!(a.lost_all.clients, 20);
    assert_eq!(a.lost_all.annual_revenue, Money::from_major(7_000_000.0));
    assert_eq!(
        a.lost_all.under_1y.annual_revenue,
        Money::from_major(3_500_000.0)
    );
    assert_eq!(a.lost_all.over_2y.clients, 10);
    assert_eq!(a.lost_all.from_1y_to_2y.clients, 0);
    // Seen from 2020-12-31, the other ten were that year's loss.
    let then = run(
        &log(&rows),
        Settings {
            as_of: Some(day(2024, 12, 31)),
            period: PeriodChoice::PreviousCalendarYear,
            ..Default::default()
        },
    );
    assert_eq!(
        (then.period.from, then.period.to),
        (day(2023, 1, 1), day(2023, 12, 31))
    );
    assert_eq!(then.lost_in_period.clients, 0);
    let y2020 = run(
        &log(&rows),
        Settings {
            as_of: Some(day(2024, 12, 31)),
            period: PeriodChoice::Custom {
                from: day(2020, 1, 1),
                to: day(2020, 12, 31),
            },
            ..Default::default()
        },
    );
    assert_eq!(y2020.lost_in_period.clients, 10);
    assert_eq!(
        y2020.lost_in_period.annual_revenue,
        Money::from_major(3_500_000.0)
    );
    assert_eq!(y2020.lost_in_period.returned_since, 0);
    assert_eq!(y2020.previous_period.period.from, day(2019, 1, 1));
}

/// Seed 003, rule 12: a client who came back less than 90 days ago is fragile.
#[test]
fn a_client_back_a_fortnight_ago_is_fragile() {
    let rows = [
        ("back", day(2024, 1, 1), 1_000),
        ("back", day(2024, 2, 1), 1_000),
        ("back", day(2024, 3, 1), 1_000),
        ("back", day(2024, 11, 15), 700),
        ("old", day(2023, 1, 1), 1_000),
        ("old", day(2023, 2, 1), 1_000),
        ("old", day(2023, 9, 1), 1_000),
        ("old", day(2023, 10, 1), 1_000),
    ];
    let a = run(
        &log(&rows),
        Settings {
            as_of: Some(day(2024, 12, 1)),
            ..Default::default()
        },
    );
    assert_eq!(line(&a, "back").client.returned_on, Some(day(2024, 11, 15)));
    let r = a.returned_in_period.value().unwrap();
    // "old" came back in September 2023: before the period, and not fragile.
    assert_eq!((r.clients, r.fragile), (1, 1));
    assert_eq!(r.revenue_since, Money::from_major(700.0));
}

/// A refund on a day of its own cannot make a client's year negative.
#[test]
fn a_refund_does_not_make_a_year_negative() {
    let rows = [
        ("r", day(2022, 1, 10), 1_000),
        ("r", day(2023, 3, 1), -1_000),
        ("other", day(2024, 1, 1), 500),
        ("other", day(2024, 2, 1), 500),
    ];
    let a = run(&log(&rows), Settings::default());
    assert_eq!(line(&a, "r").client.annual_revenue, Money::ZERO);
    assert!(a.lost_in_period.annual_revenue >= Money::ZERO);
    assert!(a.lost_all.annual_revenue >= Money::ZERO);
}

/// Two purchases two days apart are a year of two checks, not 182 purchases a year; no
/// client brings more in a year than they ever paid.
#[test]
fn two_purchases_two_days_apart_are_a_year_of_two_checks() {
    let rows = [
        ("pair", day(2024, 3, 1), 10_000),
        ("pair", day(2024, 3, 3), 10_000),
        ("other", day(2024, 12, 31), 1_000),
    ];
    let a = run(&log(&rows), Settings::default());
    let c = &line(&a, "pair").client;
    assert_eq!(c.status, Status::Lost);
    assert_eq!(
        (c.purchases_a_year, c.annual_revenue),
        (2, Money::from_major(20_000.0))
    );
    assert_eq!(a.lost_in_period.annual_revenue, Money::from_major(20_000.0));
}

/// Seed 000: losing 25% of the base a year means a full renewal in 4 years.
#[test]
fn seed_a_quarter_lost_a_year_is_a_four_year_lifetime() {
    let q = quick(&QuickInputs {
        churn: ChurnInput::Rate(0.25),
        ..QuickInputs::default()
    })
    .unwrap();
    assert_eq!(q.lifetime_years, Figure::Defined(4.0));
    let none = quick(&QuickInputs {
        churn: ChurnInput::Rate(0.0),
        ..QuickInputs::default()
    })
    .unwrap();
    assert_eq!(
        none.lifetime_years
            .reason()
            .map(|_| boomerang_core::Why::NoChurn.message(boomerang_core::format::Lang::Ru)),
        Some(
            "за последний год ни один клиент не потерян: отток 0, и время жизни не ограничено"
                .to_owned()
        )
    );

    // From data: 100 monthly buyers; 25 of them stop half a year before the analysis date.
    let as_of = day(2024, 12, 31);
    let mut rows = Vec::new();
    let names: Vec<String> = (0..100).map(|i| format!("c{i:03}")).collect();
    for (i, name) in names.iter().enumerate() {
        let stop = if i < 25 { day(2024, 6, 30) } else { as_of };
        let mut d = day(2023, 1, 1);
        while d <= stop {
            rows.push((name.as_str(), d, 1_000));
            d += Duration::days(30);
        }
    }
    let a = run(
        &log(&rows),
        Settings {
            as_of: Some(as_of),
            ..Default::default()
        },
    );
    let churn = a.churn.value().unwrap();
    assert_eq!((churn.at_start, churn.became_lost), (100, 25));
    assert_eq!(a.lifetime_years, Figure::Defined(4.0));
    assert_eq!(a.retention, Figure::Defined(0.75));
}

/// Seed 004: a quarter of sleeping clients come back; 100 of them with an average check of
/// 1,000 give 25,000.
#[test]
fn seed_a_hundred_clients_at_a_thousand_with_a_quarter_back_give_25000() {
    let q = quick(&QuickInputs {
        clients: 1_000.0,
        churn: ChurnInput::LostPerYear(100.0),
        avg_check: Money::from_major(1_000.0),
        purchases_per_year: 1.0,
        return_probability: 0.25,
        ..QuickInputs::default()
    })
    .unwrap();
    assert_eq!(q.recoverable_revenue, Money::from_major(25_000.0));
    let q = quick(&QuickInputs {
        sleeping: 100.0,
        avg_check: Money::from_major(1_000.0),
        return_probability: 0.25,
        ..QuickInputs::default()
    })
    .unwrap();
    assert_eq!(q.sleeping_potential, Money::from_major(25_000.0));

    // From data: 100 yearly buyers of 1,000 whose yearly purchase is overdue, not yet by a
    // third of a year: sleeping, each good for one order at a quarter's chance.
    let names: Vec<String> = (0..100).map(|i| format!("c{i:03}")).collect();
    let mut rows = Vec::new();
    for name in &names {
        for y in 2021..=2023 {
            rows.push((name.as_str(), day(y, 3, 1), 1_000));
        }
    }
    let a = run(
        &log(&rows),
        Settings {
            as_of: Some(day(2024, 4, 15)),
            ..Default::default()
        },
    );
    assert_eq!(a.status.sleeping, 100);
    assert_eq!(a.sleeping_potential, Money::from_major(25_000.0));
}

/// Seed 000: a client who buys every 3 months is sleeping after 3 months and lost after 4.
#[test]
fn seed_a_quarterly_buyer_sleeps_after_three_months_and_is_lost_after_four() {
    let dates = [
        day(2023, 1, 1),
        day(2023, 4, 1),
        day(2023, 7, 1),
        day(2023, 10, 1),
        day(2024, 1, 1),
    ];
    let rows: Vec<_> = dates.iter().map(|&d| ("q", d, 100)).collect();
    let data = log(&rows);
    let status_on = |d: NaiveDate| {
        line(
            &run(
                &data,
                Settings {
                    as_of: Some(d),
                    ..Default::default()
                },
            ),
            "q",
        )
        .client
        .status
    };
    // Gaps 90, 91, 92, 92: median 91.5 days; lost after 4/3 × 91.5 = 122 days.
    assert_eq!(status_on(day(2024, 3, 1)), Status::Active, "2 months");
    assert_eq!(status_on(day(2024, 4, 1)), Status::Active, "91 days");
    assert_eq!(
        status_on(day(2024, 4, 2)),
        Status::Sleeping,
        "92 days: 3 months"
    );
    assert_eq!(
        status_on(day(2024, 5, 2)),
        Status::Sleeping,
        "122 days: 4 months"
    );
    assert_eq!(status_on(day(2024, 5, 3)), Status::Lost, "123 days");
}

// ---- A hand-computed fixture ------------------------------------------------------------

/// Five clients, as of 2024-12-31:
/// - `steady`: monthly, 12 × 1,000 in 2024 → active, X (every month the same);
/// - `napper`: every 30 days from 2024-01-31 to 2024-11-26, 3,000 each → 35 days silent:
///   sleeping (interval 30, L = 40);
/// - `gone`: every 10 days in January, 500 each → lost (L = 30, last 2024-01-31);
/// - `twice`: monthly, a 6-month gap, back, then gone → lost twice;
/// - `once`: one purchase of 20,000 on 2024-12-01 → one-time buyer, active.
fn fixture() -> Vec<(&'static str, NaiveDate, i64)> {
    let mut rows = Vec::new();
    for m in 1..=12 {
        rows.push(("steady", day(2024, m, 5), 1_000));
    }
    let mut d = day(2024, 1, 31);
    while d <= day(2024, 11, 26) {
        rows.push(("napper", d, 3_000));
        d += Duration::days(30);
    }
    for dd in [1, 11, 21, 31] {
        rows.push(("gone", day(2024, 1, dd), 500));
    }
    for m in [1, 2, 3, 4, 11] {
        rows.push(("twice", day(2023, m, 10), 2_000));
    }
    rows.push(("twice", day(2023, 12, 10), 2_000));
    rows.push(("once", day(2024, 12, 1), 20_000));
    rows
}

fn fixture_analysis(settings: Settings) -> Analysis {
    run(
        &log(&fixture()),
        Settings {
            as_of: Some(day(2024, 12, 31)),
            ..settings
        },
    )
}

#[test]
fn fixture_statuses_episodes_and_lost_twice() {
    let a = fixture_analysis(Settings::default());
    let status = |id| line(&a, id).client.status;
    assert_eq!(status("steady"), Status::Active);
    assert_eq!(status("napper"), Status::Sleeping);
    assert_eq!(status("gone"), Status::Lost);
    assert_eq!(status("twice"), Status::Lost);
    assert_eq!(status("once"), Status::Active);
    assert_eq!(
        (a.status.active, a.status.sleeping, a.status.lost),
        (2, 1, 2)
    );
    let twice = &line(&a, "twice").client;
    // Gaps 31, 28, 31, 214, 29: median 31, L = 41.3; the 214-day gap is one loss and return.
    assert_eq!(twice.interval_days, Some(31.0));
    assert_eq!(twice.loss_episodes, Some(1));
    assert_eq!(twice.lost_twice, Some(true));
    assert_eq!(a.lost_twice, Figure::Defined(1));
    assert_eq!(line(&a, "gone").client.lost_twice, Some(false));
    // Ever lost: gone and twice; returned: twice.
    assert_eq!(a.reactivation_rate, Figure::Defined(0.5));
    // `napper`: interval 30, L = 40, 35 days since 2024-11-26; overdue by 5 days.
    let napper = &line(&a, "napper").client;
    assert_eq!(
        (
            napper.threshold_days,
            napper.recency_days,
            napper.overdue_days
        ),
        (40.0, 35, 5)
    );
}

#[test]
fn lost_clients_are_counted_in_the_month_they_crossed_their_threshold() {
    let a = fixture_analysis(Settings::default());
    // gone: last 2024-01-31 + L 30 → lost on 2024-03-02 (the day after the threshold).
    // twice: last 2023-12-10 + L 41.3 → lost on 2024-01-21.
    let months: Vec<(i32, u32, usize)> = a
        .lost_by_month
        .iter()
        .map(|m| (m.year, m.month, m.clients))
        .collect();
    assert_eq!(months, vec![(2024, 1, 1), (2024, 3, 1)]);
    // A client's history for the card: occasions, one per day.
    let data = log(&fixture());
    let h = data.history_of("twice");
    assert_eq!(h.len(), 6);
    assert_eq!(h[0], (day(2023, 1, 10), Money(200_000)));
    assert!(data.history_of("nobody").is_empty());
}

#[test]
fn fixture_money_figures() {
    let a = fixture_analysis(Settings::default());
    // `gone`: 4 × 500 in January: a year of 2,000 in 4 purchases.
    let gone = &line(&a, "gone").client;
    assert_eq!(
        (gone.purchases_a_year, gone.annual_revenue),
        (4, Money::from_major(2_000.0))
    );
    // Expected next 2024-02-10; lost from 2024-03-02 (31 days after the last purchase).
    assert_eq!(gone.overdue_days, 325);
    assert_eq!(gone.lost_since, Some(day(2024, 3, 2)));
    assert_eq!(gone.days_since_loss, Some(304));
    // `twice`: the year up to 2023-12-10 holds all six purchases: 12,000.
    let twice = &line(&a, "twice").client;
    assert_eq!(twice.annual_revenue, Money::from_major(12_000.0));
    // Both were lost in the period (2024-01-02 .. 2024-12-31): twice from 2024-01-21.
    assert_eq!(a.lost_in_period.clients, 2);
    assert_eq!(a.lost_in_period.annual_revenue, Money::from_major(14_000.0));
    // The base: all five were with us during the period (twice was not lost on 2024-01-01).
    assert_eq!(a.lost_in_period.base, 5);
    assert_eq!(a.lost_in_period.share_of_base, Figure::Defined(0.4));
    // twice came back in 2023 (the loss of spring 2023, back 2023-11-10): not this period.
    assert_eq!(a.returned_in_period.value().unwrap().clients, 0);
    assert_eq!(a.lost_all.clients, 2);
    assert_eq!(a.lost_all.annual_revenue, Money::from_major(14_000.0));
    // Seed 004: the sleeping napper, avg check 3,000 × 25%.
    assert_eq!(a.sleeping_potential, Money::from_major(750.0));
    // The 365 days before: twice and gone (2024-01-01) bought; twice's loss of spring 2023
    // ended with a return inside them, so nobody was lost.
    let before = &a.previous_period;
    assert_eq!(
        (before.period.from, before.period.to),
        (day(2023, 1, 2), day(2024, 1, 1))
    );
    assert_eq!((before.clients, before.base), (0, 2));
}

#[test]
fn the_return_chance_fades_with_the_time_since_the_loss_and_the_campaign_adds_up() {
    let a = fixture_analysis(Settings {
        lifetime_years: Some(2.0),
        incentive: Money::from_major(1_000.0),
        ..Default::default()
    });
    // gone: lost 304 days ago = 9.99 months: 25% × 0.5^(9.99/12).
    let w = line(&a, "gone").winback.clone().unwrap();
    let months = 304.0 / (365.0 / 12.0);
    assert!((w.return_chance - 0.25 * 0.5f64.powf(months / 12.0)).abs() < 1e-12);
    // The cost: 3 attempts × 500 for everyone tried, the incentive for those who come back.
    assert_eq!(
        w.cost,
        Money::from_major(1_500.0 + w.return_chance * 1_000.0)
    );
    // The sleeping napper keeps the full 25%.
    let napper = line(&a, "napper").winback.clone().unwrap();
    assert_eq!(napper.return_chance, 0.25);
    // Fading off: every lost client keeps p.
    let flat = fixture_analysis(Settings {
        lifetime_years: Some(2.0),
        half_life_months: None,
        ..Default::default()
    });
    assert_eq!(
        line(&flat, "gone").winback.as_ref().unwrap().return_chance,
        0.25
    );
    // The campaign: the clients worth calling, their cost, returns and recoverable years.
    let c = a.campaign.value().unwrap();
    let called: Vec<_> = a
        .clients
        .iter()
        .filter(|l| {
            l.winback
                .as_ref()
                .is_some_and(|w| w.category != Category::LetGo)
        })
        .collect();
    assert_eq!(c.clients, called.len());
    let p: f64 = called
        .iter()
        .map(|l| l.winback.as_ref().unwrap().return_chance)
        .sum();
    assert!((c.expected_returns - p).abs() < 1e-12);
    let cost: Money = called
        .iter()
        .map(|l| l.winback.as_ref().unwrap().cost)
        .sum();
    assert_eq!(c.cost, cost);
    let rec: f64 = called
        .iter()
        .map(|l| l.winback.as_ref().unwrap().return_chance * l.client.annual_revenue.major())
        .sum();
    assert_eq!(c.recoverable_revenue, Money::from_major(rec));
}

#[test]
fn fixture_abc_xyz_and_the_matrix() {
    let a = fixture_analysis(Settings {
        abc_b: 0.95,
        ..Default::default()
    });
    // The clients' years (here every history is shorter than a year): napper 33,000
    // (11 × 3,000), once 20,000, steady 12,000, twice 12,000, gone 2,000; total 79,000. Before
    // napper 0% (A), once 41.8% (A), steady 67.1% (A), twice 82.3% (B), gone 97.5% (C).
    // Steady and twice tie at 12,000: by id, steady first.
    let abc = |id| line(&a, id).abc;
    assert_eq!(
        ["napper", "once", "steady", "twice", "gone"].map(abc),
        [Abc::A, Abc::A, Abc::A, Abc::B, Abc::C]
    );
    let total: Money = a.classes.abc.iter().map(|(_, l)| l.value).sum();
    assert_eq!(total, Money::from_major(79_000.0));
    assert_eq!(line(&a, "steady").xyz, Some(Xyz::X));
    assert_eq!(line(&a, "steady").xyz_variation, Some(0.0));
    assert_eq!(line(&a, "once").xyz, Some(Xyz::Z));
    let matrix = a.classes.matrix.value().unwrap();
    let cell = |x: Abc, y: Xyz| matrix.iter().find(|c| c.abc == x && c.xyz == y).unwrap();
    assert_eq!(cell(Abc::A, Xyz::X).clients, 1);
    assert_eq!(cell(Abc::A, Xyz::X).revenue, Money::from_major(12_000.0));
    assert_eq!(matrix.iter().map(|c| c.clients).sum::<usize>(), 5);
}

#[test]
fn xyz_y_is_a_moderate_variation() {
    // Months alternating 900 and 1,100: sd 100, mean 1,000 → 10% is X; 800 and 1,200 → 20% is Y.
    let mut rows = Vec::new();
    for m in 1..=12u32 {
        rows.push(("x", day(2024, m, 3), if m % 2 == 0 { 900 } else { 1_100 }));
        rows.push(("y", day(2024, m, 3), if m % 2 == 0 { 800 } else { 1_200 }));
    }
    let a = run(&log(&rows), Settings::default());
    assert_eq!(line(&a, "x").xyz, Some(Xyz::X));
    assert_eq!(line(&a, "y").xyz, Some(Xyz::Y));
}

#[test]
fn fixture_categories() {
    // Lifetime set to 2 years; cost 3 × 500. The sleeping napper (A) is worth it: return first.
    let a = fixture_analysis(Settings {
        lifetime_years: Some(2.0),
        ..Default::default()
    });
    let category = |id| line(&a, id).winback.as_ref().map(|w| w.category);
    assert_eq!(category("napper"), Some(Category::ReturnFirst));
    assert_eq!(
        category("twice"),
        Some(Category::LetGo),
        "lost twice: not to be won back"
    );
    // gone brought 2,000 in its year: 4 deals × 150 profit / 12 × 24 months = 1,200 of
    // benefit, under the 1,500 the calls cost.
    assert_eq!(category("gone"), Some(Category::LetGo));
    assert_eq!(
        category("steady"),
        None,
        "active clients are not in the list"
    );
    // napper: profit per deal 3,000 × 30%, 11 deals in the client's year, 24 months.
    let w = line(&a, "napper").winback.as_ref().unwrap();
    assert_eq!(
        w.benefit,
        Money::from_major(3_000.0 * 0.3 * 11.0 / 12.0 * 24.0)
    );
    assert_eq!(w.cost, Money::from_major(1_500.0));
    assert_eq!(
        w.expected_net,
        Money::from_major(0.25 * w.benefit.major() - 1_500.0)
    );
    // Make the return cost more than it brings: everyone is let go.
    let a = fixture_analysis(Settings {
        lifetime_years: Some(2.0),
        cost_per_attempt: Money::from_major(1_000_000.0),
        ..Default::default()
    });
    let plan = a.winback.value().unwrap();
    assert_eq!(
        plan.categories
            .iter()
            .map(|c| (c.category, c.clients))
            .collect::<Vec<_>>(),
        vec![
            (Category::ReturnFirst, 0),
            (Category::ReturnNecessarily, 0),
            (Category::ReturnIfPossible, 0),
            (Category::LetGo, 3)
        ]
    );
}

#[test]
fn class_b_with_a_positive_net_is_return_necessarily() {
    // Three clients, each sleeping; revenue shares 85%, 10%, 5% give A, B (85% before it),
    // C (95% before it: not below 90%).
    let mut rows = Vec::new();
    for (id, amount) in [("a", 85_000), ("b", 10_000), ("c", 5_000)] {
        for m in 1..=10 {
            rows.push((id, day(2024, m, 1), amount));
        }
    }
    let a = run(
        &log(&rows),
        Settings {
            as_of: Some(day(2024, 11, 20)),
            lifetime_years: Some(3.0),
            ..Default::default()
        },
    );
    let cat = |id| line(&a, id).winback.as_ref().unwrap().category;
    assert_eq!(
        [cat("a"), cat("b"), cat("c")],
        [
            Category::ReturnFirst,
            Category::ReturnNecessarily,
            Category::ReturnIfPossible
        ]
    );
    let plan = a.winback.value().unwrap();
    let order: Vec<&str> = plan
        .order
        .iter()
        .map(|&i| &*a.clients[i].client.id)
        .collect();
    assert_eq!(order, ["a", "b", "c"]);
}

// ---- Undefined figures ------------------------------------------------------------------

#[test]
fn no_loss_means_no_churn_lifetime_bound_or_reactivation() {
    let rows: Vec<_> = (0..24)
        .map(|i| ("steady", day(2023, 1, 1) + Duration::days(30 * i), 100))
        .collect();
    let a = run(&log(&rows), Settings::default());
    assert_eq!(a.churn.value().map(|c| c.rate), Some(0.0));
    assert_eq!(
        a.lifetime_years.reason().as_deref(),
        Some("no client was lost in the last year, so churn is 0 and lifetime has no bound")
    );
    assert_eq!(
        a.reactivation_rate.reason().as_deref(),
        Some("no client has ever been lost")
    );
    assert_eq!(
        a.observed_lifetime_years.reason().as_deref(),
        Some("no client is lost")
    );
    assert!(a
        .winback
        .reason()
        .unwrap()
        .contains("set it in the settings"));
}

/// One client who bought twice, ten days apart, and one who bought once.
fn two_clients_in_two_months() -> [(&'static str, NaiveDate, i64); 3] {
    [
        ("a", day(2024, 1, 1), 100),
        ("a", day(2024, 1, 11), 100),
        ("b", day(2024, 3, 1), 100),
    ]
}

#[test]
fn too_few_repeat_clients_fall_back_to_ninety_days() {
    let a = run(
        &log(&two_clients_in_two_months()),
        Settings {
            as_of: Some(day(2024, 5, 29)),
            ..Default::default()
        },
    );
    assert_eq!(a.one_time_rule.median_interval_days, None);
    assert_eq!(a.one_time_rule.repeat_clients, 1);
    assert_eq!(a.one_time_rule.threshold_days, 90.0);
    assert_eq!(
        line(&a, "b").client.status,
        Status::Sleeping,
        "89 days ≤ 90"
    );
    // 149 days of data: churn is measured over them and scaled to a year.
    let churn = a.churn.value().unwrap();
    assert_eq!((churn.window_days, churn.annualized), (149, true));
}

#[test]
fn churn_needs_ninety_days_of_history() {
    let a = run(
        &log(&two_clients_in_two_months()),
        Settings {
            as_of: Some(day(2024, 3, 30)),
            ..Default::default()
        },
    );
    assert_eq!(
        a.churn.reason().as_deref(),
        Some("the data covers 89 days before the analysis date; churn needs at least 90")
    );
    assert_eq!(a.retention.reason(), a.churn.reason());
    assert_eq!(
        a.lifetime_years.reason().as_deref(),
        Some("churn is undefined: the data covers 89 days before the analysis date; churn needs at least 90")
    );
}

#[test]
fn a_client_table_has_no_history_figures() {
    let text = "Клиент;Первая покупка;Последняя покупка;Количество покупок;Выручка\n\
        А;01.01.2023;01.12.2024;24;240 000\n\
        Б;01.01.2023;01.03.2024;10;50 000\n\
        В;01.06.2024;01.06.2024;1;5 000\n";
    let data = import(text.as_bytes(), &ImportOptions::default())
        .unwrap()
        .result
        .unwrap()
        .data;
    let a = run(
        &data,
        Settings {
            as_of: Some(day(2024, 12, 31)),
            ..Default::default()
        },
    );
    assert!(a.client_table);
    assert_eq!(
        a.lost_twice.reason().as_deref(),
        Some("a client table has no purchase history; load the sales log for this figure")
    );
    assert!(a.classes.xyz.reason().is_some());
    assert!(a.classes.matrix.reason().is_some());
    assert!(a.reactivation_rate.reason().is_some());
    // А: 24 purchases over 700 days: interval 30.4 days; active. Б: lost. В: one purchase,
    // judged by the 90-day rule (too few repeat clients): 213 days → lost.
    assert_eq!(line(&a, "А").client.status, Status::Active);
    assert_eq!(line(&a, "Б").client.status, Status::Lost);
    assert_eq!(line(&a, "В").client.status, Status::Lost);
    assert_eq!(a.revenue, Money::from_major(295_000.0));
}

#[test]
fn settings_out_of_range_are_named() {
    let data = log(&fixture());
    let err = analyze(
        &data,
        &Settings {
            margin: -0.1,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "“Margin” must be between 0% and 100%; it is -10%."
    );
    // In Russian: the setting in words, the share as a percent, no internal name.
    let err = analyze(
        &data,
        &Settings {
            return_probability: 1.5,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.message(boomerang_core::format::Lang::Ru),
        "«Вероятность возврата клиента»: должно быть больше 0% и не больше 100%; сейчас 150%."
    );
    let err = analyze(
        &data,
        &Settings {
            abc_a: 0.9,
            abc_b: 0.85,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        err.message(boomerang_core::format::Lang::Ru),
        "«Доля классов A и B»: должно быть больше доли класса A и не больше 100%; сейчас 85%."
    );
}

#[test]
fn rows_that_cannot_be_used_are_told_in_russian_too() {
    let loaded = boomerang_core::import(
        "client;date;amount\nA;вчера0;100\n".as_bytes(),
        &boomerang_core::ImportOptions::default(),
    )
    .unwrap();
    let err = loaded.result.unwrap_err();
    let ru = err.message(boomerang_core::format::Lang::Ru);
    assert_eq!(
        ru,
        "Ни одну из 1 строк данных нельзя использовать; первая проблема: строка 2, столбец `date`: ожидалась дата вида 31.12.2024 или 2024-12-31, а здесь `вчера0`."
    );
}

#[test]
fn the_core_never_reads_the_clock_as_of_defaults_to_the_latest_purchase() {
    let a = fixture_analysis(Settings::default());
    assert_eq!(a.as_of, day(2024, 12, 31));
    let b = run(&log(&fixture()), Settings::default());
    assert_eq!(b.as_of, day(2024, 12, 5));
}

// ---- Invariants -------------------------------------------------------------------------

fn check_invariants(a: &Analysis) {
    let n = a.clients.len();
    assert_eq!(
        a.status.active + a.status.sleeping + a.status.lost,
        n,
        "status counts add up to the clients"
    );
    let class_total: Money = a.classes.abc.iter().map(|(_, l)| l.value).sum();
    let values: Money = a
        .clients
        .iter()
        .map(|l| {
            if a.classes.abc_basis == boomerang_core::AbcBasis::Profit {
                l.client.annual_profit.unwrap()
            } else {
                l.client.annual_revenue
            }
        })
        .sum();
    assert_eq!(class_total, values, "class values add up to the total");
    assert_eq!(
        a.classes.abc.iter().map(|(_, l)| l.clients).sum::<usize>(),
        n
    );
    if let Figure::Defined(xyz) = &a.classes.xyz {
        assert_eq!(
            xyz.iter().map(|(_, l)| l.clients).sum::<usize>() + a.classes.xyz_unclassified,
            n
        );
    }
    let revenue: Money = a.clients.iter().map(|l| l.client.revenue).sum();
    assert_eq!(revenue, a.revenue);
    if let Figure::Defined(plan) = &a.winback {
        let candidates: Vec<usize> = (0..n)
            .filter(|&i| a.clients[i].client.status != Status::Active)
            .collect();
        let mut order = plan.order.clone();
        order.sort();
        assert_eq!(
            order, candidates,
            "categories cover exactly the sleeping and lost clients"
        );
        assert_eq!(
            plan.categories.iter().map(|c| c.clients).sum::<usize>(),
            candidates.len()
        );
    }
    assert_eq!(
        a.lost_by_month.iter().map(|m| m.clients).sum::<usize>(),
        a.status.lost
    );
    assert_eq!(
        a.lost_by_month.iter().map(|m| m.revenue).sum::<Money>(),
        a.lost_all.annual_revenue
    );
    // A director's first checks: no client brings more in a year than they ever paid, and
    // the period's loss is not above what the clients lost in it ever paid.
    for l in &a.clients {
        let c = &l.client;
        assert!(
            c.annual_revenue <= c.revenue,
            "{}: year above all history",
            c.id
        );
        assert!(c.purchases_a_year <= c.occasions);
    }
    let all = &a.lost_all;
    assert_eq!(
        all.under_1y.clients + all.from_1y_to_2y.clients + all.over_2y.clients,
        all.clients
    );
    assert_eq!(all.clients, a.status.lost);
    assert!(a.lost_in_period.clients <= a.lost_in_period.base);
    if a.period.to == a.as_of && a.period.days() == 365 {
        // Lost in the 365 days up to today = lost now, lost under a year ago.
        assert_eq!(a.lost_in_period.clients, all.under_1y.clients);
        assert_eq!(a.lost_in_period.annual_revenue, all.under_1y.annual_revenue);
    }
    let lost_in_managers: usize = a.managers.iter().map(|m| m.period_lost).sum();
    assert_eq!(lost_in_managers, a.lost_in_period.clients);
    let base_in_managers: usize = a.managers.iter().map(|m| m.period_clients).sum();
    assert_eq!(base_in_managers, a.lost_in_period.base);
    let managers: usize = a.managers.iter().map(|m| m.clients).sum();
    assert_eq!(managers, n);
    let lost_by_reason: usize = a
        .reasons
        .lines
        .iter()
        .map(|r| r.lost_clients)
        .sum::<usize>()
        + a.reasons.unknown_clients;
    assert_eq!(lost_by_reason, a.status.lost);
}

#[test]
fn invariants_hold_on_the_demo() {
    let data = import(demo::wholesaler_csv().as_bytes(), &ImportOptions::default())
        .unwrap()
        .result
        .unwrap()
        .data;
    let a = run(&data, Settings::default());
    check_invariants(&a);
    assert_eq!(a.classes.abc_basis, boomerang_core::AbcBasis::Profit);
    assert_eq!(a.managers.len(), 5);
    assert!(a.reasons.lines.len() >= 5);
    assert!(a
        .reasons
        .lines
        .iter()
        .all(|r| r.abc.is_some() == r.winnable));
}

/// The demo as a consultant meets it: nobody who closed down is called, a changed buyer is
/// called first, every let-go client says why, and moving a reason changes the list.
#[test]
fn reasons_decide_on_the_demo() {
    use boomerang_core::reasons::{ReasonGroup, ReasonOverride};
    use boomerang_core::LetGoBecause;
    let data = import(demo::wholesaler_csv().as_bytes(), &ImportOptions::default())
        .unwrap()
        .result
        .unwrap()
        .data;
    let a = run(&data, Settings::default());
    let with = |a: &Analysis, reason: &str| -> Vec<boomerang_core::Winback> {
        a.clients
            .iter()
            .filter(|l| l.client.reason.as_deref() == Some(reason))
            .filter_map(|l| l.winback.clone())
            .collect()
    };
    let closed = with(&a, "Закрыл бизнес");
    assert!(!closed.is_empty());
    assert!(
        closed.iter().all(|w| w.category == Category::LetGo),
        "nobody who closed down is called"
    );
    assert!(closed
        .iter()
        .any(|w| w.let_go_because == Some(LetGoBecause::Reason)));
    for l in &a.clients {
        if let Some(w) = &l.winback {
            assert_eq!(
                w.category == Category::LetGo,
                w.let_go_because.is_some(),
                "{}",
                l.client.id
            );
        }
    }
    // A changed buyer is called before anyone else.
    let plan = a.winback.value().unwrap();
    let urgent = with(&a, "Сменился закупщик")
        .iter()
        .filter(|w| w.urgent)
        .count();
    assert!(urgent > 0);
    assert!(plan.order[..urgent]
        .iter()
        .all(|&i| a.clients[i].winback.as_ref().unwrap().urgent));
    // "At once" is for a fresh change: never a client lost over a year ago.
    for l in &a.clients {
        if l.winback.as_ref().is_some_and(|w| w.urgent) {
            assert!(
                l.client.days_since_loss.is_none_or(|d| d < 365),
                "{}",
                l.client.id
            );
        }
    }
    // Groups: the demo's six reasons are all sorted; the groups add up to the reasons.
    assert_eq!(
        a.reasons
            .groups
            .iter()
            .find(|g| g.group == ReasonGroup::Unsorted)
            .unwrap()
            .clients,
        0
    );
    let by_group: usize = a.reasons.groups.iter().map(|g| g.clients).sum();
    assert_eq!(
        by_group,
        a.reasons
            .lines
            .iter()
            .map(|l| l.lost_clients)
            .sum::<usize>()
    );
    // The consultant decides that these clients can be won back after all: they are called.
    let b = run(
        &data,
        Settings {
            reason_overrides: vec![ReasonOverride {
                reason: "Закрыл бизнес".into(),
                group: ReasonGroup::Company,
                winnable: true,
            }],
            ..Settings::default()
        },
    );
    assert!(with(&b, "Закрыл бизнес")
        .iter()
        .any(|w| w.category != Category::LetGo));
    let line = b
        .reasons
        .lines
        .iter()
        .find(|l| l.reason == "Закрыл бизнес")
        .unwrap();
    assert_eq!((line.group, line.winnable), (ReasonGroup::Company, true));
    // Who calls: the clients worth calling, by the manager who had them when they left.
    // Each manager hands over the lost clients worth calling who left them.
    for m in &a.managers {
        let theirs = a
            .clients
            .iter()
            .filter(|l| {
                l.client.manager.as_deref() == m.manager.as_deref()
                    && l.client.status == Status::Lost
            })
            .filter(|l| {
                l.winback
                    .as_ref()
                    .is_some_and(|w| w.category != Category::LetGo)
            })
            .count();
        assert_eq!(m.hand_over, theirs, "{:?}", m.manager);
    }
    assert!(a.managers.iter().all(|m| m.hand_over > 0));
    // Closing down is no target: it gets no ABC class among the reasons to fight.
    let closed = a
        .reasons
        .lines
        .iter()
        .find(|l| l.reason == "Закрыл бизнес")
        .unwrap();
    assert_eq!((closed.winnable, closed.abc), (false, None));
    assert!(a
        .reasons
        .lines
        .iter()
        .filter(|l| l.winnable)
        .all(|l| l.abc.is_some()));
    // Products: the demo has a product column.
    let products = a.products.as_ref().unwrap();
    assert!(products.len() >= 5);
    assert!(products
        .iter()
        .all(|p| p.abc.is_some() && p.lost_clients <= a.status.lost));
    // Every purchase of the demo names its product: the products add up to the lost years.
    let by_product: Money = products.iter().map(|p| p.annual_revenue).sum();
    assert_eq!(by_product, a.lost_all.annual_revenue);
}

#[test]
fn invariants_hold_on_cdnow_at_several_dates() {
    let data = import(
        include_bytes!("data/CDNOW_sample.txt"),
        &ImportOptions::default(),
    )
    .unwrap()
    .result
    .unwrap()
    .data;
    for as_of in [day(1997, 6, 30), day(1997, 12, 31), day(1998, 6, 30)] {
        check_invariants(&run(
            &data,
            Settings {
                as_of: Some(as_of),
                ..Default::default()
            },
        ));
    }
}

#[test]
fn invariants_hold_on_the_fixture_and_a_client_table() {
    check_invariants(&fixture_analysis(Settings::default()));
    check_invariants(&fixture_analysis(Settings {
        lifetime_years: Some(2.0),
        ..Default::default()
    }));
}

#[test]
fn a_change_of_settings_on_kept_histories_gives_the_figures_of_a_fresh_analysis() {
    use boomerang_core::{analyze_rules, analyze_rules_keeping, AbcBasis, AbcWindow};
    let read = |bytes: &[u8]| {
        import(bytes, &ImportOptions::default())
            .unwrap()
            .result
            .unwrap()
            .data
    };
    let demo = read(demo::wholesaler_csv().as_bytes());
    let cdnow = read(include_bytes!("data/CDNOW_sample.txt"));
    // One after another, as a user moves the settings: k, the floor of the threshold, ABC's
    // basis and window (the kept order of the clients must not serve a different ranking),
    // XYZ's bounds (the classes kept must be those of the settings), the period (same end and
    // a different one) and the analysis date.
    let steps = |as_of: NaiveDate| {
        let base = Settings {
            as_of: Some(as_of),
            ..Settings::default()
        };
        let xyz = Settings {
            abc_basis: AbcBasis::Revenue,
            abc_a: 0.5,
            xyz_x: 0.3,
            xyz_y: 0.6,
            ..base.clone()
        };
        vec![
            base.clone(),
            Settings {
                k: 2.0,
                ..base.clone()
            },
            Settings {
                k: 1.1,
                min_days: 5,
                ..base.clone()
            },
            Settings {
                abc_window: AbcWindow::All,
                ..base.clone()
            },
            Settings {
                abc_basis: AbcBasis::Revenue,
                abc_a: 0.5,
                ..base.clone()
            },
            // XYZ's bounds, then k alone: the classes kept must be those of these settings.
            xyz.clone(),
            Settings { k: 2.5, ..xyz },
            Settings {
                abc_b: 0.9,
                ..base.clone()
            },
            Settings {
                period: PeriodChoice::Custom {
                    from: as_of - Duration::days(90),
                    to: as_of,
                },
                ..base.clone()
            },
            Settings {
                period: PeriodChoice::PreviousCalendarYear,
                k: 3.0,
                ..base.clone()
            },
            Settings {
                as_of: Some(as_of - Duration::days(100)),
                ..base.clone()
            },
            Settings {
                min_repeat_clients: 1_000_000,
                ..base.clone()
            },
            base,
        ]
    };
    // A client lost in 2024 under one manager who came back in 2025 to another: the period's
    // manager depends on the period's end.
    let moved = read(
        "client;date;amount;manager\n\
         A;2024-01-10;100;Ivanov\nA;2024-02-10;100;Ivanov\nA;2024-03-10;100;Ivanov\n\
         A;2025-03-01;100;Petrov\nA;2025-04-01;100;Petrov\n\
         B;2024-01-05;70;Ivanov\nB;2024-04-05;70;Ivanov\nB;2025-06-01;70;Ivanov\n"
            .as_bytes(),
    );
    for (data, as_of) in [
        (&demo, day(2025, 6, 30)),
        (&cdnow, day(1998, 3, 1)),
        (&moved, day(2025, 6, 30)),
    ] {
        let mut kept = None;
        for settings in steps(as_of) {
            let again = analyze_rules_keeping(data, &settings, &mut kept).unwrap();
            let fresh = analyze_rules(data, &settings).unwrap();
            assert!(again == fresh, "{settings:?}");
        }
    }
}
