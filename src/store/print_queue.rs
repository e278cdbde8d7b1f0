//! The durable print queue: jobs and their state changes in SQLite.
//!
//! A job (printer, template, field values, copies, rendered payload) moves
//! `queued → sending → printed | failed | unknown`; operators move `unknown` jobs on
//! (confirm → `printed`, reprint → a new job) and cancel queued ones (`cancelled`). Every
//! change is a compare-and-set on the current state plus a row in `print_job_event`, in one
//! transaction, so a crash leaves either the old or the new state and the history agrees.
//!
//! Rules the functions enforce: only `queued` jobs are ever sent; a job that may have
//! reached the printer is never sent again by the station (it becomes `unknown`); a reprint
//! is a new job referencing the original, carrying the same fields, so the same serial, and
//! never allocating a new one; a void is logged, never deleted.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

/// Tables of the print queue. Idempotent (`IF NOT EXISTS`).
pub const MIGRATION: &str = "
CREATE TABLE IF NOT EXISTS print_job (
    id          INTEGER PRIMARY KEY,
    printer     TEXT NOT NULL,
    template    TEXT NOT NULL,
    fields_json TEXT NOT NULL,
    copies      INTEGER NOT NULL CHECK (copies >= 1),
    format      TEXT NOT NULL DEFAULT 'zpl',
    payload     BLOB NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('queued','sending','printed','failed','unknown','cancelled')),
    reprint_of  INTEGER REFERENCES print_job(id),
    serial      TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    voided_at   TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS print_job_by_printer_state ON print_job (printer, state, id);
CREATE TABLE IF NOT EXISTS print_job_event (
    id         INTEGER PRIMARY KEY,
    job_id     INTEGER NOT NULL REFERENCES print_job(id),
    at         TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    actor      TEXT NOT NULL CHECK (actor IN ('station','worker','operator')),
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS print_job_event_by_job ON print_job_event (job_id, id);
";

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Sending,
    Printed,
    Failed,
    Unknown,
    Cancelled,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Sending => "sending",
            JobState::Printed => "printed",
            JobState::Failed => "failed",
            JobState::Unknown => "unknown",
            JobState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<JobState> {
        Some(match text {
            "queued" => JobState::Queued,
            "sending" => JobState::Sending,
            "printed" => JobState::Printed,
            "failed" => JobState::Failed,
            "unknown" => JobState::Unknown,
            "cancelled" => JobState::Cancelled,
            _ => return None,
        })
    }
}

/// Who made a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Station,
    Worker,
    Operator,
}

impl Actor {
    fn as_str(self) -> &'static str {
        match self {
            Actor::Station => "station",
            Actor::Worker => "worker",
            Actor::Operator => "operator",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("print queue database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("print job {0} does not exist; see `scanstation queue list`")]
    NotFound(i64),
    #[error("print job {id} is {state}; {action} needs a job that is {allowed}")]
    WrongState {
        id: i64,
        state: &'static str,
        action: &'static str,
        allowed: &'static str,
    },
    #[error("print job {id} has a bad stored value: {message}")]
    Corrupt { id: i64, message: String },
}

/// A job to add.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub printer: &'a str,
    pub template: &'a str,
    /// The field values as given (JSON object), kept so a reprint prints the same data.
    pub fields_json: &'a str,
    pub copies: u32,
    pub payload: &'a [u8],
    /// The serial the label carries, if any, for lookups and the journal.
    pub serial: Option<&'a str>,
}

/// A job as stored (without its payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Job {
    pub id: i64,
    pub printer: String,
    pub template: String,
    pub fields: serde_json::Value,
    pub copies: u32,
    pub state: JobState,
    pub reprint_of: Option<i64>,
    pub serial: Option<String>,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub voided_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// One logged change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobEvent {
    pub job_id: i64,
    pub at: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub actor: String,
    pub note: String,
}

fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

const JOB_COLUMNS: &str =
    "id, printer, template, fields_json, copies, state, reprint_of, serial, attempts, \
                           last_error, voided_at, created_at, updated_at";

fn job_from_row(row: &Row<'_>) -> rusqlite::Result<(Job, String, String)> {
    let state_text: String = row.get(5)?;
    let fields_text: String = row.get(3)?;
    Ok((
        Job {
            id: row.get(0)?,
            printer: row.get(1)?,
            template: row.get(2)?,
            fields: serde_json::Value::Null,
            copies: row.get(4)?,
            state: JobState::Queued,
            reprint_of: row.get(6)?,
            serial: row.get(7)?,
            attempts: row.get(8)?,
            last_error: row.get(9)?,
            voided_at: row.get(10)?,
            created_at: row.get(11)?,
            updated_at: row.get(12)?,
        },
        state_text,
        fields_text,
    ))
}

fn finish_job(
    (mut job, state_text, fields_text): (Job, String, String),
) -> Result<Job, QueueError> {
    job.state = JobState::parse(&state_text).ok_or_else(|| QueueError::Corrupt {
        id: job.id,
        message: format!("state {state_text:?}"),
    })?;
    job.fields = serde_json::from_str(&fields_text).map_err(|err| QueueError::Corrupt {
        id: job.id,
        message: format!("fields_json: {err}"),
    })?;
    Ok(job)
}

fn log_event(
    conn: &Connection,
    job_id: i64,
    from: Option<JobState>,
    to: &str,
    actor: Actor,
    note: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO print_job_event (job_id, at, from_state, to_state, actor, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![job_id, timestamp(now), from.map(JobState::as_str), to, actor.as_str(), note],
    )?;
    Ok(())
}

/// Adds a queued job; returns its id.
pub fn enqueue(
    conn: &mut Connection,
    job: &NewJob<'_>,
    now: DateTime<Utc>,
) -> Result<i64, QueueError> {
    let tx = conn.transaction()?;
    let id = insert_job(&tx, job, None, now)?;
    tx.commit()?;
    Ok(id)
}

fn insert_job(
    conn: &Connection,
    job: &NewJob<'_>,
    reprint_of: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64, QueueError> {
    let at = timestamp(now);
    conn.execute(
        "INSERT INTO print_job (printer, template, fields_json, copies, payload, state, reprint_of, serial, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?8)",
        params![job.printer, job.template, job.fields_json, job.copies.max(1), job.payload, reprint_of, job.serial, at],
    )?;
    let id = conn.last_insert_rowid();
    let note = reprint_of.map_or(String::new(), |original| {
        format!("reprint of job {original}")
    });
    log_event(
        conn,
        id,
        None,
        "queued",
        if reprint_of.is_some() {
            Actor::Operator
        } else {
            Actor::Station
        },
        &note,
        now,
    )?;
    Ok(id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Job, QueueError> {
    let row = conn
        .query_row(
            &format!("SELECT {JOB_COLUMNS} FROM print_job WHERE id = ?1"),
            [id],
            job_from_row,
        )
        .optional()?
        .ok_or(QueueError::NotFound(id))?;
    finish_job(row)
}

pub fn payload(conn: &Connection, id: i64) -> Result<Vec<u8>, QueueError> {
    conn.query_row("SELECT payload FROM print_job WHERE id = ?1", [id], |row| {
        row.get(0)
    })
    .optional()?
    .ok_or(QueueError::NotFound(id))
}

/// Jobs, newest first, optionally only in one state or for one printer.
pub fn list(
    conn: &Connection,
    state: Option<JobState>,
    printer: Option<&str>,
    limit: u32,
) -> Result<Vec<Job>, QueueError> {
    let mut statement = conn.prepare(&format!(
        "SELECT {JOB_COLUMNS} FROM print_job WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR printer = ?2) \
         ORDER BY id DESC LIMIT ?3"
    ))?;
    let rows = statement.query_map(
        params![state.map(JobState::as_str), printer, limit],
        job_from_row,
    )?;
    let mut jobs = Vec::new();
    for row in rows {
        jobs.push(finish_job(row?)?);
    }
    Ok(jobs)
}

pub fn events(conn: &Connection, id: i64) -> Result<Vec<JobEvent>, QueueError> {
    let mut statement = conn.prepare(
        "SELECT job_id, at, from_state, to_state, actor, note FROM print_job_event WHERE job_id = ?1 ORDER BY id",
    )?;
    let rows = statement.query_map([id], |row| {
        Ok(JobEvent {
            job_id: row.get(0)?,
            at: row.get(1)?,
            from_state: row.get(2)?,
            to_state: row.get(3)?,
            actor: row.get(4)?,
            note: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The oldest queued job of a printer.
pub fn next_queued(conn: &Connection, printer: &str) -> Result<Option<Job>, QueueError> {
    let row = conn
        .query_row(
            &format!("SELECT {JOB_COLUMNS} FROM print_job WHERE printer = ?1 AND state = 'queued' ORDER BY id LIMIT 1"),
            [printer],
            job_from_row,
        )
        .optional()?;
    row.map(finish_job).transpose()
}

/// Compare-and-set: moves job `id` from `from` to `to` and logs it. Returns false (and
/// changes nothing) when the job is not in `from`.
pub fn transition(
    conn: &mut Connection,
    id: i64,
    from: JobState,
    to: JobState,
    actor: Actor,
    note: &str,
    now: DateTime<Utc>,
) -> Result<bool, QueueError> {
    let tx = conn.transaction()?;
    let attempts = i64::from(from == JobState::Queued && to == JobState::Sending);
    let error = match to {
        JobState::Failed | JobState::Unknown | JobState::Queued if !note.is_empty() => Some(note),
        _ => None,
    };
    let changed = tx.execute(
        "UPDATE print_job SET state = ?1, updated_at = ?2, attempts = attempts + ?3, \
         last_error = COALESCE(?4, last_error) WHERE id = ?5 AND state = ?6",
        params![
            to.as_str(),
            timestamp(now),
            attempts,
            error,
            id,
            from.as_str()
        ],
    )?;
    if changed == 1 {
        log_event(&tx, id, Some(from), to.as_str(), actor, note, now)?;
    }
    tx.commit()?;
    Ok(changed == 1)
}

/// After a restart: jobs left in `sending` may or may not have printed. They become
/// `unknown` for the operator; returns how many.
pub fn recover_interrupted(
    conn: &mut Connection,
    printer: &str,
    now: DateTime<Utc>,
) -> Result<usize, QueueError> {
    let ids: Vec<i64> = {
        let mut statement =
            conn.prepare("SELECT id FROM print_job WHERE printer = ?1 AND state = 'sending'")?;
        let rows = statement.query_map([printer], |row| row.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut recovered = 0;
    for id in ids {
        if transition(
            conn,
            id,
            JobState::Sending,
            JobState::Unknown,
            Actor::Station,
            "station stopped while sending: check whether the label came out, then confirm or reprint",
            now,
        )? {
            recovered += 1;
        }
    }
    Ok(recovered)
}

fn require(
    job: &Job,
    allowed: &[JobState],
    action: &'static str,
    allowed_text: &'static str,
) -> Result<(), QueueError> {
    if allowed.contains(&job.state) {
        Ok(())
    } else {
        Err(QueueError::WrongState {
            id: job.id,
            state: job.state.as_str(),
            action,
            allowed: allowed_text,
        })
    }
}

/// The operator saw the label of an `unknown` job come out fine.
pub fn confirm(conn: &mut Connection, id: i64, now: DateTime<Utc>) -> Result<(), QueueError> {
    let job = get(conn, id)?;
    require(&job, &[JobState::Unknown], "confirm", "unknown")?;
    transition(
        conn,
        id,
        JobState::Unknown,
        JobState::Printed,
        Actor::Operator,
        "confirmed by operator",
        now,
    )?;
    Ok(())
}

/// Cancels a job that has not been sent.
pub fn cancel(conn: &mut Connection, id: i64, now: DateTime<Utc>) -> Result<(), QueueError> {
    let job = get(conn, id)?;
    require(
        &job,
        &[JobState::Queued],
        "cancel",
        "queued (a sent job is confirmed, reprinted or voided)",
    )?;
    transition(
        conn,
        id,
        JobState::Queued,
        JobState::Cancelled,
        Actor::Operator,
        "cancelled by operator",
        now,
    )?;
    Ok(())
}

/// Retries a `failed` job (one that never reached the printer): back to `queued`.
pub fn retry(conn: &mut Connection, id: i64, now: DateTime<Utc>) -> Result<(), QueueError> {
    let job = get(conn, id)?;
    require(
        &job,
        &[JobState::Failed],
        "retry",
        "failed (for unknown or printed jobs use reprint)",
    )?;
    transition(
        conn,
        id,
        JobState::Failed,
        JobState::Queued,
        Actor::Operator,
        "retried by operator",
        now,
    )?;
    Ok(())
}

/// A new job printing the same label again (same fields, so the same serial), referencing
/// the original. An `unknown` original becomes `failed` ("did not come out"); a `printed`
/// original gets a void logged (its label is spoiled). Returns the new job's id.
pub fn reprint(
    conn: &mut Connection,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64, QueueError> {
    let tx = conn.transaction()?;
    let (_, new_id) = reprint_in(&tx, id, reason, now)?;
    tx.commit()?;
    Ok(new_id)
}

/// [`reprint`] inside the caller's transaction. Returns the original job (as it was) and the
/// new job's id.
fn reprint_in(
    tx: &Connection,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(Job, i64), QueueError> {
    let job = get(tx, id)?;
    require(
        &job,
        &[JobState::Unknown, JobState::Printed, JobState::Failed],
        "reprint",
        "unknown, printed or failed",
    )?;
    let payload = payload(tx, id)?;
    let fields_json = job.fields.to_string();
    let new_id = insert_job(
        tx,
        &NewJob {
            printer: &job.printer,
            template: &job.template,
            fields_json: &fields_json,
            copies: job.copies,
            payload: &payload,
            serial: job.serial.as_deref(),
        },
        Some(id),
        now,
    )?;
    let note = format!("reprinted as job {new_id}: {reason}");
    match job.state {
        JobState::Unknown => {
            tx.execute(
                "UPDATE print_job SET state = 'failed', updated_at = ?1 WHERE id = ?2 AND state = 'unknown'",
                params![timestamp(now), id],
            )?;
            log_event(
                tx,
                id,
                Some(JobState::Unknown),
                "failed",
                Actor::Operator,
                &note,
                now,
            )?;
        }
        JobState::Printed => {
            tx.execute(
                "UPDATE print_job SET voided_at = ?1 WHERE id = ?2",
                params![timestamp(now), id],
            )?;
            log_event(
                tx,
                id,
                Some(JobState::Printed),
                "void",
                Actor::Operator,
                &note,
                now,
            )?;
        }
        _ => log_event(
            tx,
            id,
            Some(job.state),
            job.state.as_str(),
            Actor::Operator,
            &note,
            now,
        )?,
    }
    Ok((job, new_id))
}

pub fn void(
    conn: &mut Connection,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), QueueError> {
    let tx = conn.transaction()?;
    void_in(&tx, id, reason, now)?;
    tx.commit()?;
    Ok(())
}

/// [`void`] inside the caller's transaction; returns the job as it was.
fn void_in(tx: &Connection, id: i64, reason: &str, now: DateTime<Utc>) -> Result<Job, QueueError> {
    let job = get(tx, id)?;
    require(
        &job,
        &[JobState::Printed, JobState::Unknown],
        "void",
        "printed or unknown",
    )?;
    let note = format!("voided by operator: {reason}");
    if job.state == JobState::Unknown {
        tx.execute(
            "UPDATE print_job SET state = 'cancelled', updated_at = ?1 WHERE id = ?2 AND state = 'unknown'",
            params![timestamp(now), id],
        )?;
    }
    tx.execute(
        "UPDATE print_job SET voided_at = ?1 WHERE id = ?2",
        params![timestamp(now), id],
    )?;
    log_event(tx, id, Some(job.state), "void", Actor::Operator, &note, now)?;
    Ok(job)
}

fn queue_error(path: &std::path::Path, err: QueueError) -> super::StoreError {
    match err {
        QueueError::Sql(source) => super::classify(path, "writing the print queue", source),
        other => super::StoreError::Invalid(other.to_string()),
    }
}

impl super::Store {
    /// Queues a print job and journals it (`entry`, usually [`super::EventKind::Print`]) in one
    /// transaction: no label is ever queued without its journal row. The job id is added to
    /// the entry's payload.
    pub fn queue_print(
        &mut self,
        job: &NewJob<'_>,
        entry: &super::JournalEntry,
        now: DateTime<Utc>,
    ) -> Result<(i64, super::Appended), super::StoreError> {
        self.transaction(|tx| {
            let id =
                insert_job(tx.sql(), job, None, now).map_err(|err| queue_error(tx.path(), err))?;
            let mut entry = entry.clone();
            entry.payload = Some(with_job_id(entry.payload.as_deref(), id, None));
            let appended = tx.append(&entry)?;
            Ok((id, appended))
        })
    }

    /// Prints a job again as a new job with the same data (same serial), in one transaction
    /// with its journal rows: `reprint`, and `void` when the original label was printed (it
    /// is void from now on). Returns the new job's id.
    pub fn reprint_job(
        &mut self,
        job_id: i64,
        reason: &str,
        device: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<i64, super::StoreError> {
        self.transaction(|tx| {
            let (job, new_id) = reprint_in(tx.sql(), job_id, reason, now)
                .map_err(|err| queue_error(tx.path(), err))?;
            if job.state == JobState::Printed {
                tx.append(&queue_entry(
                    super::EventKind::Void,
                    &job,
                    job_id,
                    None,
                    reason,
                    device,
                    now,
                ))?;
            }
            tx.append(&queue_entry(
                super::EventKind::Reprint,
                &job,
                new_id,
                Some(job_id),
                reason,
                device,
                now,
            ))?;
            Ok(new_id)
        })
    }

    /// Records that a printed (or unknown) job's label is void, with its journal row.
    pub fn void_job(
        &mut self,
        job_id: i64,
        reason: &str,
        device: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), super::StoreError> {
        self.transaction(|tx| {
            let job = void_in(tx.sql(), job_id, reason, now)
                .map_err(|err| queue_error(tx.path(), err))?;
            tx.append(&queue_entry(
                super::EventKind::Void,
                &job,
                job_id,
                None,
                reason,
                device,
                now,
            ))?;
            Ok(())
        })
    }
}

/// The journal row of a queue action on `job`.
fn queue_entry(
    kind: super::EventKind,
    job: &Job,
    job_id: i64,
    reprint_of: Option<i64>,
    reason: &str,
    device: Option<&str>,
    now: DateTime<Utc>,
) -> super::JournalEntry {
    let mut entry = super::JournalEntry::new(kind, now);
    entry.device = device.map(str::to_owned);
    entry.serial = job.serial.clone();
    entry.payload = Some(with_job_id(
        Some(&serde_json::json!({"printer": job.printer, "reason": reason}).to_string()),
        job_id,
        reprint_of,
    ));
    entry
}

/// `payload` (a JSON object text, or nothing) with `job_id` (and `reprint_of`) added.
fn with_job_id(payload: Option<&str>, job_id: i64, reprint_of: Option<i64>) -> String {
    let mut object = payload
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .filter(serde_json::Value::is_object)
        .unwrap_or_else(|| serde_json::json!({}));
    object["job_id"] = serde_json::Value::from(job_id);
    if let Some(original) = reprint_of {
        object["reprint_of"] = serde_json::Value::from(original);
    }
    object.to_string()
}

impl super::Store {
    /// One job (without its payload).
    pub fn print_job(&self, id: i64) -> Result<Job, super::StoreError> {
        get(&self.conn, id).map_err(|err| queue_error(self.path(), err))
    }

    /// Jobs still `queued` or `sending`: the print queue depth.
    pub fn count_unsent_jobs(&self) -> Result<i64, super::StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM print_job WHERE state IN ('queued', 'sending')",
                [],
                |row| row.get(0),
            )
            .map_err(|source| super::classify(self.path(), "counting print jobs", source))
    }

    /// Jobs still `queued` or `sending`, per printer (printers without any are left out).
    pub fn count_unsent_jobs_by_printer(
        &self,
    ) -> Result<std::collections::HashMap<String, i64>, super::StoreError> {
        self.conn
            .prepare(
                "SELECT printer, COUNT(*) FROM print_job WHERE state IN ('queued', 'sending') GROUP BY printer",
            )
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect()
            })
            .map_err(|source| super::classify(self.path(), "counting print jobs", source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATION).unwrap();
        conn.execute_batch(MIGRATION).unwrap();
        conn
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn new_job(conn: &mut Connection) -> i64 {
        enqueue(
            conn,
            &NewJob {
                printer: "line1",
                template: "serial",
                fields_json: r#"{"serial":"SN1"}"#,
                copies: 1,
                payload: b"^XA^XZ",
                serial: Some("SN1"),
            },
            now(),
        )
        .unwrap()
    }

    #[test]
    fn lifecycle_and_history() {
        let mut conn = db();
        let id = new_job(&mut conn);
        assert_eq!(next_queued(&conn, "line1").unwrap().map(|j| j.id), Some(id));
        assert!(transition(
            &mut conn,
            id,
            JobState::Queued,
            JobState::Sending,
            Actor::Worker,
            "",
            now()
        )
        .unwrap());
        assert!(!transition(
            &mut conn,
            id,
            JobState::Queued,
            JobState::Sending,
            Actor::Worker,
            "",
            now()
        )
        .unwrap());
        assert_eq!(recover_interrupted(&mut conn, "line1", now()).unwrap(), 1);
        let job = get(&conn, id).unwrap();
        assert_eq!((job.state, job.attempts), (JobState::Unknown, 1));
        assert!(
            cancel(&mut conn, id, now()).is_err(),
            "a sent job cannot be cancelled"
        );
        let reprint_id = reprint(&mut conn, id, "did not come out", now()).unwrap();
        let copy = get(&conn, reprint_id).unwrap();
        assert_eq!(
            (copy.state, copy.reprint_of, copy.serial.as_deref()),
            (JobState::Queued, Some(id), Some("SN1"))
        );
        assert_eq!(payload(&conn, reprint_id).unwrap(), b"^XA^XZ");
        assert_eq!(get(&conn, id).unwrap().state, JobState::Failed);
        let history: Vec<String> = events(&conn, id)
            .unwrap()
            .into_iter()
            .map(|e| e.to_state)
            .collect();
        assert_eq!(history, ["queued", "sending", "unknown", "failed"]);
    }

    #[test]
    fn operator_actions_check_state() {
        let mut conn = db();
        let id = new_job(&mut conn);
        assert!(matches!(
            confirm(&mut conn, id, now()),
            Err(QueueError::WrongState { .. })
        ));
        assert!(matches!(
            void(&mut conn, id, "x", now()),
            Err(QueueError::WrongState { .. })
        ));
        cancel(&mut conn, id, now()).unwrap();
        assert_eq!(get(&conn, id).unwrap().state, JobState::Cancelled);
        assert!(matches!(get(&conn, 999), Err(QueueError::NotFound(999))));
        let printed = new_job(&mut conn);
        transition(
            &mut conn,
            printed,
            JobState::Queued,
            JobState::Sending,
            Actor::Worker,
            "",
            now(),
        )
        .unwrap();
        transition(
            &mut conn,
            printed,
            JobState::Sending,
            JobState::Printed,
            Actor::Worker,
            "",
            now(),
        )
        .unwrap();
        void(&mut conn, printed, "torn", now()).unwrap();
        let job = get(&conn, printed).unwrap();
        assert_eq!(job.state, JobState::Printed);
        assert!(job.voided_at.is_some());
        assert_eq!(
            list(&conn, Some(JobState::Printed), None, 10)
                .unwrap()
                .len(),
            1
        );
    }
}
