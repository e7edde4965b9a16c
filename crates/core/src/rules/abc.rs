//! ABC and XYZ splits of the client base, their 3 × 3 matrix and the Pareto curve
//! (DOMAIN.md, "ABC and XYZ").

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::figure::Figure;
use crate::money::Money;

/// An ABC class.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub enum Abc {
    /// The few that bring the most (80% by default).
    A,
    /// The next 15%.
    B,
    /// The rest.
    C,
}

/// An XYZ class.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub enum Xyz {
    /// Steady monthly revenue (variation up to 10%).
    X,
    /// Fluctuating (up to 25%).
    Y,
    /// Irregular.
    Z,
}

impl Abc {
    /// A, B, C.
    pub const ALL: [Abc; 3] = [Abc::A, Abc::B, Abc::C];
}
impl Xyz {
    /// X, Y, Z.
    pub const ALL: [Xyz; 3] = [Xyz::X, Xyz::Y, Xyz::Z];
}

/// One class's line of the table.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ClassLine {
    /// Items in the class.
    pub clients: usize,
    /// Their share of all items.
    pub client_share: f64,
    /// Their value (revenue or profit).
    pub value: Money,
    /// Their share of the total value.
    pub value_share: f64,
}

/// Classes by value, in the order of the input: walk down the values sorted descending (ties
/// by the given order); an item is A while the share accumulated before it is below `a`, B
/// while below `b`, else C. So the item that crosses a line belongs to the upper class.
///
/// `None` when the total is not positive.
pub fn abc_classes(values: &[Money], a: f64, b: f64) -> Option<Vec<Abc>> {
    classes_in_order(values, &heaviest_first(values), a, b)
}

/// The items' indices by value, heaviest first, ties by index: the walk's order.
pub fn heaviest_first(values: &[Money]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    // A total order (ties by index): the unstable sort gives the stable one's result.
    order.sort_unstable_by(|&i, &j| values[j].cmp(&values[i]).then(i.cmp(&j)));
    order
}

/// Whether `order` is [`heaviest_first`] of `values`.
pub(crate) fn is_heaviest_first(values: &[Money], order: &[usize]) -> bool {
    order.len() == values.len()
        && order.first().is_none_or(|&i| i < values.len())
        && order.windows(2).all(|w| {
            let (i, j) = (w[0], w[1]);
            values
                .get(i)
                .zip(values.get(j))
                .is_some_and(|(vi, vj)| vi > vj || (vi == vj && i < j))
        })
}

/// [`abc_classes`] with the walk's order given: the items' indices, heaviest first (ties by
/// index). For a few items (a plan's reasons) sorted without the general sort's code.
pub fn classes_in_order(values: &[Money], order: &[usize], a: f64, b: f64) -> Option<Vec<Abc>> {
    let total: i128 = values.iter().map(|v| v.0 as i128).sum();
    if total <= 0 {
        return None;
    }
    let mut classes = vec![Abc::C; values.len()];
    let mut before: i128 = 0;
    for &i in order {
        let share = before as f64 / total as f64;
        classes[i] = if share < a {
            Abc::A
        } else if share < b {
            Abc::B
        } else {
            Abc::C
        };
        before += values[i].0 as i128;
    }
    Some(classes)
}

/// The lines of a split: per class, the count and value with their shares.
pub fn class_lines<K: Copy + PartialEq>(
    keys: &[K],
    values: &[Money],
    all: &[K],
) -> Vec<(K, ClassLine)> {
    let n = keys.len().max(1) as f64;
    let total: f64 = values.iter().map(|v| v.major()).sum();
    all.iter()
        .map(|&k| {
            let (count, value) = keys
                .iter()
                .zip(values)
                .filter(|(kk, _)| **kk == k)
                .fold((0usize, Money::ZERO), |(c, s), (_, v)| (c + 1, s + *v));
            let value_share = if total != 0.0 {
                value.major() / total
            } else {
                0.0
            };
            (
                k,
                ClassLine {
                    clients: count,
                    client_share: count as f64 / n,
                    value,
                    value_share,
                },
            )
        })
        .collect()
}

/// The Pareto curve: (share of clients, share of value) after each client, best first,
/// thinned to at most `points` + 1 points starting at (0, 0).
pub fn pareto(values: &[Money], points: usize) -> Vec<(f64, f64)> {
    pareto_in_order(values, &heaviest_first(values), points)
}

/// [`pareto`] with the items' order given ([`heaviest_first`]).
pub fn pareto_in_order(values: &[Money], order: &[usize], points: usize) -> Vec<(f64, f64)> {
    let total: f64 = values.iter().map(|v| v.major()).sum();
    if total <= 0.0 || values.is_empty() {
        return vec![];
    }
    let sorted = order.iter().map(|&i| values[i].major());
    let n = order.len();
    let step = n.div_ceil(points.max(1)).max(1);
    let mut out = vec![(0.0, 0.0)];
    let mut acc = 0.0;
    for (i, v) in sorted.enumerate() {
        acc += v;
        if (i + 1) % step == 0 || i + 1 == n {
            out.push(((i + 1) as f64 / n as f64, acc / total));
        }
    }
    out
}

/// The coefficient of variation of a client's monthly revenue over the 12 calendar months
/// ending with the month of the last purchase (months without purchases count as zero).
/// `None` when the mean is not positive.
pub fn monthly_variation(
    days: impl IntoIterator<Item = (NaiveDate, Money)>,
    last: NaiveDate,
) -> Option<f64> {
    let last_month = last.year() * 12 + last.month0() as i32;
    let mut months = [0f64; 12];
    for (d, amount) in days {
        let back = last_month - (d.year() * 12 + d.month0() as i32);
        if (0..12).contains(&back) {
            months[11 - back as usize] += amount.major();
        }
    }
    let mean = months.iter().sum::<f64>() / 12.0;
    if mean <= 0.0 {
        return None;
    }
    let variance = months.iter().map(|m| (m - mean).powi(2)).sum::<f64>() / 12.0;
    Some(variance.sqrt() / mean)
}

/// The XYZ class of a coefficient of variation.
pub fn xyz_class(cv: f64, x: f64, y: f64) -> Xyz {
    if cv <= x {
        Xyz::X
    } else if cv <= y {
        Xyz::Y
    } else {
        Xyz::Z
    }
}

/// One cell of the ABC × XYZ matrix.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Cell {
    /// ABC class.
    pub abc: Abc,
    /// XYZ class.
    pub xyz: Xyz,
    /// Clients in the cell.
    pub clients: usize,
    /// Their revenue.
    pub revenue: Money,
}

/// The 3 × 3 matrix, rows A, B, C and columns X, Y, Z; clients without an XYZ class are
/// left out of it.
pub fn matrix(abc: &[Abc], xyz: &[Option<Xyz>], revenue: &[Money]) -> Vec<Cell> {
    let mut cells = Vec::with_capacity(9);
    for a in Abc::ALL {
        for x in Xyz::ALL {
            let (clients, revenue) = abc
                .iter()
                .zip(xyz)
                .zip(revenue)
                .filter(|((aa, xx), _)| **aa == a && **xx == Some(x))
                .fold((0, Money::ZERO), |(c, s), (_, r)| (c + 1, s + *r));
            cells.push(Cell {
                abc: a,
                xyz: x,
                clients,
                revenue,
            });
        }
    }
    cells
}

/// The figure for data without purchase history.
pub(crate) fn no_history<T>() -> Figure<T> {
    Figure::Undefined(crate::figure::Why::NoHistory)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: &[i64]) -> Vec<Money> {
        v.iter().map(|&x| Money(x)).collect()
    }

    #[test]
    fn an_order_is_heaviest_first_only_when_it_is_the_sorts() {
        let values = m(&[10, 30, 10, 20]);
        assert_eq!(heaviest_first(&values), vec![1, 3, 0, 2]);
        assert!(is_heaviest_first(&values, &[1, 3, 0, 2]));
        // Ties go by index; a missing, repeated or foreign index is no order.
        assert!(!is_heaviest_first(&values, &[1, 3, 2, 0]));
        assert!(!is_heaviest_first(&values, &[1, 3, 0]));
        assert!(!is_heaviest_first(&values, &[1, 3, 0, 0]));
        assert!(!is_heaviest_first(&values, &[1, 3, 0, 4]));
        assert!(!is_heaviest_first(&values, &[]));
        assert!(!is_heaviest_first(&m(&[7]), &[1]));
        assert!(is_heaviest_first(&m(&[7]), &[0]));
        assert!(is_heaviest_first(&[], &[]));
    }

    #[test]
    fn the_client_crossing_80_percent_is_in_a() {
        // Shares: 50, 25 (75 before the next), 10 (crosses 80: still A), 5 (85 before: B),
        // 5 (90 before: B), 3 (95 before: C), 2.
        let classes = abc_classes(&m(&[50, 25, 10, 5, 5, 3, 2]), 0.8, 0.95).unwrap();
        use Abc::*;
        assert_eq!(classes, vec![A, A, A, B, B, C, C]);
    }

    #[test]
    fn ties_go_by_order_and_the_input_order_is_kept() {
        use Abc::*;
        // 80 first (A); the first 10 starts at 80% (B); the second at 90% (B).
        assert_eq!(
            abc_classes(&m(&[10, 80, 10]), 0.8, 0.95).unwrap(),
            vec![B, A, B]
        );
    }

    #[test]
    fn no_positive_total_no_classes() {
        assert_eq!(abc_classes(&m(&[0, 0]), 0.8, 0.95), None);
        assert_eq!(abc_classes(&m(&[]), 0.8, 0.95), None);
    }

    #[test]
    fn xyz_buckets() {
        assert_eq!(xyz_class(0.10, 0.10, 0.25), Xyz::X);
        assert_eq!(xyz_class(0.11, 0.10, 0.25), Xyz::Y);
        assert_eq!(xyz_class(0.25, 0.10, 0.25), Xyz::Y);
        assert_eq!(xyz_class(0.26, 0.10, 0.25), Xyz::Z);
    }

    #[test]
    fn monthly_variation_counts_empty_months_as_zero() {
        let d = |y, mo| NaiveDate::from_ymd_opt(y, mo, 15).unwrap();
        let steady: Vec<_> = (1..=12).map(|mo| (d(2024, mo), Money(100))).collect();
        assert_eq!(
            monthly_variation(steady.iter().copied(), d(2024, 12)),
            Some(0.0)
        );
        // One purchase in twelve months: mean 1/12, sd sqrt(11)/12, cv sqrt(11).
        let once = [(d(2024, 12), Money(1200))];
        assert!(
            (monthly_variation(once.iter().copied(), d(2024, 12)).unwrap() - 11f64.sqrt()).abs()
                < 1e-12
        );
        // A purchase 12 months before the last month is outside the window.
        let old = [(d(2023, 12), Money(1200)), (d(2024, 12), Money(1200))];
        assert!(
            (monthly_variation(old.iter().copied(), d(2024, 12)).unwrap() - 11f64.sqrt()).abs()
                < 1e-12
        );
    }

    #[test]
    fn pareto_starts_at_zero_and_ends_at_one() {
        let p = pareto(&m(&[50, 30, 20]), 100);
        assert_eq!(p.first(), Some(&(0.0, 0.0)));
        assert_eq!(p.len(), 4);
        assert!((p[1].1 - 0.5).abs() < 1e-12);
        assert!(
            (p.last().unwrap().0 - 1.0).abs() < 1e-12 && (p.last().unwrap().1 - 1.0).abs() < 1e-12
        );
        assert_eq!(pareto(&m(&[1; 1000]), 100).len(), 101);
    }
}
