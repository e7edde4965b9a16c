//! The win-back plan without data (seed 003, steps 1–5): the losses of a year, the reasons
//! with their groups, their weights and ABC priorities, the tools that fit the market and the
//! reason to return. The app edits a [`Plan`] through [`Edit`], ranks it with
//! [`Plan::ranked`] and keeps it in the address with [`Plan::to_pairs`] and
//! [`Plan::from_pairs`].
//!
//! ```
//! use boomerang_core::plan::{Edit, Plan, ReasonText};
//! use boomerang_core::Abc;
//!
//! let mut plan = Plan::default();
//! plan.apply(Edit::Add(ReasonText::Typed("Ушёл к конкуренту".into())));
//! plan.apply(Edit::Add(ReasonText::Typed("Несоблюдение сроков".into())));
//! plan.apply(Edit::Weight(0, 8.0));
//! plan.apply(Edit::Weight(1, 2.0));
//! let ranked = plan.ranked(None);
//! assert_eq!(ranked.lines[0].abc, Some(Abc::A));
//! assert_eq!(ranked.lines[1].abc, Some(Abc::B));
//! // The address carries the plan: `r=8__tУшёл к конкуренту&r=2__tНесоблюдение сроков`.
//! let pairs: Vec<(String, String)> =
//!     plan.to_pairs().into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
//! assert_eq!(pairs[0], ("r".to_owned(), "8__tУшёл к конкуренту".to_owned()));
//! assert_eq!(Plan::from_pairs(&pairs), plan);
//! ```

pub mod words;

use crate::abc::{classes_in_order, Abc};
use crate::format::Lang;
use crate::money::Money;
use crate::reasons::{classify, ReasonGroup, ReasonRule, SUGGESTED};

/// Reasons that bring this share of the weight first are A ("fight these first").
pub const ABC_A: f64 = 0.80;
/// …and up to this share B; the rest C.
pub const ABC_B: f64 = 0.90;
/// At most this many reasons (seed 003 never met more than 11 in one company; the workbook
/// leaves room for 26).
pub const MAX_REASONS: usize = 30;
/// A reason's text is cut to this many characters.
pub const MAX_REASON_CHARS: usize = 200;
/// A reason to return is cut to this many characters.
pub const MAX_R2R_CHARS: usize = 1000;
/// The largest weight taken (clients or money in major units).
pub const MAX_WEIGHT: f64 = 1e12;

/// Where the losses of a year come from (step 1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The quick calculator's numbers.
    #[default]
    Quick,
    /// The loaded data's analysis: the losses of its period.
    Data,
}

/// What the reasons' weights count (step 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    /// Clients lost for the reason.
    #[default]
    Clients,
    /// Money lost for the reason, a year.
    Money,
}

/// The market, which decides the tools (step 4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Market {
    /// Business to business: few clients, personal tools.
    #[default]
    B2b,
    /// Business to consumer: many clients, mass tools.
    B2c,
}

/// A tool of return (seed 003, step 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    /// Calls (phone, Skype, video), by the company itself, not a call centre.
    Calls,
    /// Direct mail: a personal letter, or a letter with a gift.
    Letters,
    /// A personal meeting: the most effective tool.
    Meetings,
    /// An event for lost clients ("an evening of broken hearts").
    Events,
    /// Mass channels: media, blogs, forums, social networks.
    Mass,
    /// SMS.
    Sms,
    /// E-mail.
    Email,
}

impl Tool {
    /// Every tool, b2b first.
    pub const ALL: [Tool; 7] = [
        Tool::Calls,
        Tool::Letters,
        Tool::Meetings,
        Tool::Events,
        Tool::Mass,
        Tool::Sms,
        Tool::Email,
    ];

    /// The key in the address.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Calls => "calls",
            Tool::Letters => "letters",
            Tool::Meetings => "meetings",
            Tool::Events => "events",
            Tool::Mass => "mass",
            Tool::Sms => "sms",
            Tool::Email => "email",
        }
    }

    /// The tool from its key.
    pub fn from_key(key: &str) -> Option<Tool> {
        Tool::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The market it serves.
    pub fn market(self) -> Market {
        match self {
            Tool::Calls | Tool::Letters | Tool::Meetings | Tool::Events => Market::B2b,
            Tool::Mass | Tool::Sms | Tool::Email => Market::B2c,
        }
    }
}

impl Market {
    /// The tools that fit the market, in the seed's order.
    pub fn tools(self) -> impl Iterator<Item = Tool> {
        Tool::ALL.into_iter().filter(move |t| t.market() == self)
    }
}

/// A reason's text: one of [`SUGGESTED`] (shown in the reader's language) or the user's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReasonText {
    /// The index of a suggested reason.
    Suggested(usize),
    /// Typed in.
    Typed(String),
}

impl ReasonText {
    /// The text in a language (a typed one as typed).
    pub fn text(&self, lang: Lang) -> &str {
        match self {
            ReasonText::Suggested(i) => match (SUGGESTED.get(*i), lang) {
                (Some((ru, _)), Lang::Ru) => ru,
                (Some((_, en)), Lang::En) => en,
                (None, _) => "",
            },
            ReasonText::Typed(t) => t,
        }
    }

    /// How the reason reads by default ([`classify`]; a suggested one by its Russian text).
    pub fn rule(&self) -> ReasonRule {
        classify(self.text(Lang::Ru))
    }

    fn same_as(&self, other: &ReasonText) -> bool {
        match (self, other) {
            (ReasonText::Suggested(a), ReasonText::Suggested(b)) => a == b,
            (a, b) => {
                let key = |r: &ReasonText| crate::reasons::lower(r.text(Lang::Ru).trim());
                let (x, y) = (key(a), key(b));
                x == y || {
                    let en = |r: &ReasonText| crate::reasons::lower(r.text(Lang::En).trim());
                    en(a) == en(b)
                }
            }
        }
    }
}

/// One reason of the plan, as the user set it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanReason {
    /// Its text.
    pub text: ReasonText,
    /// The group the user put it in; `None`: by its keywords.
    pub group: Option<ReasonGroup>,
    /// Whether the user says it can be won back; `None`: by its keywords.
    pub winnable: Option<bool>,
    /// Its weight in the plan's [`Unit`]: clients or money a year (not negative).
    pub weight: f64,
    /// The reason to return for the clients who left for it (step 5).
    pub r2r: String,
}

impl PlanReason {
    /// A reason with no weight and the default reading.
    pub fn new(text: ReasonText) -> PlanReason {
        PlanReason {
            text,
            group: None,
            winnable: None,
            weight: 0.0,
            r2r: String::new(),
        }
    }

    /// How it reads with the user's choices: a changed contact stays urgent only while it can
    /// be won back (as [`crate::reasons::rule_for`] reads the data's reasons).
    pub fn rule(&self) -> ReasonRule {
        let default = self.text.rule();
        let winnable = self.winnable.unwrap_or(default.winnable);
        ReasonRule {
            group: self.group.unwrap_or(default.group),
            winnable,
            urgent: default.urgent && winnable,
        }
    }
}

/// The whole plan: everything the user typed or picked, and nothing derived.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// Where the losses of a year come from.
    pub source: Source,
    /// What the weights count.
    pub unit: Unit,
    /// The reasons, in the order the user added them.
    pub reasons: Vec<PlanReason>,
    /// The market.
    pub market: Market,
    /// The tools ticked (those of the other market are kept but not part of the plan).
    pub tools: Vec<Tool>,
    /// One reason to return for the whole plan.
    pub r2r: String,
}

/// A change the user makes.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Where the losses come from.
    Source(Source),
    /// What the weights count.
    Unit(Unit),
    /// Add a reason (ignored when blank, already there, or past [`MAX_REASONS`]).
    Add(ReasonText),
    /// Remove the reason at an index.
    Remove(usize),
    /// Put a reason in a group (`None`: back to its keywords).
    Group(usize, Option<ReasonGroup>),
    /// Mark whether a reason can be won back.
    Winnable(usize, bool),
    /// A reason's weight (negative or not finite: 0).
    Weight(usize, f64),
    /// A reason's reason to return.
    ReasonR2r(usize, String),
    /// The market.
    Market(Market),
    /// Tick or untick a tool.
    Tool(Tool, bool),
    /// The plan's reason to return.
    R2r(String),
}

/// Sorts a few items (a plan's reasons, at most [`MAX_REASONS`]) so that `before` ones come
/// first, keeping the order of equals: an insertion sort, without the general sort's code in
/// the blog embed's module.
fn sort_few<T>(items: &mut [T], before: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && before(&items[j], &items[j - 1]) {
            items.swap(j, j - 1);
            j -= 1;
        }
    }
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn weight(v: f64) -> f64 {
    if v.is_finite() {
        v.clamp(0.0, MAX_WEIGHT)
    } else {
        0.0
    }
}

impl Plan {
    /// Applies a change; changes that make no sense (an index past the end, a duplicate) are
    /// ignored.
    pub fn apply(&mut self, edit: Edit) {
        match edit {
            Edit::Source(s) => self.source = s,
            Edit::Unit(u) => self.unit = u,
            Edit::Add(text) => {
                let text = match text {
                    ReasonText::Typed(t) => {
                        let t = cut(t.trim(), MAX_REASON_CHARS);
                        if t.trim().is_empty() {
                            return;
                        }
                        ReasonText::Typed(t.trim().to_owned())
                    }
                    ReasonText::Suggested(i) if i >= SUGGESTED.len() => return,
                    s => s,
                };
                if self.reasons.len() < MAX_REASONS
                    && !self.reasons.iter().any(|r| r.text.same_as(&text))
                {
                    self.reasons.push(PlanReason::new(text));
                }
            }
            Edit::Remove(i) => {
                if i < self.reasons.len() {
                    self.reasons.remove(i);
                }
            }
            Edit::Group(i, g) => {
                if let Some(r) = self.reasons.get_mut(i) {
                    r.group = g.filter(|&g| g != r.text.rule().group);
                }
            }
            Edit::Winnable(i, w) => {
                if let Some(r) = self.reasons.get_mut(i) {
                    r.winnable = (w != r.text.rule().winnable).then_some(w);
                }
            }
            Edit::Weight(i, w) => {
                if let Some(r) = self.reasons.get_mut(i) {
                    r.weight = weight(w);
                }
            }
            Edit::ReasonR2r(i, t) => {
                if let Some(r) = self.reasons.get_mut(i) {
                    r.r2r = cut(&t, MAX_R2R_CHARS);
                }
            }
            Edit::Market(m) => self.market = m,
            Edit::Tool(t, on) => {
                // In the order of [`Tool::ALL`].
                let was = std::mem::take(&mut self.tools);
                self.tools = Tool::ALL
                    .into_iter()
                    .filter(|&x| if x == t { on } else { was.contains(&x) })
                    .collect();
            }
            Edit::R2r(t) => self.r2r = cut(&t, MAX_R2R_CHARS),
        }
    }

    /// The tools ticked that fit the market, in the seed's order.
    pub fn chosen_tools(&self) -> Vec<Tool> {
        self.market
            .tools()
            .filter(|t| self.tools.contains(t))
            .collect()
    }

    /// Whether a suggested reason is already in the plan.
    pub fn has_suggested(&self, i: usize) -> bool {
        self.reasons
            .iter()
            .any(|r| r.text.same_as(&ReasonText::Suggested(i)))
    }

    /// The reasons ranked (step 3): those that can be won back by weight, heaviest first, with
    /// their ABC class ([`ABC_A`], [`ABC_B`]); then those that cannot, with none. `losses`
    /// (step 1) turns each weight into clients and money.
    pub fn ranked(&self, losses: Option<Losses>) -> Ranked {
        let rules: Vec<ReasonRule> = self.reasons.iter().map(PlanReason::rule).collect();
        let total: f64 = self.reasons.iter().map(|r| r.weight).sum();
        let fight: Vec<usize> = (0..self.reasons.len())
            .filter(|&i| rules[i].winnable)
            .collect();
        let values: Vec<Money> = fight
            .iter()
            .map(|&i| Money::from_major(self.reasons[i].weight))
            .collect();
        let mut order: Vec<usize> = (0..values.len()).collect();
        sort_few(&mut order, |&i, &j| values[i] > values[j]);
        let classes = classes_in_order(&values, &order, ABC_A, ABC_B);
        let per_client = losses.and_then(|l| {
            (l.clients > 0.0 && l.clients.is_finite()).then(|| l.revenue.major() / l.clients)
        });
        let mut lines: Vec<Line> = (0..self.reasons.len())
            .map(|i| {
                let w = self.reasons[i].weight;
                let abc = classes.as_ref().and_then(|c| {
                    fight
                        .iter()
                        .position(|&j| j == i)
                        .map(|k| c[k])
                        // A reason that weighs nothing is not worth a fight.
                        .filter(|_| w > 0.0)
                });
                let (clients, revenue) = match (self.unit, per_client) {
                    (Unit::Clients, p) => (Some(w), p.map(|p| Money::from_major(w * p))),
                    (Unit::Money, Some(p)) if p > 0.0 => (Some(w / p), Some(Money::from_major(w))),
                    (Unit::Money, _) => (None, Some(Money::from_major(w))),
                };
                Line {
                    index: i,
                    group: rules[i].group,
                    winnable: rules[i].winnable,
                    urgent: rules[i].urgent,
                    weight: w,
                    share: if total > 0.0 { w / total } else { 0.0 },
                    abc,
                    clients,
                    revenue,
                }
            })
            .collect();
        sort_few(&mut lines, |a, b| {
            b.winnable
                .cmp(&a.winnable)
                .then(a.abc.is_none().cmp(&b.abc.is_none()))
                .then(b.weight.total_cmp(&a.weight))
                .is_lt()
        });
        let groups = ReasonGroup::ALL
            .iter()
            .map(|&g| {
                let inside = lines.iter().filter(|l| l.group == g);
                GroupWeight {
                    group: g,
                    reasons: inside.clone().count(),
                    weight: inside.map(|l| l.weight).sum(),
                }
            })
            .collect();
        let coverage = losses.and_then(|l| {
            let of = match self.unit {
                Unit::Clients => l.clients,
                Unit::Money => l.revenue.major(),
            };
            (of > 0.0 && of.is_finite()).then(|| total / of)
        });
        Ranked {
            lines,
            total_weight: total,
            coverage,
            groups,
        }
    }
}

/// The losses of a year (step 1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Losses {
    /// Clients lost a year.
    pub clients: f64,
    /// Their money a year.
    pub revenue: Money,
}

/// One reason, ranked.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Its index in [`Plan::reasons`].
    pub index: usize,
    /// Its group.
    pub group: ReasonGroup,
    /// Whether it can be won back.
    pub winnable: bool,
    /// Whether to call at once (the contact changed).
    pub urgent: bool,
    /// Its weight.
    pub weight: f64,
    /// Its share of all the weights (0 when they add up to nothing).
    pub share: f64,
    /// Its priority; `None` for reasons that cannot be won back or weigh nothing.
    pub abc: Option<Abc>,
    /// Clients lost for it (the weight, or money ÷ the money of one lost client).
    pub clients: Option<f64>,
    /// Money lost for it a year (the weight, or clients × the money of one lost client).
    pub revenue: Option<Money>,
}

/// The weights of one group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupWeight {
    /// The group.
    pub group: ReasonGroup,
    /// Its reasons.
    pub reasons: usize,
    /// Their weight.
    pub weight: f64,
}

/// The plan's reasons ranked.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    /// A first, heaviest first; the reasons that cannot be won back last.
    pub lines: Vec<Line>,
    /// The weights added up.
    pub total_weight: f64,
    /// The weights as a share of the losses of a year, in the same unit (when known).
    pub coverage: Option<f64>,
    /// Per group, in the order of [`ReasonGroup::ALL`].
    pub groups: Vec<GroupWeight>,
}

impl Ranked {
    /// The lines of a class.
    pub fn of_class(&self, class: Abc) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(move |l| l.abc == Some(class))
    }
}

fn group_code(g: ReasonGroup) -> char {
    match g {
        ReasonGroup::Competitors => 'c',
        ReasonGroup::Company => 'o',
        ReasonGroup::Outside => 'e',
        ReasonGroup::Unsorted => 'u',
    }
}

/// A number as short as it reads: `12`, `12.5`.
fn num(v: f64) -> String {
    crate::format::plain(v, 2)
}

impl Plan {
    /// The plan as query pairs (not yet percent-encoded), only what differs from the default:
    /// `src=d`, `w=m`, `mk=b2c`, `t=calls.letters`, `r2r=…`, and per reason in order
    /// `r=<weight>_<flags>_<text>` (flags: a group letter `c`, `o`, `e`, `u` and `y`/`n` for
    /// won back or not, each only when the user changed it; text: `s<n>` for a suggested
    /// reason, `t<text>` for a typed one), followed by `rr=<text>` for its reason to return.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.source == Source::Data {
            out.push(("src", "d".to_owned()));
        }
        if self.unit == Unit::Money {
            out.push(("w", "m".to_owned()));
        }
        if self.market == Market::B2c {
            out.push(("mk", "b2c".to_owned()));
        }
        if !self.tools.is_empty() {
            let keys: Vec<&str> = self.tools.iter().map(|t| t.key()).collect();
            out.push(("t", keys.join(".")));
        }
        for r in &self.reasons {
            let mut flags = String::new();
            if let Some(g) = r.group {
                flags.push(group_code(g));
            }
            if let Some(w) = r.winnable {
                flags.push(if w { 'y' } else { 'n' });
            }
            let text = match &r.text {
                ReasonText::Suggested(i) => format!("s{i}"),
                ReasonText::Typed(t) => format!("t{t}"),
            };
            out.push(("r", format!("{}_{flags}_{text}", num(r.weight))));
            if !r.r2r.is_empty() {
                out.push(("rr", r.r2r.clone()));
            }
        }
        if !self.r2r.is_empty() {
            out.push(("r2r", self.r2r.clone()));
        }
        out
    }

    /// The plan from query pairs (percent-decoded). Whatever cannot be read falls back to the
    /// default: an unknown tool is skipped, an unreadable weight is 0, a reason with no text
    /// is dropped; nothing panics.
    pub fn from_pairs(pairs: &[(String, String)]) -> Plan {
        let mut plan = Plan::default();
        // The reason an `rr` pair belongs to: the one just read, if it was kept.
        let mut last: Option<usize> = None;
        for (k, v) in pairs {
            match k.as_str() {
                "src" => {
                    plan.source = if v == "d" {
                        Source::Data
                    } else {
                        Source::Quick
                    }
                }
                "w" => plan.unit = if v == "m" { Unit::Money } else { Unit::Clients },
                "mk" => plan.market = if v == "b2c" { Market::B2c } else { Market::B2b },
                "t" => {
                    for t in v.split('.').filter_map(Tool::from_key) {
                        plan.apply(Edit::Tool(t, true));
                    }
                }
                "r" => {
                    let mut parts = v.splitn(3, '_');
                    let (w, flags, text) = match (parts.next(), parts.next(), parts.next()) {
                        (Some(w), Some(f), Some(t)) => (w, f, t),
                        // Only a text: a reason typed into the address by hand.
                        _ => ("0", "", v.as_str()),
                    };
                    let text = match text.strip_prefix('s').map(str::parse::<usize>) {
                        Some(Ok(i)) => ReasonText::Suggested(i),
                        _ => ReasonText::Typed(text.strip_prefix('t').unwrap_or(text).to_owned()),
                    };
                    let i = plan.reasons.len();
                    plan.apply(Edit::Add(text));
                    // Dropped (blank, a duplicate, too many): its `rr` must not land on the
                    // reason before it.
                    last = (plan.reasons.len() > i).then_some(i);
                    if last.is_none() {
                        continue;
                    }
                    let w = w.replace(',', ".").parse::<f64>().unwrap_or(0.0);
                    plan.apply(Edit::Weight(i, w));
                    for f in flags.chars() {
                        match f {
                            'c' => plan.apply(Edit::Group(i, Some(ReasonGroup::Competitors))),
                            'o' => plan.apply(Edit::Group(i, Some(ReasonGroup::Company))),
                            'e' => plan.apply(Edit::Group(i, Some(ReasonGroup::Outside))),
                            'u' => plan.apply(Edit::Group(i, Some(ReasonGroup::Unsorted))),
                            'y' => plan.apply(Edit::Winnable(i, true)),
                            'n' => plan.apply(Edit::Winnable(i, false)),
                            _ => {}
                        }
                    }
                }
                "rr" => {
                    if let Some(i) = last {
                        plan.apply(Edit::ReasonR2r(i, v.clone()));
                    }
                }
                "r2r" => plan.apply(Edit::R2r(v.clone())),
                _ => {}
            }
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(t: &str) -> ReasonText {
        ReasonText::Typed(t.into())
    }

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn owned(p: Vec<(&'static str, String)>) -> Vec<(String, String)> {
        p.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// The furniture supplier of seed 003, step 4: 42 A clients lost in the crisis, for
    /// broken supplies, managers' mistakes, short deliveries, no stock and competitors'
    /// dumping; plus a contact who changed and a client who closed down.
    fn seed_plan() -> Plan {
        let mut plan = Plan::default();
        for (text, w) in [
            ("Перебои с поставками", 14.0),
            (
                "Косяки менеджеров по продаже с документами и условиями",
                9.0,
            ),
            ("Некомплектность поставок", 6.0),
            ("Отсутствие товара на складе", 3.0),
            ("Демпинг конкурентов", 8.0),
            ("Сменился закупщик", 2.0),
            ("Закрыл бизнес", 5.0),
        ] {
            plan.apply(Edit::Add(typed(text)));
            let i = plan.reasons.len() - 1;
            plan.apply(Edit::Weight(i, w));
        }
        plan
    }

    #[test]
    fn the_seeds_reasons_rank_a_first_and_fall_in_their_groups() {
        let plan = seed_plan();
        let ranked = plan.ranked(None);
        let order: Vec<(usize, Option<Abc>, ReasonGroup)> = ranked
            .lines
            .iter()
            .map(|l| (l.index, l.abc, l.group))
            .collect();
        // Winnable weights 14, 9, 8, 6, 3, 2 of 42: before each 0, 14, 23, 31, 37, 40 of 42
        // → A A A A (31/42 = 73.8%) B (37/42 = 88.1%) C (40/42 = 95.2%); closing down last.
        assert_eq!(
            order,
            vec![
                (0, Some(Abc::A), ReasonGroup::Company),
                (1, Some(Abc::A), ReasonGroup::Company),
                (4, Some(Abc::A), ReasonGroup::Competitors),
                (2, Some(Abc::A), ReasonGroup::Company),
                (3, Some(Abc::B), ReasonGroup::Company),
                (5, Some(Abc::C), ReasonGroup::Outside),
                (6, None, ReasonGroup::Outside),
            ]
        );
        let urgent: Vec<usize> = ranked
            .lines
            .iter()
            .filter(|l| l.urgent)
            .map(|l| l.index)
            .collect();
        assert_eq!(urgent, vec![5]);
        let closed = ranked.lines.last().unwrap();
        assert!(!closed.winnable);
        assert_eq!(ranked.total_weight, 47.0);
        assert!((closed.share - 5.0 / 47.0).abs() < 1e-12);
        assert_eq!(ranked.of_class(Abc::A).count(), 4);
        let groups: Vec<(ReasonGroup, usize, f64)> = ranked
            .groups
            .iter()
            .map(|g| (g.group, g.reasons, g.weight))
            .collect();
        assert_eq!(
            groups,
            vec![
                (ReasonGroup::Competitors, 1, 8.0),
                (ReasonGroup::Company, 4, 32.0),
                (ReasonGroup::Outside, 2, 7.0),
                (ReasonGroup::Unsorted, 0, 0.0),
            ]
        );
        // Moved by hand to the competitors: the groups follow.
        let mut plan = plan;
        plan.apply(Edit::Group(2, Some(ReasonGroup::Competitors)));
        let ranked = plan.ranked(None);
        assert_eq!(ranked.groups[0].weight, 14.0);
        assert_eq!(ranked.groups[1].reasons, 3);
    }

    #[test]
    fn the_users_group_and_winnable_decide() {
        let mut plan = seed_plan();
        // Closing down is the user's call to fight after all; the dumping is their own price.
        plan.apply(Edit::Winnable(6, true));
        plan.apply(Edit::Group(4, Some(ReasonGroup::Company)));
        let ranked = plan.ranked(None);
        let closed = ranked.lines.iter().find(|l| l.index == 6).unwrap();
        assert!(closed.winnable);
        assert!(closed.abc.is_some());
        assert_eq!(
            ranked.lines.iter().find(|l| l.index == 4).unwrap().group,
            ReasonGroup::Company
        );
        // A changed contact that cannot be won back is not urgent.
        plan.apply(Edit::Winnable(5, false));
        assert!(!plan.reasons[5].rule().urgent);
        // Back to the keywords' reading: nothing is kept as the user's own.
        plan.apply(Edit::Group(4, Some(ReasonGroup::Competitors)));
        plan.apply(Edit::Winnable(6, false));
        assert_eq!(plan.reasons[4].group, None);
        assert_eq!(plan.reasons[6].winnable, None);
    }

    #[test]
    fn no_weights_no_ranks() {
        let mut plan = Plan::default();
        plan.apply(Edit::Add(ReasonText::Suggested(0)));
        plan.apply(Edit::Add(ReasonText::Suggested(3)));
        let ranked = plan.ranked(None);
        assert!(ranked
            .lines
            .iter()
            .all(|l| l.abc.is_none() && l.share == 0.0));
        // A reason that weighs nothing is not fought, whatever the others weigh.
        plan.apply(Edit::Weight(1, 5.0));
        let ranked = plan.ranked(None);
        assert_eq!(ranked.lines[0].index, 1);
        assert_eq!(ranked.lines[0].abc, Some(Abc::A));
        assert_eq!(ranked.lines[1].abc, None);
    }

    #[test]
    fn losses_turn_weights_into_clients_and_money() {
        // Seed 000: 10 clients lost a year, 3,500,000 of revenue: 350,000 each.
        let losses = Losses {
            clients: 10.0,
            revenue: Money::from_major(3_500_000.0),
        };
        let mut plan = Plan::default();
        plan.apply(Edit::Add(ReasonText::Suggested(0)));
        plan.apply(Edit::Weight(0, 4.0));
        let ranked = plan.ranked(Some(losses));
        assert_eq!(ranked.lines[0].clients, Some(4.0));
        assert_eq!(
            ranked.lines[0].revenue,
            Some(Money::from_major(1_400_000.0))
        );
        assert_eq!(ranked.coverage, Some(0.4));
        plan.apply(Edit::Unit(Unit::Money));
        plan.apply(Edit::Weight(0, 700_000.0));
        let ranked = plan.ranked(Some(losses));
        assert_eq!(ranked.lines[0].clients, Some(2.0));
        assert_eq!(ranked.lines[0].revenue, Some(Money::from_major(700_000.0)));
        assert_eq!(ranked.coverage, Some(0.2));
        // No losses known, or none lost: money stays, clients are unknown.
        let none = Losses {
            clients: 0.0,
            revenue: Money::ZERO,
        };
        for l in [None, Some(none)] {
            let ranked = plan.ranked(l);
            assert_eq!(ranked.lines[0].clients, None);
            assert_eq!(ranked.coverage, None);
        }
    }

    #[test]
    fn edits_that_make_no_sense_are_ignored() {
        let mut plan = Plan::default();
        plan.apply(Edit::Add(typed("  ")));
        plan.apply(Edit::Add(ReasonText::Suggested(SUGGESTED.len())));
        assert!(plan.reasons.is_empty());
        plan.apply(Edit::Add(typed(" Переехал ")));
        assert_eq!(plan.reasons[0].text, typed("Переехал"));
        // The same reason again, typed or suggested.
        plan.apply(Edit::Add(typed("переехал")));
        plan.apply(Edit::Add(ReasonText::Suggested(11)));
        assert_eq!(plan.reasons.len(), 1);
        assert!(plan.has_suggested(11));
        plan.apply(Edit::Weight(0, -3.0));
        assert_eq!(plan.reasons[0].weight, 0.0);
        plan.apply(Edit::Weight(0, f64::NAN));
        assert_eq!(plan.reasons[0].weight, 0.0);
        plan.apply(Edit::Weight(0, f64::INFINITY));
        assert_eq!(plan.reasons[0].weight, 0.0);
        plan.apply(Edit::Weight(7, 3.0));
        plan.apply(Edit::Group(7, Some(ReasonGroup::Company)));
        plan.apply(Edit::Remove(7));
        assert_eq!(plan.reasons.len(), 1);
        plan.apply(Edit::Add(typed(&"я".repeat(500))));
        assert_eq!(
            plan.reasons[1].text.text(Lang::Ru).chars().count(),
            MAX_REASON_CHARS
        );
        for i in 0..100 {
            plan.apply(Edit::Add(typed(&format!("причина {i}"))));
        }
        assert_eq!(plan.reasons.len(), MAX_REASONS);
        plan.apply(Edit::Remove(0));
        assert_eq!(plan.reasons.len(), MAX_REASONS - 1);
        assert!(!plan.has_suggested(11));
    }

    #[test]
    fn the_tools_fit_the_market() {
        let mut plan = Plan::default();
        assert_eq!(
            Market::B2b.tools().collect::<Vec<_>>(),
            vec![Tool::Calls, Tool::Letters, Tool::Meetings, Tool::Events]
        );
        assert_eq!(
            Market::B2c.tools().collect::<Vec<_>>(),
            vec![Tool::Mass, Tool::Sms, Tool::Email]
        );
        plan.apply(Edit::Tool(Tool::Meetings, true));
        plan.apply(Edit::Tool(Tool::Calls, true));
        plan.apply(Edit::Tool(Tool::Calls, true));
        plan.apply(Edit::Tool(Tool::Sms, true));
        assert_eq!(plan.tools, vec![Tool::Calls, Tool::Meetings, Tool::Sms]);
        assert_eq!(plan.chosen_tools(), vec![Tool::Calls, Tool::Meetings]);
        plan.apply(Edit::Market(Market::B2c));
        assert_eq!(plan.chosen_tools(), vec![Tool::Sms]);
        plan.apply(Edit::Tool(Tool::Sms, false));
        assert!(plan.chosen_tools().is_empty());
        for t in Tool::ALL {
            assert_eq!(Tool::from_key(t.key()), Some(t));
        }
    }

    #[test]
    fn the_default_plan_is_an_empty_query() {
        assert!(Plan::default().to_pairs().is_empty());
        assert_eq!(Plan::from_pairs(&[]), Plan::default());
    }

    #[test]
    fn a_plan_reads_back_from_its_query() {
        let mut plan = seed_plan();
        plan.apply(Edit::Add(ReasonText::Suggested(2)));
        plan.apply(Edit::Add(typed("Цена_выше & дороже = 100% ?")));
        plan.apply(Edit::Weight(8, 2.5));
        plan.apply(Edit::Group(8, Some(ReasonGroup::Unsorted)));
        plan.apply(Edit::Winnable(6, true));
        plan.apply(Edit::Group(6, Some(ReasonGroup::Company)));
        plan.apply(Edit::ReasonR2r(0, "Гарантия: больше не повторится".into()));
        plan.apply(Edit::ReasonR2r(8, "rr_with_underscores".into()));
        plan.apply(Edit::Source(Source::Data));
        plan.apply(Edit::Unit(Unit::Money));
        plan.apply(Edit::Market(Market::B2c));
        plan.apply(Edit::Tool(Tool::Email, true));
        plan.apply(Edit::Tool(Tool::Calls, true));
        plan.apply(Edit::R2r("Спецпредложение".into()));
        let query = plan.to_pairs();
        assert_eq!(query[0], ("src", "d".to_owned()));
        assert_eq!(query[1], ("w", "m".to_owned()));
        assert_eq!(query[2], ("mk", "b2c".to_owned()));
        assert_eq!(query[3], ("t", "calls.email".to_owned()));
        assert_eq!(query[4], ("r", "14__tПеребои с поставками".to_owned()));
        assert_eq!(
            query[5],
            ("rr", "Гарантия: больше не повторится".to_owned())
        );
        assert!(query.contains(&("r", "5_oy_tЗакрыл бизнес".to_owned())));
        assert!(query.contains(&("r", "0__s2".to_owned())));
        assert!(query.contains(&("r", "2.5_u_tЦена_выше & дороже = 100% ?".to_owned())));
        assert_eq!(Plan::from_pairs(&owned(query)), plan);
    }

    #[test]
    fn a_bad_query_falls_back_to_defaults() {
        let plan = Plan::from_pairs(&pairs(&[
            ("src", "zzz"),
            ("w", ""),
            ("mk", "b2x"),
            ("t", "calls..fax.calls.SMS"),
            ("rr", "no reason before me"),
            ("r", "abc_zz!q_tDumping"),
            ("r", "-5_c_s999"),
            ("r", "1e400__tInfinity"),
            ("r", "NaN__tNot a number"),
            ("r", "7__t"),
            ("rr", "lands nowhere: its reason was dropped"),
            ("r", "3__s1"),
            ("r", "4__s1"),
            ("rr", "lands nowhere: a duplicate"),
            ("r", "Только текст"),
            ("r", "2_"),
            ("r", "__"),
            ("r", ""),
            ("r2r", &"x".repeat(5000)),
        ]));
        assert_eq!(plan.source, Source::Quick);
        assert_eq!(plan.unit, Unit::Clients);
        assert_eq!(plan.market, Market::B2b);
        assert_eq!(plan.tools, vec![Tool::Calls]);
        let texts: Vec<(String, f64)> = plan
            .reasons
            .iter()
            .map(|r| (r.text.text(Lang::En).to_owned(), r.weight))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Dumping".to_owned(), 0.0),
                ("Infinity".to_owned(), 0.0),
                ("Not a number".to_owned(), 0.0),
                (SUGGESTED[1].1.to_owned(), 3.0),
                ("Только текст".to_owned(), 0.0),
                ("2_".to_owned(), 0.0),
            ]
        );
        assert!(plan.reasons.iter().all(|r| r.r2r.is_empty()));
        assert_eq!(plan.r2r.chars().count(), MAX_R2R_CHARS);
        // A suggested index out of range is text, so it is kept as typed.
        let odd = Plan::from_pairs(&pairs(&[("r", "1__s123456789012345678901234")]));
        assert_eq!(odd.reasons[0].text, typed("s123456789012345678901234"));
    }

    #[test]
    fn a_suggested_reason_reads_in_the_readers_language() {
        let r = ReasonText::Suggested(0);
        assert_eq!(r.text(Lang::Ru), SUGGESTED[0].0);
        assert_eq!(r.text(Lang::En), SUGGESTED[0].1);
        assert_eq!(r.rule().group, ReasonGroup::Competitors);
    }
}
