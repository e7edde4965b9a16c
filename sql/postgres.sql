-- Boomerang's client table, summarised by PostgreSQL (13 or later) where the orders live.
--
-- Reads orders(client_id, ordered_at, amount, profit, manager, reason) — a view with NULL for
-- the columns you do not have — and the one-row params(as_of, k, min_days, one_time_days,
-- min_repeat_clients); returns one row per client. docs/warehouse-sql.md describes each column.
WITH p AS (
  SELECT as_of::date AS as_of, k::float8 AS k, min_days::float8 AS min_days,
         one_time_days::float8 AS one_time_days, min_repeat_clients
  FROM params
),
-- A purchase occasion: a client's purchases of one day, up to the analysis date.
occasions AS (
  SELECT o.client_id::text AS client_id, o.ordered_at::date AS day,
         SUM(o.amount) AS amount, SUM(o.profit) AS profit
  FROM orders o CROSS JOIN p
  WHERE o.ordered_at::date <= p.as_of AND o.amount IS NOT NULL
  GROUP BY 1, 2
),
gaps AS (
  SELECT client_id, day, amount, profit,
         day - LAG(day) OVER (PARTITION BY client_id ORDER BY day) AS gap,
         MAX(day) OVER (PARTITION BY client_id) AS last_day
  FROM occasions
),
per_client AS (
  SELECT g.client_id,
         MIN(g.day) AS first_purchase,
         MAX(g.day) AS last_purchase,
         COUNT(*) AS purchases,
         SUM(g.amount) AS revenue,
         SUM(g.profit) AS profit,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY g.gap) AS median_interval_days,
         SUM(g.amount) FILTER (WHERE g.day > g.last_day - 365) AS year_revenue,
         COUNT(*) FILTER (WHERE g.day > g.last_day - 365) AS year_purchases,
         SUM(g.profit) FILTER (WHERE g.day > g.last_day - 365) AS year_profit,
         COALESCE(SUM(g.amount) FILTER (WHERE g.day > p.as_of - 365), 0) AS revenue_last_365,
         COALESCE(SUM(g.amount) FILTER (WHERE g.day > p.as_of - 730
                                          AND g.day <= p.as_of - 365), 0) AS revenue_prev_365,
         MAX(g.day) FILTER (WHERE g.day <= p.as_of - 365) AS last_purchase_year_before
  FROM gaps g CROSS JOIN p
  GROUP BY g.client_id
),
-- One-time buyers are judged by the repeat clients' median interval, when enough buy again.
one_time AS (
  SELECT CASE WHEN COUNT(median_interval_days) >= MIN(p.min_repeat_clients)
              THEN GREATEST(MIN(p.k) * percentile_cont(0.5) WITHIN GROUP (ORDER BY median_interval_days),
                            MIN(p.min_days))
              ELSE MIN(p.one_time_days) END AS threshold_days
  FROM per_client CROSS JOIN p
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
  SELECT o.client_id::text AS client_id,
         (ARRAY_AGG(o.manager ORDER BY o.ordered_at DESC)
            FILTER (WHERE o.manager IS NOT NULL AND o.manager <> ''))[1] AS manager,
         (ARRAY_AGG(o.reason ORDER BY o.ordered_at DESC)
            FILTER (WHERE o.reason IS NOT NULL AND o.reason <> ''))[1] AS reason
  FROM orders o CROSS JOIN p
  WHERE o.ordered_at::date <= p.as_of AND o.amount IS NOT NULL
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
