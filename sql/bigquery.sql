-- Boomerang's client table, summarised by BigQuery (GoogleSQL) where the orders live.
--
-- Reads orders(client_id, ordered_at, amount, profit, manager, reason) — a view with NULL for
-- the columns you do not have — and the one-row params(as_of, k, min_days, one_time_days,
-- min_repeat_clients), both in the query's default dataset (or write `project.dataset.orders`);
-- returns one row per client. docs/warehouse-sql.md describes each column. This file cannot
-- run in Boomerang's tests: it follows the PostgreSQL and DuckDB files step by step, with
-- BigQuery's own median (PERCENTILE_CONT is a window function there) and no FILTER clause.
WITH p AS (
  SELECT DATE(as_of) AS as_of, CAST(k AS FLOAT64) AS k, CAST(min_days AS FLOAT64) AS min_days,
         CAST(one_time_days AS FLOAT64) AS one_time_days, min_repeat_clients
  FROM params
),
-- A purchase occasion: a client's purchases of one day, up to the analysis date.
occasions AS (
  SELECT CAST(o.client_id AS STRING) AS client_id, DATE(o.ordered_at) AS day,
         SUM(o.amount) AS amount, SUM(o.profit) AS profit
  FROM orders o CROSS JOIN p
  WHERE DATE(o.ordered_at) <= p.as_of AND o.amount IS NOT NULL
  GROUP BY 1, 2
),
gaps AS (
  SELECT client_id, day, amount, profit,
         CAST(DATE_DIFF(day, LAG(day) OVER (PARTITION BY client_id ORDER BY day), DAY) AS FLOAT64)
           AS gap,
         MAX(day) OVER (PARTITION BY client_id) AS last_day
  FROM occasions
),
medians AS (
  SELECT *, PERCENTILE_CONT(gap, 0.5) OVER (PARTITION BY client_id) AS median_gap
  FROM gaps
),
per_client AS (
  SELECT g.client_id,
         MIN(g.day) AS first_purchase,
         MAX(g.day) AS last_purchase,
         COUNT(*) AS purchases,
         SUM(g.amount) AS revenue,
         SUM(g.profit) AS profit,
         ANY_VALUE(g.median_gap) AS median_interval_days,
         SUM(CASE WHEN g.day > DATE_SUB(g.last_day, INTERVAL 365 DAY) THEN g.amount END)
           AS year_revenue,
         COUNT(CASE WHEN g.day > DATE_SUB(g.last_day, INTERVAL 365 DAY) THEN 1 END)
           AS year_purchases,
         SUM(CASE WHEN g.day > DATE_SUB(g.last_day, INTERVAL 365 DAY) THEN g.profit END)
           AS year_profit,
         COALESCE(SUM(CASE WHEN g.day > DATE_SUB(p.as_of, INTERVAL 365 DAY) THEN g.amount END), 0)
           AS revenue_last_365,
         COALESCE(SUM(CASE WHEN g.day > DATE_SUB(p.as_of, INTERVAL 730 DAY)
                            AND g.day <= DATE_SUB(p.as_of, INTERVAL 365 DAY)
                           THEN g.amount END), 0) AS revenue_prev_365,
         MAX(CASE WHEN g.day <= DATE_SUB(p.as_of, INTERVAL 365 DAY) THEN g.day END)
           AS last_purchase_year_before
  FROM medians g CROSS JOIN p
  GROUP BY g.client_id
),
-- One-time buyers are judged by the repeat clients' median interval, when enough buy again.
repeat_median AS (
  SELECT ANY_VALUE(m) AS median_interval, COUNT(median_interval_days) AS repeat_clients
  FROM (SELECT median_interval_days,
               PERCENTILE_CONT(median_interval_days, 0.5) OVER () AS m
        FROM per_client)
),
one_time AS (
  SELECT CASE WHEN r.repeat_clients >= p.min_repeat_clients
              THEN GREATEST(p.k * r.median_interval, p.min_days)
              ELSE p.one_time_days END AS threshold_days
  FROM repeat_median r CROSS JOIN p
),
thresholds AS (
  SELECT c.client_id,
         CASE WHEN c.median_interval_days IS NULL THEN t.threshold_days
              ELSE GREATEST(p.k * c.median_interval_days, p.min_days) END AS threshold_days
  FROM per_client c CROSS JOIN p CROSS JOIN one_time t
),
-- Earlier losses: gaps longer than the client's threshold, each closed by a return.
losses AS (
  SELECT g.client_id, COUNT(*) AS earlier_losses, MAX(g.day) AS last_return
  FROM gaps g JOIN thresholds t USING (client_id)
  WHERE g.gap > t.threshold_days
  GROUP BY g.client_id
),
labels AS (
  SELECT CAST(o.client_id AS STRING) AS client_id,
         ARRAY_AGG(NULLIF(o.manager, '') IGNORE NULLS ORDER BY o.ordered_at DESC LIMIT 1)[SAFE_OFFSET(0)]
           AS manager,
         ARRAY_AGG(NULLIF(o.reason, '') IGNORE NULLS ORDER BY o.ordered_at DESC LIMIT 1)[SAFE_OFFSET(0)]
           AS reason
  FROM orders o CROSS JOIN p
  WHERE DATE(o.ordered_at) <= p.as_of AND o.amount IS NOT NULL
  GROUP BY 1
)
SELECT c.client_id, c.first_purchase, c.last_purchase, c.purchases, c.revenue, c.profit,
       l.manager, l.reason, c.median_interval_days, c.year_revenue, c.year_purchases,
       c.year_profit, c.revenue_last_365, c.revenue_prev_365, c.last_purchase_year_before,
       COALESCE(s.earlier_losses, 0) AS earlier_losses, s.last_return,
       t.threshold_days, p.as_of
FROM per_client c
JOIN thresholds t USING (client_id)
JOIN labels l USING (client_id)
LEFT JOIN losses s USING (client_id)
CROSS JOIN p
ORDER BY c.client_id;
