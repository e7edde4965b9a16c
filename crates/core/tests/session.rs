//! The worker path: requests and replies through the same binary form the browser's worker
//! uses give the figures of a direct import and analysis.

use boomerang_core::counting::ModelKind;
use boomerang_core::session::{
    decode_message, encode, HeldLines, ImportView, LinesComing, Outcome, Reply, Request, Session,
    SourceKind, Step, VerdictModels, CLIENTS_PER_MESSAGE,
};
use boomerang_core::{
    analyze, demo, import, Analysis, Figure, ImportOptions, Lines, Role, Settings,
};
use chrono::NaiveDate;

const SAMPLE: &[u8] = include_bytes!("data/CDNOW_sample.txt");

/// What the worker does with one message: decode the request, run it, encode the replies.
fn worker(session: &mut Session, request: &[u8], beside: Option<Vec<u8>>) -> Vec<Vec<u8>> {
    let mut replies = vec![];
    let request = decode_message::<Request>(request).unwrap();
    session.handle(request, beside, &mut |reply| replies.push(encode(&reply)));
    replies
}

fn run_request(
    job: u32,
    source: Option<SourceKind>,
    options: &ImportOptions,
    settings: &Settings,
) -> Vec<u8> {
    encode(&Request::Run {
        job,
        source,
        options: options.clone(),
        settings: Box::new(settings.clone()),
        held: None,
    })
}

/// The analysis without what the models add to it.
fn rules_only(outcome: &Outcome) -> Outcome {
    let mut o = outcome.clone();
    o.models_follow = false;
    if let Some(Ok(a)) = &mut o.analysis {
        a.model = None;
        a.clients = Lines::new(a.clients.to_vec());
    }
    o
}

/// The page's side: the progress seen and the outcome. With the models asked for, the rule's
/// figures come first, whole, and the models' follow; the first are those of the last. The
/// client lines travel once: when the models' outcome follows the rule's, it carries only what
/// the models say of each line, which the page puts beside the lines it has.
fn page(replies: Vec<Vec<u8>>, job: u32) -> (Vec<boomerang_core::session::Progress>, Outcome) {
    let mut seen = vec![];
    let mut first: Option<Outcome> = None;
    let mut done = None;
    let mut clients = vec![];
    let mut models_of_clients = vec![];
    let mut messages = 0;
    for r in replies {
        match decode_message::<Reply>(&r).unwrap() {
            Reply::Clients {
                job: j,
                total,
                lines,
                models,
            } => {
                assert_eq!(j, job);
                clients.reserve_exact(total.saturating_sub(clients.len()));
                assert!(done.is_none(), "client lines come before the outcome");
                assert!(lines.len() <= CLIENTS_PER_MESSAGE);
                // What the models say of the lines comes with them, or with none of them.
                if let Some(models) = models {
                    assert_eq!(models.len(), lines.len());
                    assert_eq!(models_of_clients.len(), clients.len());
                    models_of_clients.extend(models);
                } else {
                    assert!(models_of_clients.is_empty());
                }
                messages += 1;
                clients.extend(lines);
            }
            Reply::Progress { job: j, progress } => {
                assert_eq!(j, job);
                seen.push(progress);
            }
            Reply::Verdicts { .. } => panic!("no request here says the page holds lines"),
            Reply::Done {
                job: j,
                mut outcome,
            } => {
                assert_eq!(j, job);
                if let Some(Ok(a)) = &mut outcome.analysis {
                    assert!(a.clients.is_empty(), "the lines travel on their own");
                    assert_eq!(messages, clients.len().div_ceil(CLIENTS_PER_MESSAGE));
                    a.clients = Lines::new(std::mem::take(&mut clients))
                        .with_models(std::mem::take(&mut models_of_clients));
                    messages = 0;
                }
                if let Some(models) = outcome.line_models.take() {
                    // The models' outcome after the rule's: the lines are the first's.
                    let first = first.as_ref().expect("the rule's figures came first");
                    let Some(Ok(rule)) = &first.analysis else {
                        panic!("the rule's figures had lines")
                    };
                    let a = outcome.analysis.as_mut().unwrap().as_mut().unwrap();
                    assert!(a.clients.is_empty(), "the lines are not sent again");
                    // Models that could not be fitted write into no line.
                    let fitted = matches!(a.model, Some(Figure::Defined(_)));
                    let lines = if fitted { rule.clients.len() } else { 0 };
                    assert_eq!(models.len(), lines);
                    a.put_line_models(&rule.clients, models);
                    // Beside the lines on screen, which are not copied.
                    assert!(std::ptr::eq(a.clients.as_ptr(), rule.clients.as_ptr()));
                    assert_eq!(a.clients.have_models(), fitted);
                }
                if outcome.models_follow {
                    assert!(outcome.line_models.is_none());
                    assert!(first.is_none() && done.is_none(), "one first outcome");
                    let a = outcome.analysis.as_ref().unwrap().as_ref().unwrap();
                    assert!(a.model.is_none() && a.settings.model);
                    assert!(a.clients.models().is_empty());
                    first = Some(*outcome);
                } else {
                    done = Some(*outcome);
                }
            }
            Reply::History { .. } => panic!("no history asked for"),
        }
    }
    let done = done.expect("the job ends with its outcome");
    if let Some(mut first) = first {
        first.models_follow = false;
        assert!(
            first == rules_only(&done),
            "the rule's figures do not change"
        );
    }
    (seen, done)
}

/// One job through the worker and back: what the page sees.
fn run(
    session: &mut Session,
    job: u32,
    source: Option<SourceKind>,
    payload: Option<&[u8]>,
    options: &ImportOptions,
    settings: &Settings,
) -> (Vec<boomerang_core::session::Progress>, Outcome) {
    let request = run_request(job, source, options, settings);
    page(worker(session, &request, payload.map(<[u8]>::to_vec)), job)
}

fn direct(bytes: &[u8], options: &ImportOptions, settings: &Settings) -> (ImportView, Analysis) {
    let imported = import(bytes, options).unwrap();
    let analysis = analyze(&imported.result.as_ref().unwrap().data, settings).unwrap();
    (ImportView::of(&imported), analysis)
}

fn sample_settings() -> Settings {
    Settings {
        as_of: NaiveDate::from_ymd_opt(1998, 6, 30),
        ..Settings::default()
    }
}

#[test]
fn cdnow_through_the_worker_gives_the_figures_of_a_direct_run() {
    let mut session = Session::default();
    let options = ImportOptions::default();
    let settings = sample_settings();
    let (_, outcome) = run(
        &mut session,
        1,
        Some(SourceKind::Bytes),
        Some(SAMPLE),
        &options,
        &settings,
    );
    let (view, analysis) = direct(SAMPLE, &options, &settings);
    assert_eq!(outcome.import.unwrap(), view);
    let through = outcome.analysis.unwrap().unwrap();
    // Every figure, every client line, the model's parameters: the same, bit for bit.
    assert_eq!(through, analysis);
    assert_eq!(through.clients.len(), 2357);
    assert!(through.model.is_some());
}

#[test]
fn a_change_of_settings_reuses_the_import_and_matches_a_direct_run() {
    let mut session = Session::default();
    let options = ImportOptions::default();
    let (first, _) = run(
        &mut session,
        1,
        Some(SourceKind::Bytes),
        Some(SAMPLE),
        &options,
        &sample_settings(),
    );
    assert!(!first.is_empty());
    // Every kind of setting travels: a custom period, fading off, ABC over all history.
    let settings = Settings {
        k: 2.0,
        model: false,
        period: boomerang_core::PeriodChoice::Custom {
            from: NaiveDate::from_ymd_opt(1997, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(1997, 12, 31).unwrap(),
        },
        half_life_months: None,
        abc_window: boomerang_core::AbcWindow::All,
        ..sample_settings()
    };
    let (progress, outcome) = run(&mut session, 2, None, None, &options, &settings);
    // Only the analysis runs again: no reading, splitting or loading reported.
    assert!(
        progress.iter().all(|p| p.step == Step::Analyzing),
        "{progress:?}"
    );
    assert_eq!(
        outcome.analysis.unwrap().unwrap(),
        direct(SAMPLE, &options, &settings).1
    );
}

#[test]
fn the_models_are_fitted_again_only_when_what_they_depend_on_changes() {
    let mut session = Session::default();
    let options = ImportOptions::default();
    let with_model = Settings {
        model: true,
        ..sample_settings()
    };
    let steps = |progress: &[boomerang_core::session::Progress]| {
        progress.iter().map(|p| p.step).collect::<Vec<_>>()
    };
    let (progress, _) = run(
        &mut session,
        1,
        Some(SourceKind::Bytes),
        Some(SAMPLE),
        &options,
        &with_model,
    );
    assert!(steps(&progress).contains(&Step::Modelling), "{progress:?}");
    // k, costs and margin move the rule, not the models: fitted once, attached again, and the
    // figures are those of a direct run.
    let rule_only = Settings {
        k: 2.0,
        margin: 0.5,
        ..with_model.clone()
    };
    let replies = worker(
        &mut session,
        &run_request(2, None, &options, &rule_only),
        None,
    );
    // With the models at hand, the figures come whole at once: one outcome, the client lines
    // sent once.
    let decoded: Vec<Reply> = replies.iter().map(|r| decode_message(r).unwrap()).collect();
    let outcomes = decoded
        .iter()
        .filter(|r| matches!(r, Reply::Done { .. }))
        .count();
    let lines: usize = decoded
        .iter()
        .map(|r| match r {
            Reply::Clients { lines, .. } => lines.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(outcomes, 1);
    let (progress, outcome) = page(replies, 2);
    assert_eq!(
        lines,
        outcome
            .analysis
            .as_ref()
            .unwrap()
            .as_ref()
            .unwrap()
            .clients
            .len()
    );
    assert_eq!(steps(&progress), vec![Step::Analyzing]);
    let direct_run = direct(SAMPLE, &options, &rule_only).1;
    assert!(direct_run.model.is_some());
    assert!(outcome.analysis.unwrap().unwrap() == direct_run);
    // The horizon is the models' own: fitted again.
    let longer = Settings {
        horizon_months: 24,
        ..rule_only
    };
    let (progress, _) = run(&mut session, 3, None, None, &options, &longer);
    assert!(steps(&progress).contains(&Step::Modelling), "{progress:?}");
    // Another analysis date: fitted again, each fit from where the last one ended, in fewer
    // steps than afresh and to the same figures.
    let earlier = Settings {
        as_of: NaiveDate::from_ymd_opt(1998, 3, 31),
        ..longer
    };
    let (progress, warm) = run(&mut session, 4, None, None, &options, &earlier);
    assert!(steps(&progress).contains(&Step::Modelling), "{progress:?}");
    let fresh = direct(SAMPLE, &options, &earlier).1;
    let warm = warm.analysis.unwrap().unwrap();
    let (Some(Figure::Defined(w)), Some(Figure::Defined(f))) = (&warm.model, &fresh.model) else {
        panic!("no models: {:?} {:?}", warm.model, fresh.model);
    };
    assert_eq!(w.models.chosen, f.models.chosen);
    assert_eq!(w.models.candidates.len(), f.models.candidates.len());
    for (wc, fc) in w.models.candidates.iter().zip(&f.models.candidates) {
        let (wf, ff) = (wc.fit.as_ref().unwrap(), fc.fit.as_ref().unwrap());
        for ((name, a), (_, b)) in wf.params.named().iter().zip(ff.params.named()) {
            assert!(
                (a / b - 1.0).abs() < 1e-5,
                "{:?} {name}: {a} vs {b}",
                wc.kind
            );
        }
        if wc.kind != ModelKind::ParetoNbd {
            assert!(wf.iterations < ff.iterations, "{:?}", wc.kind);
        }
    }
    assert_eq!(warm.clients.len(), fresh.clients.len());
    for (i, (a, b)) in warm.clients.iter().zip(&fresh.clients).enumerate() {
        assert_eq!(a.client, b.client);
        let (pa, pb) = (
            warm.clients.model(i).unwrap(),
            fresh.clients.model(i).unwrap(),
        );
        assert!((pa.p_alive - pb.p_alive).abs() < 1e-6);
    }
}

#[test]
fn a_new_mapping_imports_again() {
    let mut session = Session::default();
    let text =
        "client;date;amount;other\nA;2024-01-05;100;7\nA;2024-03-05;50;8\nB;2024-02-01;30;9\n";
    let settings = Settings::default();
    run(
        &mut session,
        1,
        Some(SourceKind::Text),
        Some(text.as_bytes()),
        &ImportOptions::default(),
        &settings,
    );
    let mut options = ImportOptions::default();
    options.set_role(3, Some(Role::Amount));
    let (_, outcome) = run(&mut session, 2, None, None, &options, &settings);
    let revenue = outcome
        .import
        .unwrap()
        .result
        .unwrap()
        .summary
        .unwrap()
        .revenue;
    assert_eq!(revenue.to_string(), "24.00");
}

#[test]
fn progress_counts_the_rows_of_a_large_log_in_order() {
    let master = include_bytes!("data/CDNOW_master.txt");
    let mut session = Session::default();
    let settings = Settings {
        model: false,
        ..Settings::default()
    };
    let (progress, outcome) = run(
        &mut session,
        7,
        Some(SourceKind::Bytes),
        Some(master),
        &ImportOptions::default(),
        &settings,
    );
    let steps: Vec<Step> = progress.iter().map(|p| p.step).collect();
    // Its first rows tell what its whole columns decide: one pass loads it, and no step
    // splits the rows before.
    assert!(steps.contains(&Step::Loading) && !steps.contains(&Step::Splitting));
    assert_eq!(steps.last(), Some(&Step::Analyzing));
    let fractions: Vec<f64> = progress.iter().map(|p| p.fraction()).collect();
    assert!(fractions.windows(2).all(|w| w[0] <= w[1]), "{fractions:?}");
    let loading: Vec<u64> = progress
        .iter()
        .filter(|p| p.step == Step::Loading)
        .map(|p| p.rows)
        .collect();
    assert!(
        loading.len() >= 2 && *loading.last().unwrap() > 60_000,
        "{loading:?}"
    );
    assert_eq!(outcome.import.unwrap().result.unwrap().rows, 69_659);
}

#[test]
fn the_demo_through_the_worker() {
    let mut session = Session::default();
    let settings = Settings::default();
    let (_, outcome) = run(
        &mut session,
        1,
        Some(SourceKind::Demo),
        None,
        &ImportOptions::default(),
        &settings,
    );
    let demo_csv = demo::wholesaler_csv();
    let (view, analysis) = direct(demo_csv.as_bytes(), &ImportOptions::default(), &settings);
    assert_eq!(outcome.import.unwrap().result, view.result);
    assert_eq!(outcome.analysis.unwrap().unwrap(), analysis);
}

#[test]
fn models_that_cannot_be_fitted_leave_the_rules_figures_as_a_direct_run_does() {
    // Two clients, one purchase each: no model can be fitted to that.
    let text = b"client;date;amount\nA;2024-01-05;100\nB;2024-03-06;50\n";
    let settings = Settings::default();
    assert!(settings.model);
    let options = ImportOptions::default();
    let mut session = Session::default();
    let (_, outcome) = run(
        &mut session,
        1,
        Some(SourceKind::Bytes),
        Some(text),
        &options,
        &settings,
    );
    let (_, analysis) = direct(text, &options, &settings);
    assert!(matches!(analysis.model, Some(Figure::Undefined(_))));
    assert!(analysis.clients.models().is_empty());
    assert_eq!(outcome.analysis.unwrap().unwrap(), analysis);
}

#[cfg(feature = "xlsx")]
#[test]
fn a_workbook_through_the_worker() {
    let mut session = Session::default();
    let settings = Settings::default();
    let book = boomerang_core::read_workbook(include_bytes!("../../../tests/fixtures/sales.xlsx"))
        .unwrap();
    let options = ImportOptions {
        sheet: Some("Sales".into()),
        ..ImportOptions::default()
    };
    let (_, outcome) = run(
        &mut session,
        2,
        Some(SourceKind::Workbook(book.clone())),
        None,
        &options,
        &settings,
    );
    let grid = book.grid(Some("Sales")).unwrap();
    let direct = boomerang_core::import_grid(grid, &options);
    assert_eq!(outcome.import.unwrap(), ImportView::of(&direct));
    let data = &direct.result.as_ref().unwrap().data;
    assert_eq!(outcome.analysis.unwrap(), analyze(data, &settings));
}

/// A workbook dropped as a file goes to the compute worker as any file does: its session reads
/// the one sheet a mapping takes by hand, and imports it as it imports the same sheet read by
/// calamine's reader in the workbook worker (the sheets' names listed, an unknown sheet
/// said). A workbook the hand reader does not know (an old XLS) is said to need the
/// workbook worker's reader, which the page then gives it to.
#[cfg(feature = "xlsx")]
#[test]
fn a_workbooks_file_is_read_in_the_session_one_sheet_at_a_time() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};
    let mut writer = Writer::new();
    writer.add_worksheet().set_name("Пусто").unwrap();
    let sales = writer.add_worksheet();
    sales.set_name("Продажи").unwrap();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (i, head) in ["Клиент", "Дата", "Сумма", "Менеджер"].iter().enumerate()
    {
        sales.write_string(0, i as u16, *head).unwrap();
    }
    let (mut next, mut bought) = (7u64, std::collections::BTreeSet::new());
    for row in 1..=3000u32 {
        next = next.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let r = next >> 33;
        sales
            .write_string(row, 0, format!("ООО «Клиент {}»", r % 400))
            .unwrap();
        let day = ExcelDateTime::from_ymd(
            2021 + (r % 3) as u16,
            1 + (r % 12) as u8,
            1 + (r % 28) as u8,
        )
        .unwrap();
        sales
            .write_datetime_with_format(row, 1, &day, &date)
            .unwrap();
        match r % 50 {
            // A row left out: an amount that is text.
            0 => sales.write_string(row, 2, "нет").unwrap(),
            _ => {
                bought.insert(r % 400);
                sales
                    .write_number(row, 2, (r % 100_000) as f64 / 100.0)
                    .unwrap()
            }
        };
        sales
            .write_string(row, 3, ["Анна", "Борис"][(r % 2) as usize])
            .unwrap();
    }
    let notes = writer.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "exported by hand").unwrap();
    let bytes = writer.save_to_buffer().unwrap();
    let book = boomerang_core::read_workbook(&bytes).unwrap();
    let settings = Settings::default();
    for sheet in [
        None,
        Some("Продажи"),
        Some("Notes"),
        Some("Пусто"),
        Some("Sheet9"),
    ] {
        let options = ImportOptions {
            sheet: sheet.map(Into::into),
            ..ImportOptions::default()
        };
        let mut from_file = Session::default();
        from_file.keep_file(true);
        let (_, read_here) = run(
            &mut from_file,
            1,
            Some(SourceKind::Bytes),
            Some(&bytes),
            &options,
            &settings,
        );
        let (_, read_there) = run(
            &mut Session::default(),
            1,
            Some(SourceKind::Workbook(book.clone())),
            None,
            &options,
            &settings,
        );
        assert_eq!(read_here, read_there, "{sheet:?}");
        // The file's bytes are let go once imported, and asked for again by another sheet.
        assert!(!from_file.needs_file(&options));
        let other = ImportOptions {
            sheet: Some("Notes".into()),
            ..ImportOptions::default()
        };
        assert_eq!(from_file.needs_file(&other), options != other, "{sheet:?}");
    }
    let (_, first) = run(
        &mut Session::default(),
        1,
        Some(SourceKind::Bytes),
        Some(&bytes),
        &ImportOptions::default(),
        &settings,
    );
    let view = first.import.unwrap();
    assert_eq!(view.format.sheet.as_deref(), Some("Продажи"));
    assert_eq!(view.format.sheets, ["Пусто", "Продажи", "Notes"]);
    assert_eq!(first.analysis.unwrap().unwrap().clients.len(), bought.len());
    // An old XLS, in a session that keeps its file (as the worker's) and in one that does
    // not: it needs the workbook worker's reader, again for the same mapping (which does
    // not read the file again), and the file is asked for again by another mapping.
    let xls: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old workbook";
    let needs_reader = |o: Outcome| {
        assert_eq!(
            *o.import.unwrap_err().kind(),
            boomerang_core::ErrorKind::WorkbookNeedsReader
        )
    };
    let options = ImportOptions::default();
    for kept in [true, false] {
        let mut session = Session::default();
        session.keep_file(kept);
        let given = (Some(SourceKind::Bytes), Some(xls));
        needs_reader(run(&mut session, 1, given.0, given.1, &options, &settings).1);
        assert!(!session.needs_file(&options));
        needs_reader(run(&mut session, 2, None, None, &options, &settings).1);
        let other = ImportOptions {
            sheet: Some("Sales".into()),
            ..ImportOptions::default()
        };
        assert_eq!(session.needs_file(&other), kept);
    }
}

/// The worker's session lets a workbook go once imported, as it does a file's text: the page
/// keeps the sheets as the workbook worker wrote them, hands them over beside the request, and
/// sends them again when a new mapping (another sheet) needs them.
#[cfg(feature = "xlsx")]
#[test]
fn a_workbook_is_let_go_once_imported_and_given_again_for_a_new_mapping() {
    let book = boomerang_core::read_workbook(include_bytes!("../../../tests/fixtures/sales.xlsx"))
        .unwrap();
    let sheets = encode(&book);
    let sales = ImportOptions {
        sheet: Some("Sales".into()),
        ..ImportOptions::default()
    };
    let notes = ImportOptions {
        sheet: Some("Notes".into()),
        ..ImportOptions::default()
    };
    let settings = Settings::default();
    let clients = |o: &Outcome| o.analysis.as_ref().unwrap().as_ref().unwrap().clients.len();
    let mut session = Session::default();
    session.keep_file(true);
    let given = Some(SourceKind::EncodedWorkbook);
    let (_, first) = run(
        &mut session,
        1,
        given.clone(),
        Some(&sheets),
        &sales,
        &settings,
    );
    assert_eq!(clients(&first), 2);
    // A change of settings reuses the import; another sheet needs the workbook again.
    assert!(!session.needs_file(&sales));
    assert!(session.needs_file(&notes));
    let k = Settings {
        k: 2.0,
        ..settings.clone()
    };
    let (_, again) = run(&mut session, 2, None, None, &sales, &k);
    assert_eq!(clients(&again), 2);
    let (_, gone) = run(&mut session, 3, None, None, &notes, &settings);
    assert_eq!(
        gone.import
            .unwrap_err()
            .message(boomerang_core::format::Lang::En),
        "The file is no longer at hand: choose it again."
    );
    // Given again with the other sheet, and back: each as a session given the workbook in
    // its request, which keeps it, reads it.
    let mut keeping = Session::default();
    let in_request = || Some(SourceKind::Workbook(book.clone()));
    for (job, options) in [(4, &notes), (5, &sales)] {
        let (_, sent) = run(
            &mut session,
            job,
            given.clone(),
            Some(&sheets),
            options,
            &settings,
        );
        let (_, kept) = run(&mut keeping, job, in_request(), None, options, &settings);
        assert_eq!(sent.import, kept.import);
        assert_eq!(sent.analysis, kept.analysis);
        assert!(!session.needs_file(options));
    }
    // Sheets cut short (a page and a worker of different builds): said, not a panic.
    let (_, cut) = run(
        &mut session,
        6,
        given,
        Some(&sheets[..10]),
        &sales,
        &settings,
    );
    let why = cut
        .import
        .unwrap_err()
        .message(boomerang_core::format::Lang::En);
    assert!(why.contains("workbook"), "{why}");
}

#[test]
fn history_and_errors_travel_too() {
    let mut session = Session::default();
    let text = "client;date;amount\nA;2024-01-05;100\nA;2024-01-05;20\nA;2024-03-05;50\n";
    run(
        &mut session,
        1,
        Some(SourceKind::Text),
        Some(text.as_bytes()),
        &ImportOptions::default(),
        &Settings::default(),
    );
    let replies = worker(
        &mut session,
        &encode(&Request::History { client: "A".into() }),
        None,
    );
    let Reply::History { client, days } = decode_message(&replies[0]).unwrap() else {
        panic!("a history")
    };
    assert_eq!(client, "A");
    let days: Vec<String> = days.iter().map(|(d, m)| format!("{d} {m}")).collect();
    assert_eq!(days, ["2024-01-05 120.00", "2024-03-05 50.00"]);

    // A PNG: the import's error reads back whole, in both languages.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec();
    let (_, outcome) = run(
        &mut session,
        2,
        Some(SourceKind::Bytes),
        Some(&png),
        &ImportOptions::default(),
        &Settings::default(),
    );
    let direct = import(&png, &ImportOptions::default()).unwrap_err();
    assert_eq!(outcome.import.unwrap_err(), direct);
    assert!(outcome.analysis.is_none());
}

/// The demo's answers computed ahead of time are the session's own: the same analysis, the
/// models included, and every listed client's purchases.
#[test]
fn the_demo_computed_ahead_of_time_is_what_the_worker_computes() {
    use boomerang_core::session::{demo_replies, LinesComing, Reply, Request, Session, SourceKind};
    use boomerang_core::{ImportOptions, Settings};
    let (replies, histories) = demo_replies(&ImportOptions::default(), &Settings::default());
    let mut session = Session::default();
    let mut direct = Vec::new();
    session.handle(
        Request::Run {
            job: 0,
            source: Some(SourceKind::Demo),
            options: ImportOptions::default(),
            settings: Box::default(),
            held: None,
        },
        None,
        &mut |r| direct.push(r),
    );
    // The lines as the page gathers them, with the models' figures that came along.
    let lines_of = |rs: &[Reply]| -> Lines {
        let mut coming = LinesComing::default();
        for r in rs {
            if let Reply::Clients {
                total,
                lines,
                models,
                ..
            } = r
            {
                coming.add(*total, lines.clone(), models.clone());
            }
        }
        coming.take()
    };
    let finals = |rs: &[Reply]| (lines_of(rs).len(), rs.last().unwrap().clone());
    let (ahead_lines, ahead_done) = finals(&replies);
    let Reply::Done { outcome: ahead, .. } = ahead_done else {
        panic!("the answers end with the outcome")
    };
    assert!(!ahead.models_follow && ahead.line_models.is_none());
    // The direct run sends the lines once, with the rule's figures, then what the models say
    // of each: put together, the demo's whole result. The answers ahead of time send them
    // with the lines.
    let (direct_lines, direct_done) = finals(&direct);
    assert_eq!(direct_lines, ahead_lines);
    assert!(
        direct.iter().all(|r| !matches!(
            r,
            Reply::Clients {
                models: Some(_),
                ..
            }
        )),
        "the models' figures follow the lines"
    );
    let rule_lines = lines_of(&direct);
    let Reply::Done {
        outcome: mut direct,
        ..
    } = direct_done
    else {
        panic!("the answers end with the outcome")
    };
    let lines = lines_of(&replies);
    assert!(lines.have_models());
    let models = direct
        .line_models
        .take()
        .expect("the models' part of each line");
    let Some(Ok(a)) = &mut direct.analysis else {
        panic!("the demo is analysed")
    };
    a.put_line_models(&rule_lines, models);
    let mut whole = (*ahead).clone();
    if let Some(Ok(a)) = &mut whole.analysis {
        a.clients = lines;
    }
    assert!(
        *direct == whole,
        "the demo ahead of time is the session's result"
    );
    assert!(replies.iter().all(|r| !matches!(r, Reply::Progress { .. })));
    assert_eq!(histories.len(), ahead_lines);
    for h in &histories {
        let Reply::History { client, days } = h else {
            panic!("{h:?}")
        };
        assert_eq!(days, &session.history(client));
        assert!(!days.is_empty(), "{client}");
    }
}

#[test]
fn a_file_kept_by_the_worker_is_read_again_for_a_new_mapping_and_its_text_let_go() {
    let text =
        "client;date;amount;other\nA;2024-01-05;100;7\nA;2024-03-05;50;8\nB;2024-02-01;30;9\n";
    let settings = Settings::default();
    fn revenue(outcome: &Outcome) -> Option<String> {
        let summary = outcome
            .import
            .as_ref()
            .ok()?
            .result
            .as_ref()
            .ok()?
            .summary
            .as_ref()?;
        Some(summary.revenue.to_string())
    }
    let mut remap = ImportOptions::default();
    remap.set_role(3, Some(Role::Amount));

    // A session whose holder cannot give the file again keeps its text.
    let mut session = Session::default();
    let file = Some(SourceKind::Bytes);
    run(
        &mut session,
        1,
        file.clone(),
        Some(text.as_bytes()),
        &ImportOptions::default(),
        &settings,
    );
    assert!(!session.needs_file(&remap));

    // The worker keeps the file: the text goes once imported.
    let mut session = Session::default();
    session.keep_file(true);
    let (_, first) = run(
        &mut session,
        1,
        file.clone(),
        Some(text.as_bytes()),
        &ImportOptions::default(),
        &settings,
    );
    assert_eq!(revenue(&first).unwrap(), "180.00");
    // A change of setting needs only the import.
    assert!(!session.needs_file(&ImportOptions::default()));
    let k = Settings {
        k: 2.0,
        ..settings.clone()
    };
    let (_, again) = run(&mut session, 2, None, None, &ImportOptions::default(), &k);
    assert!(matches!(again.analysis, Some(Ok(_))));
    // A new mapping needs the file; without it the page hears it is gone, in words.
    assert!(session.needs_file(&remap));
    let (_, gone) = run(&mut session, 3, None, None, &remap, &settings);
    let why = gone.import.unwrap_err();
    // Still gone for the same mapping: the file is asked for again, not the error kept.
    assert!(session.needs_file(&remap));
    assert_eq!(
        why.message(boomerang_core::format::Lang::En),
        "The file is no longer at hand: choose it again."
    );
    // Given again, it is read with the new mapping.
    let (_, remapped) = run(
        &mut session,
        4,
        file,
        Some(text.as_bytes()),
        &remap,
        &settings,
    );
    assert_eq!(revenue(&remapped).unwrap(), "24.00");
    assert!(!session.needs_file(&remap));
}

#[test]
fn the_worker_warms_up_on_the_whole_lines_of_a_files_start() {
    let options = ImportOptions::default();
    let settings = sample_settings();
    // CDNOW's sample has no header: every whole line within the limit is a row.
    let limit = 20_000;
    let whole_lines = SAMPLE[..limit].iter().filter(|&&b| b == b'\n').count();
    assert!(whole_lines > 100);
    assert_eq!(
        boomerang_core::session::warm_up(SAMPLE, limit, &options, &settings),
        whole_lines
    );
    // A start shorter than the limit is read whole.
    assert_eq!(
        boomerang_core::session::warm_up(&SAMPLE[..limit], 1 << 20, &options, &settings),
        whole_lines
    );
    // No line end, a workbook, a binary file, nothing: nothing read; UTF-16, whose line ends
    // leave an odd byte behind: nothing said.
    let book = include_bytes!("../../../tests/fixtures/sales.xlsx");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            demo::wholesaler_csv()
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let pdf = [&b"%PDF-1.7\n"[..], &[0u8, 159, 146, 150, 10].repeat(200)].concat();
    for start in [&SAMPLE[..30], &book[..], &pdf[..], &[][..]] {
        assert_eq!(
            boomerang_core::session::warm_up(start, 1 << 20, &options, &settings),
            0
        );
    }
    for cut in [999, 2_500, 5_000] {
        boomerang_core::session::warm_up(&utf16, cut, &options, &settings);
    }
}

/// Bytes that can be read `reads` times, then no more: a file removed or changed on disk.
struct Going {
    bytes: Vec<u8>,
    reads: std::cell::Cell<usize>,
}

impl boomerang_core::ByteSource for Going {
    fn size(&self) -> Result<u64, String> {
        Ok(self.bytes.len() as u64)
    }

    fn read(&self, from: u64, to: u64) -> Result<Vec<u8>, String> {
        let left = self.reads.get().checked_sub(1).ok_or("gone")?;
        self.reads.set(left);
        self.bytes.read(from, to)
    }
}

#[test]
fn a_file_read_in_pieces_gives_what_its_bytes_give_and_is_read_again_for_a_new_mapping() {
    use boomerang_core::ByteSource;
    let text = demo::wholesaler_csv();
    let settings = Settings::default();
    let options = ImportOptions::default();
    // The bytes given whole, as the worker gave them before.
    let mut whole = Session::default();
    let (_, expected) = run(
        &mut whole,
        1,
        Some(SourceKind::Bytes),
        Some(text.as_bytes()),
        &options,
        &settings,
    );
    assert!(matches!(expected.analysis, Some(Ok(_))));
    // The file, which the session reads a piece at a time.
    let mut session = Session::default();
    session.keep_file(true);
    session.set_file(Box::new(text.clone().into_bytes()));
    let (_, got) = run(&mut session, 1, None, None, &options, &settings);
    assert!(
        got == expected,
        "the file in pieces gives what its bytes give"
    );
    // A new mapping reads the file again: it is never asked for. Without its profit column
    // the figures are others.
    let mut remap = ImportOptions::default();
    remap.set_role(5, None);
    assert!(!session.needs_file(&remap));
    let (_, remapped) = run(&mut session, 2, None, None, &remap, &settings);
    let (_, expected) = run(&mut whole, 2, None, None, &remap, &settings);
    assert!(
        remapped == expected,
        "the new mapping reads the file as its bytes read"
    );
    assert!(remapped != got, "the new mapping is another import");
    // A file that can no longer be read says so, in words, and a file that can be is read.
    let going = Going {
        bytes: text.into_bytes(),
        reads: std::cell::Cell::new(1),
    };
    assert!(going.size().is_ok_and(|n| n > 0));
    session.set_file(Box::new(going));
    let (_, gone) = run(&mut session, 3, None, None, &options, &settings);
    assert_eq!(
        gone.import
            .unwrap_err()
            .message(boomerang_core::format::Lang::En),
        "The file is no longer at hand: choose it again."
    );
}

/// The page's side of one job: its replies read from their binary form, the lines put
/// together (whole, or the verdicts put into `held`), the final outcome with them.
fn lines_of_job(
    session: &mut Session,
    request: Request,
    held: Option<&Lines>,
) -> (Vec<&'static str>, Outcome) {
    let mut kinds = vec![];
    let mut coming = held.map_or_else(LinesComing::default, |l| LinesComing::over(l.clone()));
    let (mut last, mut got) = (None, Lines::default());
    let mut replies = vec![];
    session.handle(request, None, &mut |r| replies.push(encode(&r)));
    for bytes in replies {
        match decode_message::<Reply>(&bytes).unwrap() {
            Reply::Clients {
                total,
                lines,
                models,
                ..
            } => {
                kinds.push("lines");
                coming.add(total, lines, models);
            }
            Reply::Verdicts {
                total,
                verdicts,
                models,
                ..
            } => {
                kinds.push(match &models {
                    VerdictModels::None => "verdicts",
                    VerdictModels::Sent(_) => "verdicts, models' figures",
                    VerdictModels::Held(_) => "verdicts, models held",
                });
                coming.add_verdicts(total, verdicts, models).unwrap();
            }
            Reply::Done { mut outcome, .. } => {
                if let Some(Ok(a)) = &mut outcome.analysis {
                    // The models' outcome puts their figures beside the rule's lines.
                    match outcome.line_models.take() {
                        Some(models) => a.clients = got.clone().with_models(models),
                        None => {
                            got = coming.take();
                            a.clients = got.clone();
                        }
                    }
                }
                last = Some(*outcome);
            }
            Reply::Progress { .. } | Reply::History { .. } => {}
        }
    }
    kinds.dedup();
    (kinds, last.unwrap())
}

/// After a change of k, costs, p or ABC, the page holds the lines of the last job, made from
/// the same histories: only what the settings decide of each line comes, and put into the
/// held lines it gives the lines a whole answer gives. Where the models' figures beside the
/// held lines are those of the same fit, only whether each line's model and rule disagree
/// comes. A new analysis date, or a request that names another job than the last one sent,
/// gets the lines whole; models fitted again, or figures the page says it does not hold,
/// come whole.
#[test]
fn a_change_of_settings_sends_what_they_decide_of_each_line() {
    let options = ImportOptions::default();
    let run = |job: u32, source: Option<SourceKind>, settings: &Settings, held: Option<u32>| {
        Request::Run {
            job,
            source,
            options: options.clone(),
            settings: Box::new(settings.clone()),
            held: held.map(|job| HeldLines { job, models: true }),
        }
    };
    // As the page names what it holds.
    let holding = |job: u32, settings: &Settings, lines: &Lines, held: u32| Request::Run {
        job,
        source: None,
        options: options.clone(),
        settings: Box::new(settings.clone()),
        held: Some(HeldLines {
            job: held,
            models: lines.have_models(),
        }),
    };
    let mut session = Session::default();
    let first = Settings {
        model: true,
        ..Settings::default()
    };
    let (kinds, outcome) = lines_of_job(
        &mut session,
        run(1, Some(SourceKind::Demo), &first, None),
        None,
    );
    assert_eq!(kinds, ["lines"]);
    let mut held = outcome.analysis.unwrap().unwrap().clients;
    assert!(held.have_models());
    let changes = [
        Settings {
            k: 1.3,
            ..first.clone()
        },
        Settings {
            k: 3.0,
            return_probability: 0.5,
            ..first.clone()
        },
        Settings {
            abc_a: 0.5,
            abc_b: 0.8,
            margin: 0.1,
            ..first.clone()
        },
        Settings {
            half_life_months: None,
            lifetime_years: Some(2.0),
            ..first.clone()
        },
        Settings {
            model: false,
            k: 2.5,
            ..first.clone()
        },
        // The models again: fitted before, but their figures are no longer on the page.
        Settings {
            k: 1.5,
            ..first.clone()
        },
        // Another horizon: the models fitted again.
        Settings {
            k: 1.8,
            horizon_months: 6,
            ..first.clone()
        },
        Settings {
            k: 2.2,
            horizon_months: 6,
            ..first.clone()
        },
    ];
    let comes = [
        "verdicts, models held",
        "verdicts, models held",
        "verdicts, models held",
        "verdicts, models held",
        "verdicts",
        "verdicts, models' figures",
        // Fitted again: the rule's verdicts go first, the models' figures follow them.
        "verdicts",
        "verdicts, models held",
    ];
    let mut disagreements_moved = 0;
    for (i, settings) in changes.iter().enumerate() {
        let job = 2 + i as u32;
        let (kinds, outcome) = lines_of_job(
            &mut session,
            holding(job, settings, &held, job - 1),
            Some(&held),
        );
        assert_eq!(kinds, [comes[i]], "change {i}");
        let mut whole = Session::default();
        let (_, expected) = lines_of_job(
            &mut whole,
            run(1, Some(SourceKind::Demo), settings, None),
            None,
        );
        let (got, expected) = (
            outcome.analysis.unwrap().unwrap(),
            expected.analysis.unwrap().unwrap(),
        );
        assert_eq!(
            got.clients.to_vec(),
            expected.clients.to_vec(),
            "change {i}"
        );
        assert!(
            got.clients.models() == expected.clients.models(),
            "change {i}: the models' figures differ"
        );
        // The figures moved: the test compares lines that differ from the held ones.
        assert_ne!(got.clients.to_vec(), held.to_vec(), "change {i}");
        if kinds == ["verdicts, models held"] && got.clients.models() != held.models() {
            disagreements_moved += 1;
        }
        held = got.clients;
    }
    // Whether a model and the rule disagree moved with the status, and came right.
    assert!(disagreements_moved > 0);
    // A page that says it holds no models' figures beside the lines gets them.
    let last = 1 + changes.len() as u32;
    let bare = Lines::new(held.to_vec());
    // The settings of the last change, with the models fitted for them.
    let now = changes[changes.len() - 1].clone();
    let k = Settings {
        k: 1.6,
        ..now.clone()
    };
    let (kinds, outcome) = lines_of_job(
        &mut session,
        holding(last + 1, &k, &bare, last),
        Some(&bare),
    );
    assert_eq!(kinds, ["verdicts, models' figures"]);
    held = outcome.analysis.unwrap().unwrap().clients;
    assert!(held.have_models());
    let job = last + 2;
    let (kinds, _) = lines_of_job(
        &mut session,
        holding(job, &now, &held, job - 1),
        Some(&held),
    );
    assert_eq!(kinds, ["verdicts, models held"]);
    let off = Settings {
        model: false,
        ..now.clone()
    };
    let (kinds, outcome) = lines_of_job(
        &mut session,
        run(job + 1, None, &off, Some(job)),
        Some(&held),
    );
    assert_eq!(kinds, ["verdicts"]);
    held = outcome.analysis.unwrap().unwrap().clients;
    // One that says it holds them where none went with its lines (the models were off) gets
    // them: the worker goes by what it sent.
    let (kinds, outcome) = lines_of_job(
        &mut session,
        run(job + 2, None, &now, Some(job + 1)),
        Some(&held),
    );
    assert_eq!(kinds, ["verdicts, models' figures"]);
    let held = outcome.analysis.unwrap().unwrap().clients;
    let sent = job + 2;
    // A change whose analysis fails sends no lines: the lines held stay the last ones sent,
    // with their models' figures.
    let bad = Settings {
        k: 0.5,
        ..now.clone()
    };
    let (kinds, outcome) = lines_of_job(
        &mut session,
        run(sent + 1, None, &bad, Some(sent)),
        Some(&held),
    );
    assert!(kinds.is_empty(), "{kinds:?}");
    assert!(matches!(outcome.analysis, Some(Err(_))));
    let (kinds, outcome) = lines_of_job(
        &mut session,
        run(sent + 2, None, &k, Some(sent)),
        Some(&held),
    );
    assert_eq!(kinds, ["verdicts, models held"]);
    let held = outcome.analysis.unwrap().unwrap().clients;
    // A request naming another job than the last one sent: whole lines.
    let (kinds, _) = lines_of_job(
        &mut session,
        run(sent + 3, None, &first, Some(3)),
        Some(&held),
    );
    assert_eq!(kinds, ["lines"]);
    // Another analysis date: new histories, whole lines.
    let day = Settings {
        as_of: Some(demo::as_of() - chrono::Duration::days(40)),
        ..first.clone()
    };
    let (kinds, outcome) = lines_of_job(
        &mut session,
        run(sent + 4, None, &day, Some(sent + 3)),
        Some(&held),
    );
    assert_eq!(kinds, ["lines"]);
    let held = outcome.analysis.unwrap().unwrap().clients;
    // The page holding no lines cannot take verdicts: it says so, it does not panic.
    let mut coming = LinesComing::default();
    let mut verdicts = vec![];
    session.handle(
        run(
            sent + 5,
            None,
            &Settings {
                k: 1.7,
                ..day.clone()
            },
            Some(sent + 4),
        ),
        None,
        &mut |r| {
            if let Reply::Verdicts {
                total,
                verdicts: v,
                models,
                ..
            } = r
            {
                verdicts.push((total, v, models));
            }
        },
    );
    assert!(!verdicts.is_empty());
    let (total, v, models) = verdicts.remove(0);
    assert!(matches!(models, VerdictModels::Held(_)));
    assert!(coming
        .add_verdicts(total, v.clone(), models.clone())
        .is_err());
    // Nor can a page holding lines of another length, or the lines without the models'
    // figures the answer builds on.
    let mut other = LinesComing::over(Lines::new(held.to_vec()[1..].to_vec()));
    assert!(other
        .add_verdicts(total, v.clone(), models.clone())
        .is_err());
    let mut bare = LinesComing::over(Lines::new(held.to_vec()));
    assert!(bare.add_verdicts(total, v.clone(), models.clone()).is_err());
    assert!(LinesComing::over(held.clone())
        .add_verdicts(total, v, models)
        .is_ok());
}
