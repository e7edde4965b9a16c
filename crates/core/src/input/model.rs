//! The data model: column roles, purchases, purchase occasions and client-table rows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;
pub use crate::role::Role;

/// Which form the data is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// One row per purchase.
    Transactions,
    /// One row per client with first and last purchase, count and revenue.
    ClientTable,
}

impl DataKind {
    /// The roles this kind cannot do without.
    pub fn required(self) -> &'static [Role] {
        match self {
            DataKind::Transactions => &[Role::ClientId, Role::Date, Role::Amount],
            DataKind::ClientTable => &[
                Role::ClientId,
                Role::LastDate,
                Role::Purchases,
                Role::Amount,
            ],
        }
    }
}

/// Strings stored once and referred to by index (client ids, managers, reasons, products).
///
/// Looked up on every row of a log, so the index is an open-addressing table whose slots hold
/// a string of up to 15 bytes itself (most ids are that short), and a hash and the index: a
/// lookup reads one slot, not a slot, a `String` and its bytes. The last string found is
/// tried first (logs sorted by client repeat it).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Interner {
    names: Vec<String>,
    #[serde(skip)]
    slots: Vec<Slot>,
    #[serde(skip)]
    last: Option<(u32, Key)>,
}

/// One slot of an [`Interner`]'s table: the string's [`Key`], its hash's low half, and its
/// index + 1 (0: empty).
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: Key,
    hash: u32,
    id: u32,
}

/// A string of up to 15 bytes, zero-padded, with its length in the last byte; a longer one's
/// first 15 bytes and 255, to be compared whole with the stored string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Key([u8; 16]);

impl Key {
    fn of(s: &str) -> Key {
        let b = s.as_bytes();
        let mut key = [0u8; 16];
        let n = b.len().min(15);
        key[..n].copy_from_slice(&b[..n]);
        key[15] = if b.len() <= 15 { b.len() as u8 } else { 255 };
        Key(key)
    }

    fn is_whole(self) -> bool {
        self.0[15] != 255
    }
}

impl PartialEq for Interner {
    /// The same strings at the same indexes (the table is how they are found, not what).
    fn eq(&self, other: &Interner) -> bool {
        self.names == other.names
    }
}

/// A string's hash, its bits mixed (Fx alone leaves like strings' high bits alike, and the
/// table uses both halves).
fn hash_of(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    // splitmix64's finaliser.
    let mut z = h.finish();
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Interner {
    /// The index of `s`, adding it when new.
    pub fn intern(&mut self, s: &str) -> u32 {
        self.intern_with(s, hash_of)
    }

    /// [`Interner::intern`], with `s`'s hash ([`hash_of`]) worked out by `hash` when needed.
    fn intern_with(&mut self, s: &str, hash: impl FnOnce(&str) -> u64) -> u32 {
        let key = Key::of(s);
        if let Some((last, last_key)) = self.last {
            if last_key == key && (key.is_whole() || self.names[last as usize] == s) {
                return last;
            }
        }
        // Past 7/8 full (or unbuilt, after deserialising), the table doubles.
        if (self.names.len() + 1) * 8 > self.slots.len() * 7 {
            self.rebuild((self.names.len() + 1) * 2);
        }
        let hash = hash(s);
        let i = match self.find(s, key, hash) {
            Ok(i) => i,
            Err(slot) => {
                let i = self.names.len() as u32;
                self.names.push(s.to_owned());
                self.slots[slot] = Slot {
                    key,
                    hash: hash as u32,
                    id: i + 1,
                };
                i
            }
        };
        self.last = Some((i, key));
        i
    }

    /// Reads the slot each of these hashes ([`hash_of`]) starts at: loads that do not wait
    /// for one another, so that the strings interned next find their first slots cached (the
    /// slots probed after it, and a long string's stored bytes, are read as before).
    fn touch(&self, hashes: impl Iterator<Item = u64>) {
        let Some(mask) = self.slots.len().checked_sub(1) else {
            return;
        };
        let seen = hashes.fold(0, |seen, hash| {
            seen ^ self.slots[(hash >> 32) as usize & mask].id
        });
        std::hint::black_box(seen);
    }

    /// The index of `s` (`Ok`), or the empty slot where it would go (`Err`).
    fn find(&self, s: &str, key: Key, hash: u64) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut at = (hash >> 32) as usize & mask;
        loop {
            let slot = self.slots[at];
            if slot.id == 0 {
                return Err(at);
            }
            if slot.key == key
                && slot.hash == hash as u32
                && (key.is_whole() || self.names[slot.id as usize - 1] == s)
            {
                return Ok(slot.id - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// A table of at least `room` slots (a power of two) holding every name.
    fn rebuild(&mut self, room: usize) {
        self.slots = vec![Slot::default(); room.next_power_of_two().max(16)];
        for i in 0..self.names.len() {
            let name = &self.names[i];
            let (key, hash) = (Key::of(name), hash_of(name));
            // The names are distinct: each finds the empty slot where it goes.
            if let Err(at) = self.find(name, key, hash) {
                self.slots[at] = Slot {
                    key,
                    hash: hash as u32,
                    id: i as u32 + 1,
                };
            }
        }
    }

    /// The index of `s`, if interned.
    pub fn position(&self, s: &str) -> Option<u32> {
        if self.slots.is_empty() {
            // Not built (deserialised): look through.
            return self.names.iter().position(|n| n == s).map(|i| i as u32);
        }
        self.find(s, Key::of(s), hash_of(s)).ok()
    }

    /// The string at `i`.
    pub fn get(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    /// How many strings.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// No strings.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// All strings, by index.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// A log's client ids waiting to be interned, a few dozen rows at a time. Each id's slot in
/// the table is read for all of them first, loads that do not wait for one another, then each
/// is interned: where the table has outgrown the caches (5M rows, 285K clients: 12.6 MB), a
/// batch waits for memory about once rather than once a row.
#[derive(Debug, Default)]
pub(crate) struct PendingClients {
    /// The ids, one after another.
    ids: String,
    waiting: Vec<Waiting>,
}

/// One purchase's client id in [`PendingClients`].
#[derive(Debug)]
struct Waiting {
    /// Where its id ends in `ids`.
    end: usize,
    hash: u64,
    /// The purchase's index, whose `client` is set once its id is interned.
    purchase: u32,
    /// The client's name on the purchase's row.
    name: Option<String>,
}

impl PendingClients {
    /// Ids interned together.
    const BATCH: usize = 32;

    /// Adds the client `id` of the purchase pushed last, and the client's `name` on its row,
    /// to the batch: interned with the ids waiting when the batch is full (the purchase's
    /// `client` set then), else by a later add or [`PendingClients::flush`], which the
    /// caller runs once every row is read.
    pub(crate) fn add(&mut self, t: &mut Transactions, id: &str, name: Option<String>) {
        self.ids.push_str(id);
        self.waiting.push(Waiting {
            end: self.ids.len(),
            hash: hash_of(id),
            purchase: t.purchases.len() as u32 - 1,
            name,
        });
        if self.waiting.len() == Self::BATCH {
            self.flush(t);
        }
    }

    /// Interns every id waiting, in the order they came, and sets their purchases' clients
    /// and the clients' names.
    pub(crate) fn flush(&mut self, t: &mut Transactions) {
        t.clients.touch(self.waiting.iter().map(|w| w.hash));
        let mut start = 0;
        for w in self.waiting.drain(..) {
            let id = &self.ids[start..w.end];
            start = w.end;
            let c = t.clients.intern_with(id, |_| w.hash);
            if t.names.len() <= c as usize {
                t.names.push(None);
            }
            if w.name.is_some() {
                t.names[c as usize] = w.name;
            }
            t.purchases[w.purchase as usize].client = c;
        }
        self.ids.clear();
    }
}

/// An index into one of a log's interners (managers, products, reasons), or none: four bytes
/// where an `Option<u32>` takes eight, in a row kept for every purchase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Label(u32);

impl Label {
    /// No label.
    pub const NONE: Label = Label(u32::MAX);

    /// The index, if any.
    pub fn get(self) -> Option<u32> {
        (self != Label::NONE).then_some(self.0)
    }
}

impl From<Option<u32>> for Label {
    fn from(index: Option<u32>) -> Label {
        // An interner of u32::MAX strings cannot be built from a log that fits in memory.
        index.map_or(Label::NONE, Label)
    }
}

/// One row of a transaction log (16 bytes: one is kept for every row). What else a row may
/// carry (profit, manager, product, reason) is its [`Extra`], kept only by a log with such a
/// column; the row it came from is in [`Transactions::rows`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    /// Index into [`Transactions::clients`].
    pub client: u32,
    /// The day of the purchase.
    pub date: NaiveDate,
    /// The amount; a refund is negative.
    pub amount: Money,
}

/// The source row of each purchase (1-based, as a spreadsheet counts), kept as runs of
/// purchases whose row is their index plus the same number: a row left out, a blank line or
/// a record over several lines starts another run. A log read whole is one run, where a row
/// number kept with each purchase took 8 bytes of it (4, and 4 of padding); a log of rows
/// each after a blank line, the most runs there can be, takes those 8 bytes a purchase again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRows(Vec<(u32, u32)>);

impl SourceRows {
    /// Purchase `index`, the next one, came from row `row`.
    pub fn push(&mut self, index: u32, row: u32) {
        let offset = row.wrapping_sub(index);
        if self.0.last().is_none_or(|&(_, o)| o != offset) {
            self.0.push((index, offset));
        }
    }

    /// Lets the room no run took go.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    /// The row purchase `index` came from: for the purchases added by [`SourceRows::push`]
    /// (0 before the first of them).
    pub fn row(&self, index: u32) -> u32 {
        match self.0.partition_point(|&(first, _)| first <= index) {
            0 => 0,
            run => index.wrapping_add(self.0[run - 1].1),
        }
    }
}

/// What a row of a log carries beside its client, day and amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extra {
    /// Profit; zero when the row has none (whether the log has profit at all is
    /// [`Transactions::has_profit`]).
    pub profit: Money,
    /// Index into [`Transactions::managers`].
    pub manager: Label,
    /// Index into [`Transactions::products`].
    pub product: Label,
    /// Index into [`Transactions::reasons`].
    pub reason: Label,
}

impl Extra {
    /// Nothing beside the client, day and amount.
    pub const NONE: Extra = Extra {
        profit: Money::ZERO,
        manager: Label::NONE,
        product: Label::NONE,
        reason: Label::NONE,
    };
}

/// All purchases of one client on one day: one purchase occasion (DOMAIN.md, Time). Its
/// profit, when the log has profit, is in [`Occasions::profits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occasion {
    /// Index into [`Transactions::clients`].
    pub client: u32,
    /// The day.
    pub date: NaiveDate,
    /// The amounts of that day added up.
    pub amount: Money,
}

/// A log's occasions, sorted by client id and day, and their profits beside.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Occasions {
    /// The occasions.
    pub list: Vec<Occasion>,
    /// Each occasion's profits added up, in the same order; empty when every profit is zero
    /// (a log without profit).
    pub profits: Vec<Money>,
}

/// A transaction log.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Transactions {
    /// Client ids.
    pub clients: Interner,
    /// Each client's name (the last non-empty one), by client index.
    pub names: Vec<Option<String>>,
    /// Manager names.
    pub managers: Interner,
    /// Products.
    pub products: Interner,
    /// Reasons for leaving.
    pub reasons: Interner,
    /// The purchases, in the order of the source (none once let go:
    /// [`Transactions::let_purchases_go`]).
    pub purchases: Vec<Purchase>,
    /// The row each purchase came from. Filled by [`Transactions::push`].
    #[serde(default)]
    pub rows: SourceRows,
    /// Each purchase's [`Extra`], in the same order; empty while every purchase has none (a
    /// log without profit, managers, products or reasons keeps none). Filled by
    /// [`Transactions::push`].
    pub extras: Vec<Extra>,
    /// Whether the log has a profit column.
    pub has_profit: bool,
    /// The occasions, merged once on first use (every figure walks them). Set `purchases`
    /// before asking for them: a change after that is not seen.
    #[serde(skip)]
    pub occasions_cache: std::sync::OnceLock<std::sync::Arc<Occasions>>,
    /// The clients' indexes in the order of their ids, sorted once on first use (every
    /// analysis lists clients by id).
    #[serde(skip)]
    pub by_id_cache: std::sync::OnceLock<Vec<u32>>,
    /// How many purchases fall on each day, by day, counted once on first use (the data's
    /// first and last day, and the rows after an analysis date, are read from it). Like the
    /// occasions, not sent with the log: a log whose purchases were let go
    /// ([`Transactions::let_purchases_go`]) stays where it is.
    #[serde(skip)]
    pub rows_by_day_cache: std::sync::OnceLock<Vec<(NaiveDate, u32)>>,
}

impl PartialEq for Transactions {
    /// The same log: the caches, computed from it or not yet, are not compared.
    fn eq(&self, o: &Transactions) -> bool {
        self.clients == o.clients
            && self.names == o.names
            && self.managers == o.managers
            && self.products == o.products
            && self.reasons == o.reasons
            && self.purchases == o.purchases
            && self.rows == o.rows
            && self.extras == o.extras
            && self.has_profit == o.has_profit
    }
}

impl Transactions {
    /// Adds a purchase, the row it came from and what it carries beside.
    pub fn push(&mut self, purchase: Purchase, row: u32, extra: Extra) {
        self.rows.push(self.purchases.len() as u32, row);
        // The first purchase with an extra gives every earlier one its none.
        if extra != Extra::NONE || !self.extras.is_empty() {
            self.extras.resize(self.purchases.len(), Extra::NONE);
            self.extras.push(extra);
        }
        self.purchases.push(purchase);
    }

    /// Lets the purchases go when every figure can be read without them: when none names a
    /// manager, a product or a reason (those are read from the purchases, beside their client
    /// and day; a profit is in the occasions). The occasions and the purchases a day are kept
    /// first. For a holder that keeps the log to analyse it again (the browser's worker): a
    /// log of 1M rows holds 16 MB less (40 MB with profit). Returns whether they were let go.
    pub fn let_purchases_go(&mut self) -> bool {
        let labelled = |e: &Extra| {
            e.manager != Label::NONE || e.product != Label::NONE || e.reason != Label::NONE
        };
        if self.extras.iter().any(labelled) {
            return false;
        }
        self.shared_occasions();
        self.rows_by_day();
        self.purchases = Vec::new();
        self.rows = SourceRows::default();
        self.extras = Vec::new();
        true
    }

    /// How many purchases fall on each day, by day: counted in an array over the days from
    /// the first to the last (a log spans thousands of days, not millions), or sorted when
    /// the span is too wide for one.
    pub fn rows_by_day(&self) -> &[(NaiveDate, u32)] {
        self.rows_by_day_cache.get_or_init(|| {
            let Some(first) = self.purchases.iter().map(|p| p.date).min() else {
                return Vec::new();
            };
            let last = self.purchases.iter().map(|p| p.date).max().unwrap_or(first);
            let span = (last - first).num_days() as usize + 1;
            if span <= 1 << 20 {
                let mut counts = vec![0u32; span];
                for p in &self.purchases {
                    counts[(p.date - first).num_days() as usize] += 1;
                }
                return counts
                    .into_iter()
                    .enumerate()
                    .filter(|&(_, n)| n > 0)
                    .map(|(d, n)| (first + chrono::Duration::days(d as i64), n))
                    .collect();
            }
            let mut days: Vec<NaiveDate> = self.purchases.iter().map(|p| p.date).collect();
            days.sort_unstable();
            days.chunk_by(|a, b| a == b)
                .map(|same| (same[0], same.len() as u32))
                .collect()
        })
    }

    /// The first and the last day with a purchase.
    pub fn day_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let days = self.rows_by_day();
        Some((days.first()?.0, days.last()?.0))
    }

    /// Purchases (rows) after `day`.
    pub fn rows_after(&self, day: NaiveDate) -> usize {
        let days = self.rows_by_day();
        let from = days.partition_point(|&(d, _)| d <= day);
        days[from..].iter().map(|&(_, n)| n as usize).sum()
    }

    /// What purchase `i` carries beside its client, day and amount.
    pub fn extra(&self, i: usize) -> Extra {
        self.extras.get(i).copied().unwrap_or(Extra::NONE)
    }

    /// Purchases of one client on one day merged into one occasion, sorted by client id and date.
    pub fn occasions(&self) -> &[Occasion] {
        &self.shared_occasions().list
    }

    /// [`Transactions::occasions`], to be held: the clients' histories are stretches of them.
    pub(crate) fn shared_occasions(&self) -> &std::sync::Arc<Occasions> {
        self.occasions_cache
            .get_or_init(|| std::sync::Arc::new(self.merge_occasions()))
    }

    /// The clients' indexes in the order of their ids.
    pub fn clients_by_id(&self) -> &[u32] {
        self.by_id_cache.get_or_init(|| {
            let mut order: Vec<u32> = (0..self.clients.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| self.clients.get(a).cmp(self.clients.get(b)));
            order
        })
    }

    /// Each client's occasions on or before `end` (sorted by date), the clients in the order
    /// of their ids; a client with none by then is left out.
    pub fn occasions_upto_by_id(&self, end: NaiveDate) -> impl Iterator<Item = &[Occasion]> {
        let occasions = self.occasions();
        self.ranges_upto_by_id(end).map(move |r| &occasions[r])
    }

    /// Where in [`Transactions::occasions`] each client's occasions on or before `end` are, the
    /// clients in the order of their ids (those with none are skipped).
    pub(crate) fn ranges_upto_by_id(
        &self,
        end: NaiveDate,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        // The occasions come in the order of the clients' ids ([`Transactions::day_order`]).
        let mut start = 0;
        self.occasions()
            .chunk_by(|a, b| a.client == b.client)
            .filter_map(move |mine| {
                let first = start;
                start += mine.len();
                let upto = mine.partition_point(|o| o.date <= end);
                (upto > 0).then_some(first..first + upto)
            })
    }

    fn merge_occasions(&self) -> Occasions {
        self.merge_in_order(&self.day_order())
    }

    /// The purchases' indexes sorted by client id, then day, then index (the source's order).
    /// Counted into each client's place first (four bytes a purchase, where keys to sort take
    /// sixteen), then each client's few purchases put in order of day: a stable sort, which
    /// takes one look at a client whose purchases the source already lists by day.
    pub(crate) fn day_order(&self) -> Vec<u32> {
        // Each client's place is its rank among the ids: the occasions come in the order every
        // analysis reads the clients in, and a pass over them reads memory in order.
        let mut rank = vec![0u32; self.clients.len()];
        for (r, &c) in self.clients_by_id().iter().enumerate() {
            rank[c as usize] = r as u32;
        }
        let mut starts = vec![0u32; self.clients.len() + 1];
        for p in &self.purchases {
            starts[rank[p.client as usize] as usize + 1] += 1;
        }
        for c in 1..starts.len() {
            starts[c] += starts[c - 1];
        }
        let mut order = vec![0u32; self.purchases.len()];
        let mut next = starts.clone();
        for (i, p) in self.purchases.iter().enumerate() {
            let at = &mut next[rank[p.client as usize] as usize];
            order[*at as usize] = i as u32;
            *at += 1;
        }
        for mine in starts.windows(2) {
            let mine = &mut order[mine[0] as usize..mine[1] as usize];
            if !mine.is_sorted_by_key(|&i| self.purchases[i as usize].date) {
                mine.sort_by_key(|&i| self.purchases[i as usize].date);
            }
        }
        order
    }

    /// The occasions of the purchases in [`Transactions::day_order`], with their profits when
    /// a purchase has one (none kept means every profit is zero).
    pub(crate) fn merge_in_order(&self, order: &[u32]) -> Occasions {
        let mut list: Vec<Occasion> = Vec::with_capacity(order.len());
        let mut profits: Vec<Money> = Vec::new();
        let with_profits = self.extras.iter().any(|e| e.profit != Money::ZERO);
        if with_profits {
            profits.reserve_exact(order.len());
        }
        for &i in order {
            let p = &self.purchases[i as usize];
            let profit = self.extra(i as usize).profit;
            match list.last_mut() {
                Some(o) if o.client == p.client && o.date == p.date => {
                    o.amount += p.amount;
                    if let Some(sum) = profits.last_mut() {
                        *sum += profit;
                    }
                }
                _ => {
                    list.push(Occasion {
                        client: p.client,
                        date: p.date,
                        amount: p.amount,
                    });
                    if with_profits {
                        profits.push(profit);
                    }
                }
            }
        }
        // Same-day purchases made fewer occasions than purchases: the room left is let go.
        list.shrink_to_fit();
        profits.shrink_to_fit();
        Occasions { list, profits }
    }

    /// Total of all amounts.
    pub fn revenue(&self) -> Money {
        self.occasions().iter().map(|o| o.amount).sum()
    }

    /// For each client, the last non-empty value of a per-purchase label (manager, reason)
    /// among its purchases on or before `upto`, by date, then by row.
    pub fn last_label(&self, pick: impl Fn(&Extra) -> Label, upto: NaiveDate) -> Vec<Option<u32>> {
        let mut best: Vec<Option<(NaiveDate, u32)>> = vec![None; self.clients.len()];
        // The purchases come in the order of their rows: of two on one day, the later.
        for (p, extra) in self.purchases.iter().zip(&self.extras) {
            if let Some(v) = pick(extra).get().filter(|_| p.date <= upto) {
                let slot = &mut best[p.client as usize];
                if slot.is_none_or(|(d, _)| p.date >= d) {
                    *slot = Some((p.date, v));
                }
            }
        }
        best.into_iter().map(|b| b.map(|(_, v)| v)).collect()
    }
}

/// One row of a client table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientRow {
    /// The client's id.
    pub id: String,
    /// The client's name.
    pub name: Option<String>,
    /// First purchase, when known.
    pub first: Option<NaiveDate>,
    /// Last purchase.
    pub last: NaiveDate,
    /// Number of purchases.
    pub purchases: u32,
    /// Total revenue.
    pub revenue: Money,
    /// Total profit, when known.
    pub profit: Option<Money>,
    /// Manager.
    pub manager: Option<String>,
    /// Reason for leaving.
    pub reason: Option<String>,
    /// What a rich table (docs/warehouse-sql.md) says in place of the purchases it summarises.
    pub summary: TableSummary,
    /// The row in the source.
    pub row: u32,
}

/// The columns of a rich client table that stand in for a client's purchase days: each
/// `None` where the table has no such column (or the cell could not be read).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TableSummary {
    /// The median of the days between purchase days.
    pub median_interval: Option<f64>,
    /// Revenue and purchase days in the 365 days up to the last purchase.
    pub year: Option<(Money, u32)>,
    /// Profit in the same days.
    pub year_profit: Option<Money>,
    /// Revenue in the 365 days up to the analysis date and in the 365 before.
    pub year_on_year: Option<(Money, Money)>,
    /// Gaps longer than the lost threshold, after which the client bought again.
    pub earlier_losses: Option<u32>,
    /// The first purchase after the latest such gap.
    pub last_return: Option<NaiveDate>,
    /// The last purchase on or before 365 days before `as_of` (`Some(None)`: none by then),
    /// whether the client was lost when the year up to `as_of` began (churn).
    pub year_before: Option<Option<NaiveDate>>,
    /// The day the table was summarised as of: the analysis date unless the user sets another.
    /// The figures that depend on it are used only for an analysis as of that day.
    pub as_of: Option<NaiveDate>,
}

impl TableSummary {
    /// No column of a rich table: what a log's client has.
    pub const NONE: TableSummary = TableSummary {
        median_interval: None,
        year: None,
        year_profit: None,
        year_on_year: None,
        earlier_losses: None,
        last_return: None,
        year_before: None,
        as_of: None,
    };
}

/// The data, in the form it came in.
#[allow(clippy::large_enum_variant)] // one value per import
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Data {
    /// A transaction log.
    Transactions(Transactions),
    /// A client table.
    Clients(Vec<ClientRow>),
}

impl Data {
    /// Number of distinct clients.
    pub fn client_count(&self) -> usize {
        match self {
            Data::Transactions(t) => t.clients.len(),
            Data::Clients(c) => c
                .iter()
                .map(|r| r.id.as_str())
                .collect::<std::collections::HashSet<_>>()
                .len(),
        }
    }

    /// Number of purchase occasions (for a client table, the sum of the purchase counts).
    pub fn occasion_count(&self) -> usize {
        match self {
            Data::Transactions(t) => t.occasions().len(),
            Data::Clients(c) => c.iter().map(|r| r.purchases as usize).sum(),
        }
    }

    /// One client's purchase occasions (day and amount), oldest first; empty for a client
    /// table, which has no history.
    pub fn history_of(&self, id: &str) -> Vec<(NaiveDate, Money)> {
        match self {
            Data::Transactions(t) => {
                let Some(client) = t.clients.position(id) else {
                    return vec![];
                };
                t.occasions()
                    .iter()
                    .filter(|o| o.client == client)
                    .map(|o| (o.date, o.amount))
                    .collect()
            }
            Data::Clients(_) => vec![],
        }
    }

    /// Total revenue.
    pub fn revenue(&self) -> Money {
        match self {
            Data::Transactions(t) => t.revenue(),
            Data::Clients(c) => c.iter().map(|r| r.revenue).sum(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interner_finds_every_string_it_holds() {
        // Short ids (held in the table), long ones alike in their first 15 bytes, the empty
        // string, Cyrillic, and enough of them for the table to grow many times.
        let mut strings: Vec<String> = (0..5_000).map(|i| format!("C{i}")).collect();
        strings.extend((0..500).map(|i| format!("ООО «Ромашка» филиал {i}")));
        strings.extend((0..500).map(|i| format!("abcdefghijklmno{i}")));
        strings.extend([
            "".to_owned(),
            "abcdefghijklmno".to_owned(),
            "abcdefghijklmn".to_owned(),
        ]);
        let mut interner = Interner::default();
        for (i, s) in strings.iter().enumerate() {
            assert_eq!(interner.intern(s), i as u32, "{s}");
        }
        // Again, in another order, and each twice in a row.
        for (i, s) in strings.iter().enumerate().rev() {
            assert_eq!(interner.intern(s), i as u32, "{s}");
            assert_eq!(interner.intern(s), i as u32, "{s}");
            assert_eq!(interner.position(s), Some(i as u32));
            assert_eq!(interner.get(i as u32), s);
        }
        assert_eq!(interner.len(), strings.len());
        assert_eq!(interner.position("abcdefghijklmno0x"), None);
        // Read back from JSON, it finds them too and goes on adding.
        let mut back: Interner =
            serde_json::from_str(&serde_json::to_string(&interner).unwrap()).unwrap();
        assert_eq!(back, interner);
        assert_eq!(back.position("C4999"), Some(4_999));
        assert_eq!(back.intern("abcdefghijklmno7"), 5_507);
        assert_eq!(back.intern("new"), strings.len() as u32);
        assert_eq!(back.position("new"), Some(strings.len() as u32));
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, d).unwrap()
    }

    #[test]
    fn a_purchase_keeps_what_it_carries_beside_wherever_the_first_such_one_comes() {
        let profit = |m| Extra {
            profit: Money(m),
            ..Extra::NONE
        };
        let purchase = Purchase {
            client: 0,
            date: day(1),
            amount: Money(100),
        };
        // The first purchase carries a profit; the second none; the third a reason.
        let mut t = Transactions::default();
        t.clients.intern("A");
        t.push(purchase, 2, profit(40));
        t.push(purchase, 3, Extra::NONE);
        let reason = Extra {
            reason: Label::from(Some(0)),
            ..Extra::NONE
        };
        t.push(purchase, 4, reason);
        assert_eq!(t.extras, [profit(40), Extra::NONE, reason]);
        assert_eq!(t.shared_occasions().profits, [Money(40)]);
        // A log whose extras start later keeps none before them, and none at all without.
        let mut t = Transactions::default();
        t.clients.intern("A");
        t.push(purchase, 2, Extra::NONE);
        assert!(t.extras.is_empty());
        t.push(purchase, 3, profit(7));
        assert_eq!(t.extras, [Extra::NONE, profit(7)]);
        assert_eq!(
            (t.extra(0), t.extra(1), t.extra(5)),
            (Extra::NONE, profit(7), Extra::NONE)
        );
    }

    #[test]
    fn each_purchase_keeps_its_row_in_runs() {
        let source = [2, 3, 4, 7, 8, 10, 11, 12, 13, 40];
        let mut rows = SourceRows::default();
        for (i, &row) in source.iter().enumerate() {
            rows.push(i as u32, row);
        }
        // Runs start at rows 2, 7, 10 and 40.
        assert_eq!(rows.0.len(), 4);
        for (i, &row) in source.iter().enumerate() {
            assert_eq!(rows.row(i as u32), row);
        }
        assert_eq!(SourceRows::default().row(0), 0);
    }

    #[test]
    fn the_purchases_a_day_are_counted_over_any_span() {
        let mut t = Transactions::default();
        t.clients.intern("A");
        let purchase = |date| Purchase {
            client: 0,
            date,
            amount: Money(100),
        };
        assert_eq!(t.rows_by_day(), []);
        assert_eq!((t.day_range(), t.rows_after(day(1))), (None, 0));
        // A narrow span is counted in an array, a span of millions of days by sorting.
        let far = NaiveDate::from_ymd_opt(9000, 1, 1).unwrap();
        for (wide, dates) in [
            (false, [day(9), day(2), day(9)]),
            (true, [far, day(2), far]),
        ] {
            let mut t = Transactions::default();
            t.clients.intern("A");
            for d in dates {
                t.push(purchase(d), 2, Extra::NONE);
            }
            assert_eq!(
                t.rows_by_day(),
                [(day(2), 1), (dates[0], 2)],
                "wide: {wide}"
            );
            assert_eq!(t.day_range(), Some((day(2), dates[0])));
            assert_eq!((t.rows_after(day(1)), t.rows_after(day(2))), (3, 2));
            assert_eq!(t.rows_after(dates[0]), 0);
        }
    }

    #[test]
    fn purchases_of_one_client_on_one_day_are_one_occasion() {
        let mut t = Transactions::default();
        let a = t.clients.intern("A");
        let b = t.clients.intern("B");
        for (c, d, m) in [(a, 1, 100), (b, 1, 50), (a, 1, 20), (a, 3, 5)] {
            t.purchases.push(Purchase {
                client: c,
                date: day(d),
                amount: Money(m),
            });
        }
        let o = t.occasions();
        assert_eq!(o.len(), 3);
        assert_eq!(
            (o[0].client, o[0].date, o[0].amount),
            (a, day(1), Money(120))
        );
        assert_eq!((o[1].client, o[1].date, o[1].amount), (a, day(3), Money(5)));
        assert_eq!((o[2].client, o[2].amount), (b, Money(50)));
    }
}
