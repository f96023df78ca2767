//! Container records: identity, configuration and lifecycle state.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerState {
    Created,
    Running,
    Stopping,
    /// Exited, and its restart policy starts it again after a backoff.
    Restarting,
    Exited,
}

impl ContainerState {
    /// Whether its monitor is alive: running, being stopped, or waiting to restart.
    pub fn is_active(self) -> bool {
        matches!(self, ContainerState::Running | ContainerState::Stopping | ContainerState::Restarting)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ContainerState::Created => "created",
            ContainerState::Running => "running",
            ContainerState::Stopping => "stopping",
            ContainerState::Restarting => "restarting",
            ContainerState::Exited => "exited",
        }
    }
    fn parse(s: &str) -> ContainerState {
        match s {
            "running" => ContainerState::Running,
            "stopping" => ContainerState::Stopping,
            "restarting" => ContainerState::Restarting,
            "exited" => ContainerState::Exited,
            _ => ContainerState::Created,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ContainerRecord {
    pub id: String,
    pub name: String,
    pub image_id: String,
    pub image_name: String,
    /// The container's configuration as JSON (engine::ContainerConfig).
    pub config: String,
    /// Unix nanoseconds.
    pub created: i64,
    pub state: ContainerState,
    pub pid: i64,
    pub monitor_pid: i64,
    pub exit_code: i64,
    pub started_at: i64,
    pub finished_at: i64,
    pub oom_killed: bool,
    /// Times the monitor restarted it (its restart policy, or --health-on-failure=restart).
    pub restart_count: i64,
    /// `ctr stop`/`kill`/`rm -f` by the user: ends the restart policy (and keeps an
    /// unless-stopped container down at the next login); cleared by `ctr start`.
    pub stopped_by_user: bool,
}

const COLUMNS: &str = "id, name, image_id, image_name, config, created, state, pid, monitor_pid, exit_code, started_at, finished_at, oom_killed, restart_count, stopped_by_user";

fn row(r: &rusqlite::Row) -> rusqlite::Result<ContainerRecord> {
    Ok(ContainerRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        image_id: r.get(2)?,
        image_name: r.get(3)?,
        config: r.get(4)?,
        created: r.get(5)?,
        state: ContainerState::parse(&r.get::<_, String>(6)?),
        pid: r.get(7)?,
        monitor_pid: r.get(8)?,
        exit_code: r.get(9)?,
        started_at: r.get(10)?,
        finished_at: r.get(11)?,
        oom_killed: r.get::<_, i64>(12)? != 0,
        restart_count: r.get(13)?,
        stopped_by_user: r.get::<_, i64>(14)? != 0,
    })
}

/// Why a container could not be added.
#[derive(Debug)]
pub enum AddError {
    NameInUse(String),
    Store(StoreError),
}

impl Store {
    /// Adds a container; the name is reserved atomically (UNIQUE), so of two `ctr run --name
    /// x` at once exactly one wins.
    pub fn add_container(&mut self, c: &ContainerRecord) -> Result<(), AddError> {
        let r = self.conn.execute(
            &format!("INSERT INTO containers ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, 0, 0, 0, 0, 0, 0)"),
            params![c.id, c.name, c.image_id, c.image_name, c.config, c.created, c.state.as_str()],
        );
        match r {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                // Which constraint: the name or (vanishingly unlikely) the id.
                Err(AddError::NameInUse(c.name.clone()))
            }
            Err(e) => Err(AddError::Store(e.into())),
        }
    }

    pub fn containers(&self) -> Result<Vec<ContainerRecord>, StoreError> {
        let mut st = self.conn.prepare_cached(&format!("SELECT {COLUMNS} FROM containers ORDER BY created DESC"))?;
        let v = st.query_map([], row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    pub fn container(&self, id: &str) -> Result<Option<ContainerRecord>, StoreError> {
        Ok(self.conn.query_row(&format!("SELECT {COLUMNS} FROM containers WHERE id=?1"), [id], row).optional()?)
    }

    /// Finds a container by exact name, full id or unique id prefix.
    pub fn find_container(&self, key: &str) -> Result<Vec<ContainerRecord>, StoreError> {
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM containers WHERE name=?1 UNION ALL
             SELECT {COLUMNS} FROM containers WHERE id >= ?1 AND id < ?2 AND name != ?1"
        ))?;
        let hi = format!("{key}\u{10FFFF}");
        let v = st.query_map(params![key, hi], row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    pub fn set_running(&mut self, id: &str, pid: i64, monitor_pid: i64, started_at: i64) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE containers SET state='running', pid=?2, monitor_pid=?3, started_at=?4, exit_code=0, finished_at=0, oom_killed=0 WHERE id=?1",
            params![id, pid, monitor_pid, started_at],
        )?;
        Ok(())
    }

    pub fn set_stopped_by_user(&mut self, id: &str, v: bool) -> Result<(), StoreError> {
        self.conn.execute("UPDATE containers SET stopped_by_user=?2 WHERE id=?1", params![id, v as i64])?;
        Ok(())
    }

    /// The monitor exited the container and starts it again after a backoff.
    pub fn set_restarting(&mut self, id: &str, exit_code: i64, finished_at: i64, oom: bool) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE containers SET state='restarting', pid=0, exit_code=?2, finished_at=?3, oom_killed=?4, restart_count=restart_count+1 WHERE id=?1",
            params![id, exit_code, finished_at, oom as i64],
        )?;
        Ok(())
    }

    pub fn set_config(&mut self, id: &str, config: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE containers SET config=?2 WHERE id=?1", params![id, config])?;
        Ok(())
    }

    pub fn set_state(&mut self, id: &str, state: super::ContainerState) -> Result<(), StoreError> {
        self.conn.execute("UPDATE containers SET state=?2 WHERE id=?1", params![id, state.as_str()])?;
        Ok(())
    }

    pub fn set_exited(&mut self, id: &str, exit_code: i64, finished_at: i64, oom: bool) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE containers SET state='exited', pid=0, monitor_pid=0, exit_code=?2, finished_at=?3, oom_killed=?4 WHERE id=?1",
            params![id, exit_code, finished_at, oom as i64],
        )?;
        Ok(())
    }

    pub fn rename_container(&mut self, id: &str, name: &str) -> Result<(), AddError> {
        match self.conn.execute("UPDATE containers SET name=?2 WHERE id=?1", params![id, name]) {
            Ok(_) => Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
                Err(AddError::NameInUse(name.to_string()))
            }
            Err(e) => Err(AddError::Store(e.into())),
        }
    }

    pub fn remove_container(&mut self, id: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let n = tx.execute("DELETE FROM containers WHERE id=?1", [id])?;
        tx.execute("DELETE FROM container_volumes WHERE container_id=?1", [id])?;
        tx.execute("DELETE FROM network_endpoints WHERE container_id=?1", [id])?;
        tx.execute("DELETE FROM userns_ranges WHERE container_id=?1", [id])?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// Takes the first free slice of `size` ids in a pool of `pool` ids for `--userns
    /// auto` (one transaction: two creates at once get disjoint slices); its offset.
    pub fn allocate_userns_range(&mut self, id: &str, size: u32, pool: u32) -> Result<Option<u32>, StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let taken: Vec<(u32, u32)> = {
            let mut st = tx.prepare("SELECT offset, size FROM userns_ranges")?;
            st.query_map([], |r| Ok((r.get::<_, i64>(0)? as u32, r.get::<_, i64>(1)? as u32)))?
                .collect::<Result<_, _>>()?
        };
        let Some(offset) = crate::engine::userns::first_fit(&taken, size, pool) else {
            return Ok(None);
        };
        tx.execute(
            "INSERT OR REPLACE INTO userns_ranges (container_id, offset, size) VALUES (?1, ?2, ?3)",
            params![id, offset as i64, size as i64],
        )?;
        tx.commit()?;
        Ok(Some(offset))
    }

    /// Gives an `auto` slice back (a create that failed after taking it).
    pub fn release_userns_range(&mut self, id: &str) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM userns_ranges WHERE container_id=?1", [id])?;
        Ok(())
    }
}
