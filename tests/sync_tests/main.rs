//! Integration tests of head-office sync: one test binary, one module per concern, every
//! head office and station on temporary files, all traffic on 127.0.0.1.

/// Fixtures: in-process head office, fault-injecting proxy, station backlogs, exactly-once check.
#[macro_use]
mod common;

/// A throwaway PostgreSQL cluster (Debian's packages) with a schema per head office.
#[cfg(feature = "postgres")]
mod pg_cluster;

/// Without the `postgres` feature (the Pi build) there is no cluster: [`Backend::Postgres`]
/// scenarios are not compiled, and this stand-in has no values.
#[cfg(not(feature = "postgres"))]
mod pg_cluster {
    /// No value of this type exists in a build without PostgreSQL.
    pub enum PgSchema {}

    impl PgSchema {
        pub fn url(&self) -> String {
            match *self {}
        }

        pub fn schema(&self) -> String {
            match *self {}
        }

        pub fn execute(&self, _sql: &str) {
            match *self {}
        }
    }
}

/// Push under faults: head office down, 500, slow, cut connection, replayed answer, lost events.
mod faults;

/// Pull: staging, dependency order, bad rows, interrupted pages, serial blocks.
mod pull;

/// Recalls end to end through the station's scan path, and head-office alerts.
mod recall;

/// The real binary: SIGKILL mid-push, protocol mismatch, bad token, TLS with a custom CA.
mod cli;

/// `scanstation run` syncing on its own interval.
mod daemon;

/// The scenarios above on PostgreSQL, concurrent pushes, migrations, `hq serve` with database_url.
#[cfg(feature = "postgres")]
mod postgres;
