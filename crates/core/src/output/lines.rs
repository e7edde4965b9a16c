//! The client lines in the worker's messages, in a compact binary form written and read by
//! hand: `#[serde(with = "crate::lines")]` on a `Vec<ClientLine>`, and
//! `#[serde(with = "crate::lines::models")]` on what the models say of them; and [`Lines`],
//! the two together.
//!
//! A line is its fields in the order of the struct, each in a fixed width (little-endian
//! numbers, a day as its number from the common era, an option as a tag byte before its
//! value, an enum as its place in its `ALL`). An id and a name are written out; a manager
//! and a reason, which repeat, are written the first time and then named by their number in
//! the message, and the page shares one text among the lines that name it.
//!
//! Through serde (bincode) the lines of a change of k at 1M rows (57K clients) took 29 ms
//! to write and 64 ms to read natively, 57 and 80 ms in V8: more than the analysis that made
//! them. Serde writes and reads one field at a time through its visitor, and it read each
//! text twice (a `String`, then an `Arc<str>`). JSON still gets the lines through serde,
//! field by field.
//!
//! The bytes are borrowed from the message while they are read: messages are read from a
//! slice ([`crate::session::decode_message`]), not from a stream.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::abc::{Abc, Xyz};
use crate::analysis::{ClientLine, LineModel, Lines};
use crate::clients::{Client, Status, Text};
use crate::counting::ClientModel;
use crate::money::Money;
use crate::reasons::{ReasonGroup, ReasonRule};
use crate::winback::{Category, LetGoBecause, Winback};

/// `#[serde(with = "crate::lines")]`: the compact form in a binary message, the lines one by
/// one through serde where people read them (JSON).
pub(crate) fn serialize<S: Serializer>(lines: &[ClientLine], s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        lines.serialize(s)
    } else {
        s.serialize_bytes(&write(lines))
    }
}

/// `#[serde(with = "crate::lines")]`.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ClientLine>, D::Error> {
    if d.is_human_readable() {
        Vec::deserialize(d)
    } else {
        let bytes: &[u8] = Deserialize::deserialize(d)?;
        read(bytes).map_err(serde::de::Error::custom)
    }
}

/// `#[serde(with = "crate::lines::models")]`: what the models say of each line, the same
/// way (`Option<Vec<LineModel>>`).
pub(crate) mod models {
    use super::*;

    /// Bytes written as bytes (a `&[u8]` alone is written as a sequence of numbers).
    pub(super) struct Bytes<'a>(pub(super) &'a [u8]);

    impl Serialize for Bytes<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    pub(crate) fn serialize<S: Serializer>(
        models: &Option<Vec<LineModel>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            models.serialize(s)
        } else {
            let bytes = models.as_deref().map(write_models);
            bytes.as_deref().map(Bytes).serialize(s)
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Vec<LineModel>>, D::Error> {
        if d.is_human_readable() {
            Option::deserialize(d)
        } else {
            let bytes: Option<&[u8]> = Deserialize::deserialize(d)?;
            bytes
                .map(read_models)
                .transpose()
                .map_err(serde::de::Error::custom)
        }
    }

    /// `#[serde(with = "crate::lines::models::each")]`: the same on a `Vec<LineModel>`.
    pub(crate) mod each {
        use super::*;

        pub(crate) fn serialize<S: Serializer>(
            models: &[LineModel],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            if s.is_human_readable() {
                models.serialize(s)
            } else {
                s.serialize_bytes(&write_models(models))
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Vec<LineModel>, D::Error> {
            if d.is_human_readable() {
                Vec::deserialize(d)
            } else {
                let bytes: &[u8] = Deserialize::deserialize(d)?;
                read_models(bytes).map_err(serde::de::Error::custom)
            }
        }
    }
}

/// A line as people read it (JSON): its fields, with what the models say of it in their
/// places among them.
#[derive(Serialize)]
struct LineView<'a> {
    client: &'a Client,
    abc: Abc,
    xyz: Option<Xyz>,
    xyz_variation: Option<f64>,
    winback: &'a Option<Winback>,
    model: Option<&'a ClientModel>,
    reason: Option<ReasonRule>,
    disagrees: bool,
}

/// [`LineView`] read back.
#[derive(Deserialize)]
struct LineRead {
    client: Client,
    abc: Abc,
    xyz: Option<Xyz>,
    xyz_variation: Option<f64>,
    winback: Option<Winback>,
    model: Option<ClientModel>,
    reason: Option<ReasonRule>,
    disagrees: bool,
}

/// Where people read them (JSON), the lines one by one, each with its model's figures in it;
/// in a binary message, the lines and their models' figures in the compact form.
impl Serialize for Lines {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            let none = LineModel {
                model: None,
                disagrees: false,
            };
            s.collect_seq(self.iter().enumerate().map(|(i, l)| {
                let m = self.models().get(i).unwrap_or(&none);
                LineView {
                    client: &l.client,
                    abc: l.abc,
                    xyz: l.xyz,
                    xyz_variation: l.xyz_variation,
                    winback: &l.winback,
                    model: m.model.as_ref(),
                    reason: l.reason,
                    disagrees: m.disagrees,
                }
            }))
        } else {
            (
                models::Bytes(&write(self)),
                models::Bytes(&write_models(self.models())),
            )
                .serialize(s)
        }
    }
}

impl<'de> Deserialize<'de> for Lines {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lines, D::Error> {
        if d.is_human_readable() {
            let read: Vec<LineRead> = Vec::deserialize(d)?;
            // The models give every line its figures, or none when they were not fitted.
            let fitted = read.iter().any(|l| l.model.is_some());
            let (lines, models): (Vec<_>, Vec<_>) = read
                .into_iter()
                .map(|l| {
                    let line = ClientLine {
                        client: l.client,
                        abc: l.abc,
                        xyz: l.xyz,
                        xyz_variation: l.xyz_variation,
                        winback: l.winback,
                        reason: l.reason,
                    };
                    (
                        line,
                        LineModel {
                            model: l.model,
                            disagrees: l.disagrees,
                        },
                    )
                })
                .unzip();
            let lines = Lines::new(lines);
            Ok(if fitted {
                lines.with_models(models)
            } else {
                lines
            })
        } else {
            let (lines, models): (&[u8], &[u8]) = Deserialize::deserialize(d)?;
            let lines = read(lines).map_err(serde::de::Error::custom)?;
            let models = read_models(models).map_err(serde::de::Error::custom)?;
            if !models.is_empty() && models.len() != lines.len() {
                return Err(serde::de::Error::custom(format!(
                    "{} lines and the models' figures of {}",
                    lines.len(),
                    models.len()
                )));
            }
            Ok(Lines::new(lines).with_models(models))
        }
    }
}

/// What the models say of each line, in the compact form.
pub fn write_models(models: &[LineModel]) -> Vec<u8> {
    write_each(models, 64, |out, LineModel { model, disagrees }| {
        out.option(model, Out::model);
        out.bool(*disagrees);
    })
}

/// What [`write_models`] wrote.
///
/// # Errors
/// When the bytes are not such figures (cut short, or a page and a worker of different builds).
pub fn read_models(bytes: &[u8]) -> Result<Vec<LineModel>, String> {
    // Two bytes at the least each: the model's tag and the disagreement.
    read_each(bytes, 2, |input| {
        Ok(LineModel {
            model: input.option(In::model)?,
            disagrees: input.bool()?,
        })
    })
}

/// What the settings decide of a client's line: its status and what follows from it, its
/// classes, its win-back and how its reason is read. The rest of the line, who the client
/// is and what they bought, depends on the histories alone (the data, the analysis date and
/// the period's end): after a change of k, costs, margin or ABC the worker sends these and
/// the page puts them into the lines it holds ([`Verdict::put_into`]), where every line
/// whole took twice the bytes and a text to read for each id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    threshold_days: f64,
    status: Status,
    loss_episodes: Option<u32>,
    lost_twice: Option<bool>,
    #[serde(with = "crate::day::option")]
    returned_on: Option<NaiveDate>,
    overdue_days: i64,
    #[serde(with = "crate::day::option")]
    lost_since: Option<NaiveDate>,
    days_since_loss: Option<i64>,
    declining: bool,
    abc: Abc,
    xyz: Option<Xyz>,
    xyz_variation: Option<f64>,
    winback: Option<Winback>,
    reason: Option<ReasonRule>,
}

impl Verdict {
    /// What the settings decided of this line.
    pub fn of(line: &ClientLine) -> Verdict {
        let c = &line.client;
        Verdict {
            threshold_days: c.threshold_days,
            status: c.status,
            loss_episodes: c.loss_episodes,
            lost_twice: c.lost_twice,
            returned_on: c.returned_on,
            overdue_days: c.overdue_days,
            lost_since: c.lost_since,
            days_since_loss: c.days_since_loss,
            declining: c.declining,
            abc: line.abc,
            xyz: line.xyz,
            xyz_variation: line.xyz_variation,
            winback: line.winback.clone(),
            reason: line.reason,
        }
    }

    /// The line `held` (a line of the same client made from the same histories) with what
    /// this verdict says in place of what the settings decided then.
    pub fn put_into(self, held: &ClientLine) -> ClientLine {
        let Verdict {
            threshold_days,
            status,
            loss_episodes,
            lost_twice,
            returned_on,
            overdue_days,
            lost_since,
            days_since_loss,
            declining,
            abc,
            xyz,
            xyz_variation,
            winback,
            reason,
        } = self;
        // Every field of the held client named: a field added to the lines does not compile
        // until it is said here whether the settings decide it.
        let Client {
            id,
            name,
            manager,
            reason: reason_given,
            occasions,
            first,
            last,
            revenue,
            profit,
            avg_check,
            interval_days,
            recency_days,
            annual_revenue,
            annual_profit,
            purchases_a_year,
            year_on_year,
            threshold_days: _,
            status: _,
            loss_episodes: _,
            lost_twice: _,
            returned_on: _,
            overdue_days: _,
            lost_since: _,
            days_since_loss: _,
            declining: _,
        } = &held.client;
        ClientLine {
            client: Client {
                id: id.clone(),
                name: name.clone(),
                manager: manager.clone(),
                reason: reason_given.clone(),
                occasions: *occasions,
                first: *first,
                last: *last,
                revenue: *revenue,
                profit: *profit,
                avg_check: *avg_check,
                interval_days: *interval_days,
                recency_days: *recency_days,
                annual_revenue: *annual_revenue,
                annual_profit: *annual_profit,
                purchases_a_year: *purchases_a_year,
                year_on_year: *year_on_year,
                threshold_days,
                status,
                loss_episodes,
                lost_twice,
                returned_on,
                overdue_days,
                lost_since,
                days_since_loss,
                declining,
            },
            abc,
            xyz,
            xyz_variation,
            winback,
            reason,
        }
    }
}

/// `#[serde(with = "crate::lines::verdicts")]` on a `Vec<Verdict>`: the compact form in a
/// binary message, through serde where people read them (JSON).
pub(crate) mod verdicts {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(verdicts: &[Verdict], s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            verdicts.serialize(s)
        } else {
            s.serialize_bytes(&write_verdicts(verdicts))
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Verdict>, D::Error> {
        if d.is_human_readable() {
            Vec::deserialize(d)
        } else {
            let bytes: &[u8] = Deserialize::deserialize(d)?;
            read_verdicts(bytes).map_err(serde::de::Error::custom)
        }
    }
}

/// Verdicts in the compact form, each field as a line writes it.
pub fn write_verdicts(verdicts: &[Verdict]) -> Vec<u8> {
    write_each(verdicts, 96, |out, v| {
        let Verdict {
            threshold_days,
            status,
            loss_episodes,
            lost_twice,
            returned_on,
            overdue_days,
            lost_since,
            days_since_loss,
            declining,
            abc,
            xyz,
            xyz_variation,
            winback,
            reason,
        } = v;
        out.f64(*threshold_days);
        out.code(*status as u8);
        out.option(loss_episodes, |o, &n| o.u32(n));
        out.option(lost_twice, |o, &b| o.bool(b));
        out.option(returned_on, |o, &d| o.day(d));
        out.i64(*overdue_days);
        out.option(lost_since, |o, &d| o.day(d));
        out.option(days_since_loss, |o, &n| o.i64(n));
        out.bool(*declining);
        out.code(*abc as u8);
        out.option(xyz, |o, &x| o.code(x as u8));
        out.option(xyz_variation, |o, &x| o.f64(x));
        out.option(winback, Out::winback);
        out.option(reason, Out::reason_rule);
    })
}

/// What [`write_verdicts`] wrote.
///
/// # Errors
/// When the bytes are not such verdicts (cut short, or a page and a worker of different builds).
pub fn read_verdicts(bytes: &[u8]) -> Result<Vec<Verdict>, String> {
    // The fixed fields and the options' tags: 8 + 1 + 1 + 1 + 1 + 8 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1.
    read_each(bytes, 28, |i| {
        Ok(Verdict {
            threshold_days: i.f64()?,
            status: i.code(&Status::ALL, "status")?,
            loss_episodes: i.option(In::u32)?,
            lost_twice: i.option(In::bool)?,
            returned_on: i.option(In::day)?,
            overdue_days: i.i64()?,
            lost_since: i.option(In::day)?,
            days_since_loss: i.option(In::i64)?,
            declining: i.bool()?,
            abc: i.code(&Abc::ALL, "ABC class")?,
            xyz: i.option(|i| i.code(&Xyz::ALL, "XYZ class"))?,
            xyz_variation: i.option(In::f64)?,
            winback: i.option(In::winback)?,
            reason: i.option(In::reason_rule)?,
        })
    })
}

/// The bytes of a line with an empty id and every option empty.
const SMALLEST_LINE: usize = 87;

/// The lines in the compact form.
pub fn write(lines: &[ClientLine]) -> Vec<u8> {
    write_each(lines, 192, Out::line)
}

/// Lines written by [`write`].
///
/// # Errors
/// When the bytes are not such lines (cut short, or a page and a worker of different builds).
pub fn read(bytes: &[u8]) -> Result<Vec<ClientLine>, String> {
    read_each(bytes, SMALLEST_LINE, In::line)
}

/// A count, then each item as `write` writes it (about `size` bytes each, room made ahead).
fn write_each<'a, T>(items: &'a [T], size: usize, write: impl Fn(&mut Out<'a>, &'a T)) -> Vec<u8> {
    let mut out = Out {
        bytes: Vec::with_capacity(4 + items.len() * size),
        texts: FxHashMap::default(),
    };
    out.u32(items.len() as u32);
    for item in items {
        write(&mut out, item);
    }
    out.bytes
}

/// What [`write_each`] wrote, each item read by `read` and none taking less than `smallest`
/// bytes: room is made for no more items than the bytes can hold, so a garbled count makes
/// no room.
fn read_each<'a, T>(
    bytes: &'a [u8],
    smallest: usize,
    read: impl Fn(&mut In<'a>) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let mut input = In {
        bytes,
        texts: Vec::new(),
    };
    let n = input.u32()? as usize;
    let mut items = Vec::with_capacity(n.min(bytes.len() / smallest));
    for _ in 0..n {
        items.push(read(&mut input)?);
    }
    input.end()?;
    Ok(items)
}

/// The writer: the bytes, and the numbers of the repeated texts written so far.
struct Out<'a> {
    bytes: Vec<u8>,
    texts: FxHashMap<&'a str, u32>,
}

impl<'a> Out<'a> {
    fn line(&mut self, line: &'a ClientLine) {
        // Every field named: a field added to the lines does not compile until it is written
        // here (and read in `In::line`).
        let ClientLine {
            client,
            abc,
            xyz,
            xyz_variation,
            winback,
            reason,
        } = line;
        self.client(client);
        self.code(*abc as u8);
        self.option(xyz, |o, &x| o.code(x as u8));
        self.option(xyz_variation, |o, &x| o.f64(x));
        self.option(winback, Out::winback);
        self.option(reason, Out::reason_rule);
    }

    fn reason_rule(&mut self, r: &'a ReasonRule) {
        let ReasonRule {
            group,
            winnable,
            urgent,
        } = r;
        self.code(*group as u8);
        self.bool(*winnable);
        self.bool(*urgent);
    }

    fn client(&mut self, client: &'a Client) {
        let Client {
            id,
            name,
            manager,
            reason,
            occasions,
            first,
            last,
            revenue,
            profit,
            avg_check,
            interval_days,
            threshold_days,
            recency_days,
            status,
            loss_episodes,
            lost_twice,
            returned_on,
            annual_revenue,
            annual_profit,
            purchases_a_year,
            overdue_days,
            lost_since,
            days_since_loss,
            year_on_year,
            declining,
        } = client;
        self.text(id);
        self.option(name, |o, t| o.text(t));
        self.option(manager, Out::repeated);
        self.option(reason, Out::repeated);
        self.u32(*occasions);
        self.day(*first);
        self.day(*last);
        self.money(*revenue);
        self.option(profit, |o, &m| o.money(m));
        self.money(*avg_check);
        self.option(interval_days, |o, &x| o.f64(x));
        self.f64(*threshold_days);
        self.i64(*recency_days);
        self.code(*status as u8);
        self.option(loss_episodes, |o, &n| o.u32(n));
        self.option(lost_twice, |o, &b| o.bool(b));
        self.option(returned_on, |o, &d| o.day(d));
        self.money(*annual_revenue);
        self.option(annual_profit, |o, &m| o.money(m));
        self.u32(*purchases_a_year);
        self.i64(*overdue_days);
        self.option(lost_since, |o, &d| o.day(d));
        self.option(days_since_loss, |o, &n| o.i64(n));
        self.option(year_on_year, |o, &(a, b)| {
            o.money(a);
            o.money(b);
        });
        self.bool(*declining);
    }

    fn winback(&mut self, w: &'a Winback) {
        let Winback {
            return_chance,
            benefit,
            cost,
            expected_net,
            roi,
            category,
            let_go_because,
            urgent,
        } = w;
        self.f64(*return_chance);
        self.money(*benefit);
        self.money(*cost);
        self.money(*expected_net);
        self.option(roi, |o, &x| o.f64(x));
        self.code(*category as u8);
        self.option(let_go_because, |o, &b| o.code(b as u8));
        self.bool(*urgent);
    }

    fn model(&mut self, m: &'a ClientModel) {
        let ClientModel {
            p_alive,
            expected_purchases,
            p_no_purchase,
            days_between,
            expected_spend,
            clv,
        } = m;
        self.f64(*p_alive);
        self.f64(*expected_purchases);
        self.f64(*p_no_purchase);
        self.f64(*days_between);
        self.option(expected_spend, |o, &x| o.f64(x));
        self.option(clv, |o, &x| o.f64(x));
    }

    fn option<T>(&mut self, value: &'a Option<T>, write: impl FnOnce(&mut Self, &'a T)) {
        match value {
            None => self.bool(false),
            Some(v) => {
                self.bool(true);
                write(self, v);
            }
        }
    }

    /// A text written out: its length, its bytes.
    fn text(&mut self, text: &str) {
        self.u32(text.len() as u32);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    /// A text that repeats: its number among those of this message, followed by the text
    /// itself the first time (when the number is the count so far).
    fn repeated(&mut self, text: &'a Text) {
        let next = self.texts.len() as u32;
        let number = *self.texts.entry(text).or_insert(next);
        self.u32(number);
        if number == next {
            self.text(text);
        }
    }

    /// A variant as its number (`as u8`), which is its place in its `ALL`: a test holds
    /// each `ALL` in the order of the variants.
    fn code(&mut self, code: u8) {
        self.bytes.push(code);
    }

    fn bool(&mut self, b: bool) {
        self.bytes.push(u8::from(b));
    }

    fn u32(&mut self, n: u32) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    fn i64(&mut self, n: i64) {
        self.bytes.extend_from_slice(&n.to_le_bytes());
    }

    fn f64(&mut self, x: f64) {
        self.bytes.extend_from_slice(&x.to_le_bytes());
    }

    fn money(&mut self, m: Money) {
        self.i64(m.0);
    }

    fn day(&mut self, day: NaiveDate) {
        self.bytes
            .extend_from_slice(&day.num_days_from_ce().to_le_bytes());
    }
}

/// The reader: the bytes still to read, and the repeated texts read so far.
struct In<'a> {
    bytes: &'a [u8],
    texts: Vec<Text>,
}

impl<'a> In<'a> {
    fn line(&mut self) -> Result<ClientLine, String> {
        Ok(ClientLine {
            client: self.client()?,
            abc: self.code(&Abc::ALL, "ABC class")?,
            xyz: self.option(|i| i.code(&Xyz::ALL, "XYZ class"))?,
            xyz_variation: self.option(In::f64)?,
            winback: self.option(In::winback)?,
            reason: self.option(In::reason_rule)?,
        })
    }

    fn reason_rule(&mut self) -> Result<ReasonRule, String> {
        Ok(ReasonRule {
            group: self.code(&ReasonGroup::ALL, "reason group")?,
            winnable: self.bool()?,
            urgent: self.bool()?,
        })
    }

    /// Nothing is left to read.
    fn end(&self) -> Result<(), String> {
        match self.bytes.len() {
            0 => Ok(()),
            n => Err(format!("bytes are left after the last client line: {n}")),
        }
    }

    fn client(&mut self) -> Result<Client, String> {
        Ok(Client {
            id: Arc::from(self.text()?),
            name: self.option(|i| i.text().map(Arc::from))?,
            manager: self.option(In::repeated)?,
            reason: self.option(In::repeated)?,
            occasions: self.u32()?,
            first: self.day()?,
            last: self.day()?,
            revenue: self.money()?,
            profit: self.option(In::money)?,
            avg_check: self.money()?,
            interval_days: self.option(In::f64)?,
            threshold_days: self.f64()?,
            recency_days: self.i64()?,
            status: self.code(&Status::ALL, "status")?,
            loss_episodes: self.option(In::u32)?,
            lost_twice: self.option(In::bool)?,
            returned_on: self.option(In::day)?,
            annual_revenue: self.money()?,
            annual_profit: self.option(In::money)?,
            purchases_a_year: self.u32()?,
            overdue_days: self.i64()?,
            lost_since: self.option(In::day)?,
            days_since_loss: self.option(In::i64)?,
            year_on_year: self.option(|i| Ok((i.money()?, i.money()?)))?,
            declining: self.bool()?,
        })
    }

    fn winback(&mut self) -> Result<Winback, String> {
        Ok(Winback {
            return_chance: self.f64()?,
            benefit: self.money()?,
            cost: self.money()?,
            expected_net: self.money()?,
            roi: self.option(In::f64)?,
            category: self.code(&Category::ALL, "win-back category")?,
            let_go_because: self.option(|i| i.code(&LetGoBecause::ALL, "reason to let go"))?,
            urgent: self.bool()?,
        })
    }

    fn model(&mut self) -> Result<ClientModel, String> {
        Ok(ClientModel {
            p_alive: self.f64()?,
            expected_purchases: self.f64()?,
            p_no_purchase: self.f64()?,
            days_between: self.f64()?,
            expected_spend: self.option(In::f64)?,
            clv: self.option(In::f64)?,
        })
    }

    // The fixed-width reads are inlined into `line`, their errors kept out of line: the page
    // builds the core for size, where at 1M rows reading the lines of a change of k took 41
    // ms, each field a call.
    #[inline(always)]
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let Some((head, rest)) = self.bytes.split_first_chunk::<N>() else {
            return Err(cut_short());
        };
        self.bytes = rest;
        Ok(*head)
    }

    #[inline(always)]
    fn option<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        Ok(if self.bool()? {
            Some(read(self)?)
        } else {
            None
        })
    }

    fn text(&mut self) -> Result<&'a str, String> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() {
            return Err(cut_short());
        }
        let (text, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        std::str::from_utf8(text).map_err(|e| format!("a client's text is not UTF-8: {e}"))
    }

    fn repeated(&mut self) -> Result<Text, String> {
        let number = self.u32()? as usize;
        if number == self.texts.len() {
            let text: Text = Arc::from(self.text()?);
            self.texts.push(text);
        }
        self.texts
            .get(number)
            .cloned()
            .ok_or_else(|| format!("text number {number} has not been written"))
    }

    #[inline(always)]
    fn code<T: Copy>(&mut self, all: &[T], what: &str) -> Result<T, String> {
        let [code] = self.take()?;
        all.get(usize::from(code))
            .copied()
            .ok_or_else(|| format!("{code} is not a {what}"))
    }

    #[inline(always)]
    fn bool(&mut self) -> Result<bool, String> {
        match self.take()? {
            [0] => Ok(false),
            [1] => Ok(true),
            [b] => Err(not_a_bool(b)),
        }
    }

    #[inline(always)]
    fn u32(&mut self) -> Result<u32, String> {
        self.take().map(u32::from_le_bytes)
    }

    #[inline(always)]
    fn i64(&mut self) -> Result<i64, String> {
        self.take().map(i64::from_le_bytes)
    }

    #[inline(always)]
    fn f64(&mut self) -> Result<f64, String> {
        self.take().map(f64::from_le_bytes)
    }

    #[inline(always)]
    fn money(&mut self) -> Result<Money, String> {
        self.i64().map(Money)
    }

    #[inline(always)]
    fn day(&mut self) -> Result<NaiveDate, String> {
        let n = self.take().map(i32::from_le_bytes)?;
        NaiveDate::from_num_days_from_ce_opt(n)
            .ok_or_else(|| format!("day number {n} is out of range"))
    }
}

/// The error of lines cut short.
#[cold]
#[inline(never)]
fn cut_short() -> String {
    "the client lines are cut short".into()
}

/// The error of a byte that should be a bool.
#[cold]
#[inline(never)]
fn not_a_bool(b: u8) -> String {
    format!("{b} is neither true nor false")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{decode_message, encode, Reply};
    use crate::{analyze, import, ImportOptions, Settings};

    /// The demo's client lines with the models' figures: managers, reasons, every status.
    fn demo_lines() -> Lines {
        let options = ImportOptions {
            today: Some(crate::demo::as_of()),
            ..ImportOptions::default()
        };
        let loaded = import(crate::demo::wholesaler_csv().as_bytes(), &options)
            .unwrap()
            .result
            .unwrap();
        let settings = Settings {
            model: true,
            ..Settings::default()
        };
        analyze(&loaded.data, &settings).unwrap().clients
    }

    /// A line with every option empty, and one with every option filled and each enum at its
    /// last value.
    fn extremes_of(line: &ClientLine) -> [ClientLine; 2] {
        let mut empty = line.clone();
        let c = &mut empty.client;
        (c.name, c.manager, c.reason, c.profit, c.interval_days) = (None, None, None, None, None);
        (
            c.loss_episodes,
            c.lost_twice,
            c.returned_on,
            c.annual_profit,
        ) = (None, None, None, None);
        (c.lost_since, c.days_since_loss, c.year_on_year) = (None, None, None);
        (empty.xyz, empty.xyz_variation, empty.winback) = (None, None, None);
        empty.reason = None;
        let mut full = line.clone();
        let c = &mut full.client;
        c.name = Some("Имя «в кавычках»".into());
        c.manager = Some("Петрова".into());
        c.reason = Some("".into());
        (c.profit, c.annual_profit) = (Some(Money(-1)), Some(Money(i64::MAX)));
        (c.interval_days, c.loss_episodes, c.lost_twice) =
            (Some(f64::INFINITY), Some(7), Some(true));
        c.returned_on = NaiveDate::from_ymd_opt(1, 1, 1);
        c.lost_since = NaiveDate::MAX.into();
        (c.days_since_loss, c.year_on_year) = (Some(i64::MIN), Some((Money(5), Money(-5))));
        (c.status, c.declining) = (Status::Lost, true);
        (full.abc, full.xyz, full.xyz_variation) = (Abc::C, Some(Xyz::Z), Some(-0.0));
        full.winback = Some(Winback {
            return_chance: 0.25,
            benefit: Money(123_456),
            cost: Money(0),
            expected_net: Money(-3),
            roi: Some(f64::MAX),
            category: Category::LetGo,
            let_go_because: Some(LetGoBecause::NotWorthIt),
            urgent: true,
        });
        full.reason = Some(ReasonRule {
            group: ReasonGroup::Unsorted,
            winnable: false,
            urgent: true,
        });
        [empty, full]
    }

    /// What the models say of [`extremes_of`]'s two lines: nothing, and every figure there
    /// with the model disagreeing.
    fn extreme_models() -> [LineModel; 2] {
        let full = ClientModel {
            p_alive: 1.0,
            expected_purchases: 1e-300,
            p_no_purchase: 0.5,
            days_between: 30.0,
            expected_spend: Some(12.5),
            clv: Some(-0.0),
        };
        [
            LineModel {
                model: None,
                disagrees: false,
            },
            LineModel {
                model: Some(full),
                disagrees: true,
            },
        ]
    }

    #[test]
    fn each_variant_is_written_as_its_place_in_its_all() {
        fn in_order<T: Copy>(all: &[T], code: impl Fn(T) -> u8) -> bool {
            all.iter()
                .enumerate()
                .all(|(i, &v)| usize::from(code(v)) == i)
        }
        assert!(in_order(&Abc::ALL, |v| v as u8));
        assert!(in_order(&Xyz::ALL, |v| v as u8));
        assert!(in_order(&Status::ALL, |v| v as u8));
        assert!(in_order(&Category::ALL, |v| v as u8));
        assert!(in_order(&LetGoBecause::ALL, |v| v as u8));
        assert!(in_order(&ReasonGroup::ALL, |v| v as u8));
    }

    #[test]
    fn lines_read_back_as_they_were_written() {
        let mut lines = demo_lines().to_vec();
        lines.extend(extremes_of(&lines[0]));
        let back = read(&write(&lines)).unwrap();
        assert_eq!(back, lines);
        let mut smallest = extremes_of(&lines[0])[0].clone();
        smallest.client.id = "".into();
        assert_eq!(write(&[smallest]).len(), 4 + SMALLEST_LINE);
        // Bit for bit: -0.0 stays -0.0.
        let full = back.last().unwrap();
        assert!(full.xyz_variation.unwrap().is_sign_negative());
        assert_eq!(read(&write(&[])).unwrap(), vec![]);
    }

    #[test]
    fn through_a_binary_message_and_through_json() {
        let demo = demo_lines();
        let lines = demo.to_vec();
        let reply = Reply::Clients {
            job: 3,
            total: lines.len(),
            lines: lines.clone(),
            models: Some(demo.models().to_vec()),
        };
        let Reply::Clients {
            lines: back,
            models,
            ..
        } = decode_message(&encode(&reply)).unwrap()
        else {
            panic!("the reply reads back as client lines");
        };
        assert_eq!(back, lines);
        assert_eq!(models.as_deref(), Some(demo.models()));
        // Where people read it, a line is its fields by name.
        let json = serde_json::to_value(&reply).unwrap();
        let first = &json["Clients"]["lines"][0];
        assert_eq!(first["client"]["id"], lines[0].client.id.as_ref());
        let Reply::Clients {
            lines: back,
            models,
            ..
        } = serde_json::from_value(json).unwrap()
        else {
            panic!("the JSON reads back as client lines");
        };
        assert_eq!(back, lines);
        assert_eq!(models.map(|m| m.len()), Some(lines.len()));
    }

    #[test]
    fn what_the_models_say_of_the_lines_reads_back_too() {
        let mut models = demo_lines().models().to_vec();
        models.extend(extreme_models());
        models[1].disagrees = !models[1].disagrees;
        assert!(models.iter().any(|m| m.model.is_none()) && models.iter().any(|m| m.disagrees));
        let bytes = write_models(&models);
        assert_eq!(read_models(&bytes).unwrap(), models);
        for end in 0..bytes.len().min(300) {
            assert!(read_models(&bytes[..end]).is_err());
        }
        // Inside the outcome, in both forms, and none at all.
        for line_models in [Some(models), None] {
            let outcome = crate::session::Outcome {
                import: Err(crate::ErrorKind::Empty.into()),
                analysis: None,
                models_follow: false,
                line_models,
            };
            let back: crate::session::Outcome = decode_message(&encode(&outcome)).unwrap();
            assert_eq!(back, outcome);
            // JSON reads a number back to the nearest double, not always the same one: the
            // form is checked instead (each line's figures by name, read back to the same text).
            let json = serde_json::to_value(&outcome).unwrap();
            let written = &json["line_models"];
            assert!(written.is_null() || written[0]["model"]["p_alive"].is_number());
            let back: crate::session::Outcome = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(serde_json::to_value(&back).unwrap(), json);
        }
    }

    #[test]
    fn lines_with_what_the_models_say_of_each_in_both_forms() {
        let lines = demo_lines();
        assert!(lines.have_models() && lines.iter().any(|l| l.winback.is_some()));
        let without = Lines::new(lines.to_vec());
        for lines in [&lines, &without] {
            let back: Lines = decode_message(&encode(lines)).unwrap();
            assert_eq!(&back, lines);
            // JSON gives each line its model's figures, in their places among its fields.
            let text = serde_json::to_string(lines).unwrap();
            let first = &text[..text.find("},{\"client\"").unwrap()];
            // The line's own fields are the last of their names (a client has a reason too).
            let at = |key: &str| first.rfind(&format!("\"{key}\":")).unwrap();
            assert!(at("winback") < at("model") && at("model") < at("reason"));
            assert!(at("reason") < at("disagrees"));
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            for (i, line) in json.as_array().unwrap().iter().enumerate() {
                // To the nearest double JSON reads back, not always the same one.
                match lines.model(i) {
                    Some(m) => assert!(
                        (line["model"]["p_alive"].as_f64().unwrap() - m.p_alive).abs() < 1e-15
                    ),
                    None => assert!(line["model"].is_null()),
                }
                assert_eq!(line["disagrees"], lines.disagrees(i));
            }
            let back: Lines = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(back.have_models(), lines.have_models());
            assert_eq!(serde_json::to_value(&back).unwrap(), json);
        }
        assert!(lines.iter().enumerate().any(|(i, _)| lines.disagrees(i)));
        // Models' figures that do not line up with the lines are an error, not dropped.
        let short = (
            models::Bytes(&write(&lines)),
            models::Bytes(&write_models(&lines.models()[1..])),
        );
        let read: Result<Lines, _> = decode_message(&encode(&short));
        assert!(read.is_err());
    }

    #[test]
    fn a_repeated_text_is_written_once_and_read_as_one() {
        let lines = demo_lines();
        let manager = lines[0]
            .client
            .manager
            .clone()
            .expect("the demo names managers");
        let naming = lines
            .iter()
            .filter(|l| l.client.manager.as_ref() == Some(&manager))
            .count();
        assert!(naming > 1);
        let bytes = write(&lines);
        let written = bytes
            .windows(manager.len())
            .filter(|w| *w == manager.as_bytes())
            .count();
        assert_eq!(written, 1, "{manager} names {naming} clients");
        let back = read(&bytes).unwrap();
        let shared: Vec<&Text> = back
            .iter()
            .filter_map(|l| l.client.manager.as_ref())
            .filter(|m| **m == manager)
            .collect();
        assert_eq!(shared.len(), naming);
        assert!(shared.iter().all(|m| Arc::ptr_eq(m, shared[0])));
    }

    #[test]
    fn lines_cut_short_or_garbled_are_an_error_never_a_panic() {
        let lines = demo_lines();
        let bytes = write(&lines[..3]);
        for end in 0..bytes.len() {
            assert!(
                read(&bytes[..end]).is_err(),
                "cut at {end} of {}",
                bytes.len()
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            read(&longer).unwrap_err(),
            "bytes are left after the last client line: 1"
        );
        // Any byte changed to any value: an error or other lines, never a panic.
        for at in 0..bytes.len() {
            for value in [0, 1, 2, 3, 4, 0x7f, 0x80, 0xff] {
                let mut garbled = bytes.clone();
                garbled[at] = value;
                let _ = read(&garbled);
            }
        }
        // A count of lines far past the bytes does not make room for them.
        assert!(read(&u32::MAX.to_le_bytes()).is_err());
    }
}
