-- Boomerang's client table, summarised by ClickHouse (23.8 or later) where the orders live.
--
-- Reads orders(client_id, ordered_at, amount, profit, manager, reason) — a view with NULL for
-- the columns you do not have — and the one-row params(as_of, k, min_days, one_time_days,
-- min_repeat_clients); returns one row per client. docs/warehouse-sql.md describes each column.
WITH p AS (
  SELECT toDate(as_of) AS as_of, toFloat64(k) AS k, toFloat64(min_days) AS min_days,
         toFloat64(one_time_days) AS one_time_days, min_repeat_clients
  FROM params
),
-- A purchase occasion: a client's purchases of one day, up to the analysis date.
occasions AS (
  SELECT toString(o.client_id) AS client_id, toDate(o.ordered_at) AS day,
         sum(o.amount) AS amount, sum(o.profit) AS profit
  FROM orders o CROSS JOIN p
  WHERE toDate(o.ordered_at) <= p.as_of AND o.amount IS NOT NULL
  GROUP BY client_id, day
),
gaps AS (
  SELECT client_id, day, amount, profit,
         toFloat64(day) - toFloat64(lagInFrame(toNullable(day)) OVER w) AS gap,
         max(day) OVER w AS last_day
  FROM occasions
  WINDOW w AS (PARTITION BY client_id ORDER BY day
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
),
per_client AS (
  SELECT g.client_id AS client_id,
         min(g.day) AS first_purchase,
         max(g.day) AS last_purchase,
         count() AS purchases,
         sum(g.amount) AS revenue,
         sum(g.profit) AS profit,
         quantileExactInclusive(0.5)(g.gap) AS median_interval_days,
         ifNull(sumIf(g.amount, g.day > g.last_day - 365), 0) AS year_revenue,
         countIf(g.day > g.last_day - 365) AS year_purchases,
         sumIf(g.profit, g.day > g.last_day - 365) AS year_profit,
         ifNull(sumIf(g.amount, g.day > p.as_of - 365), 0) AS revenue_last_365,
         ifNull(sumIf(g.amount, g.day > p.as_of - 730 AND g.day <= p.as_of - 365), 0)
           AS revenue_prev_365,
         maxIf(toNullable(g.day), g.day <= p.as_of - 365) AS last_purchase_year_before
  FROM gaps g CROSS JOIN p
  GROUP BY g.client_id
),
-- One-time buyers are judged by the repeat clients' median interval, when enough buy again.
one_time AS (
  SELECT if(countIf(purchases > 1) >= any(p.min_repeat_clients),
            greatest(any(p.k) * quantileExactInclusiveIf(0.5)(median_interval_days, purchases > 1),
                     any(p.min_days)),
            any(p.one_time_days)) AS one_time_threshold
  FROM per_client CROSS JOIN p
),
thresholds AS (
  SELECT c.client_id AS client_id,
         if(c.purchases > 1, greatest(p.k * c.median_interval_days, p.min_days),
            t.one_time_threshold) AS threshold_days
  FROM per_client c CROSS JOIN p CROSS JOIN one_time t
),
-- Earlier losses: gaps longer than the client's threshold, each closed by a return.
losses AS (
  SELECT g.client_id AS client_id, count() AS earlier_losses, max(g.day) AS last_return
  FROM gaps g INNER JOIN thresholds t ON g.client_id = t.client_id
  WHERE g.gap > t.threshold_days
  GROUP BY g.client_id
),
labels AS (
  SELECT toString(o.client_id) AS client_id,
         argMaxIf(o.manager, o.ordered_at, o.manager IS NOT NULL AND o.manager != '') AS manager,
         argMaxIf(o.reason, o.ordered_at, o.reason IS NOT NULL AND o.reason != '') AS reason
  FROM orders o CROSS JOIN p
  WHERE toDate(o.ordered_at) <= p.as_of AND o.amount IS NOT NULL
  GROUP BY client_id
)
SELECT c.client_id AS client_id, c.first_purchase AS first_purchase,
       c.last_purchase AS last_purchase, c.purchases AS purchases, c.revenue AS revenue,
       c.profit AS profit, l.manager AS manager, l.reason AS reason,
       if(c.purchases > 1, c.median_interval_days, NULL) AS median_interval_days,
       c.year_revenue AS year_revenue, c.year_purchases AS year_purchases,
       c.year_profit AS year_profit, c.revenue_last_365 AS revenue_last_365,
       c.revenue_prev_365 AS revenue_prev_365,
       c.last_purchase_year_before AS last_purchase_year_before,
       ifNull(s.earlier_losses, 0) AS earlier_losses, s.last_return AS last_return,
       t.threshold_days AS threshold_days, p.as_of AS as_of
FROM per_client c
INNER JOIN thresholds t ON c.client_id = t.client_id
INNER JOIN labels l ON c.client_id = l.client_id
LEFT JOIN losses s ON c.client_id = s.client_id
CROSS JOIN p
ORDER BY c.client_id
SETTINGS join_use_nulls = 1, format_csv_null_representation = ''
