//! The warehouse SQL (`sql/*.sql`, docs/warehouse-sql.md): the query that summarises the
//! orders into Boomerang's client table where they live, one a dialect, and the line that
//! exports its result as CSV.

/// A warehouse engine with a query of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Engine {
    /// PostgreSQL 13 or later.
    Postgres,
    /// ClickHouse.
    ClickHouse,
    /// DuckDB.
    DuckDb,
    /// BigQuery (GoogleSQL).
    BigQuery,
}

impl Engine {
    /// The four, in the order the docs list them.
    pub const ALL: [Engine; 4] = [
        Engine::Postgres,
        Engine::ClickHouse,
        Engine::DuckDb,
        Engine::BigQuery,
    ];

    /// The engine's key: its file's name in `sql/`.
    pub fn key(self) -> &'static str {
        match self {
            Engine::Postgres => "postgres",
            Engine::ClickHouse => "clickhouse",
            Engine::DuckDb => "duckdb",
            Engine::BigQuery => "bigquery",
        }
    }

    /// The engine from its key.
    pub fn from_key(key: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|e| e.key() == key)
    }

    /// The engine's name.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Postgres => "PostgreSQL",
            Engine::ClickHouse => "ClickHouse",
            Engine::DuckDb => "DuckDB",
            Engine::BigQuery => "BigQuery",
        }
    }

    /// The query, as the file in `sql/` holds it.
    pub fn sql(self) -> &'static str {
        match self {
            Engine::Postgres => include_str!("../../../../sql/postgres.sql"),
            Engine::ClickHouse => include_str!("../../../../sql/clickhouse.sql"),
            Engine::DuckDb => include_str!("../../../../sql/duckdb.sql"),
            Engine::BigQuery => include_str!("../../../../sql/bigquery.sql"),
        }
    }

    /// The query on one line, without its comments and final `;`: for `\copy` in `psql`,
    /// which reads one line, and for `COPY (...)` in DuckDB.
    pub fn one_line(self) -> String {
        self.sql()
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches(';')
            .to_owned()
    }

    /// What writes the query's result to `clients.csv`, with a header row.
    pub fn export_line(self) -> String {
        match self {
            Engine::Postgres => format!(
                "\\copy ({}) TO 'clients.csv' WITH (FORMAT csv, HEADER)",
                self.one_line()
            ),
            Engine::ClickHouse => {
                "clickhouse-client --queries-file clickhouse.sql --format CSVWithNames > clients.csv"
                    .to_owned()
            }
            Engine::DuckDb => format!(
                "COPY ({}) TO 'clients.csv' (HEADER, DELIMITER ',');",
                self.one_line()
            ),
            Engine::BigQuery => "bq query --use_legacy_sql=false --format=csv --max_rows=100000000 < bigquery.sql > clients.csv".to_owned(),
        }
    }
}

/// The one-row `params` table that every query reads, for the analysis date given and
/// Boomerang's settings.
pub fn params_sql(engine: Engine, as_of: chrono::NaiveDate, s: &crate::Settings) -> String {
    let date = match engine {
        Engine::ClickHouse => format!("toDate('{as_of}')"),
        _ => format!("DATE '{as_of}'"),
    };
    let table = match engine {
        Engine::ClickHouse => "CREATE TABLE params ENGINE = Memory AS",
        _ => "CREATE TABLE params AS",
    };
    format!(
        "{table}\nSELECT {date} AS as_of, {} AS k, {} AS min_days,\n       {} AS one_time_days, {} AS min_repeat_clients;",
        k_literal(s.k),
        s.min_days,
        s.one_time_days,
        s.min_repeat_clients
    )
}

/// k as SQL: the default 4/3 as a fraction, so that k × interval rounds as Boomerang's does.
fn k_literal(k: f64) -> String {
    if (k - 4.0 / 3.0).abs() < 1e-12 {
        "4.0 / 3".to_owned()
    } else {
        format!("{k}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_line_form_is_the_query_without_its_comments() {
        for engine in Engine::ALL {
            let line = engine.one_line();
            assert!(!line.contains("--") && !line.contains('\n'), "{line}");
            assert!(line.starts_with("WITH p AS ("), "{line}");
            assert!(!line.ends_with(';'));
            // Every word of the statement is still there, in order.
            let words: Vec<&str> = engine
                .sql()
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .flat_map(str::split_whitespace)
                .collect();
            assert_eq!(line.split(' ').count(), words.len());
            assert_eq!(Engine::from_key(engine.key()), Some(engine));
        }
        assert!(Engine::Postgres
            .export_line()
            .starts_with("\\copy (WITH p AS ("));
        assert!(Engine::ClickHouse.export_line().contains("CSVWithNames"));
    }

    #[test]
    fn the_params_table_carries_the_settings() {
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let s = crate::Settings::default();
        let pg = params_sql(Engine::Postgres, as_of, &s);
        assert!(
            pg.contains("DATE '2026-11-25' AS as_of, 4.0 / 3 AS k, 30 AS min_days"),
            "{pg}"
        );
        let ch = params_sql(Engine::ClickHouse, as_of, &s);
        assert!(
            ch.contains("ENGINE = Memory") && ch.contains("toDate('2026-11-25')"),
            "{ch}"
        );
        let s = crate::Settings {
            k: 2.0,
            ..Default::default()
        };
        assert!(params_sql(Engine::DuckDb, as_of, &s).contains(" 2 AS k"));
    }
}
