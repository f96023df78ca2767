//! Pod records: id, name, creation time and the pod's configuration (JSON, the engine's
//! `PodConfig`).

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct PodRecord {
    pub id: String,
    pub name: String,
    /// Unix seconds.
    pub created: i64,
    pub config: String,
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<PodRecord> {
    Ok(PodRecord { id: r.get(0)?, name: r.get(1)?, created: r.get(2)?, config: r.get(3)? })
}

impl Store {
    /// Adds a pod; false when one of that name exists already.
    pub fn add_pod(&mut self, p: &PodRecord) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO pods (id, name, created, config) VALUES (?1, ?2, ?3, ?4)",
            params![p.id, p.name, p.created, p.config],
        )?;
        Ok(n > 0)
    }

    pub fn set_pod_config(&mut self, id: &str, config: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE pods SET config=?2 WHERE id=?1", params![id, config])?;
        Ok(())
    }

    pub fn pods(&self) -> Result<Vec<PodRecord>, StoreError> {
        let mut st = self.conn.prepare("SELECT id, name, created, config FROM pods ORDER BY created, name")?;
        let v = st.query_map([], row)?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// The pods whose name is `key`, or else whose id starts with it.
    pub fn find_pods(&self, key: &str) -> Result<Vec<PodRecord>, StoreError> {
        if let Some(p) =
            self.conn.query_row("SELECT id, name, created, config FROM pods WHERE name=?1", [key], row).optional()?
        {
            return Ok(vec![p]);
        }
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare("SELECT id, name, created, config FROM pods WHERE id LIKE ?1 || '%'")?;
        let v = st.query_map([key], row)?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    pub fn remove_pod(&mut self, id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM pods WHERE id=?1", [id])? > 0)
    }
}
