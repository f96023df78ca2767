//! Volume records, and which containers use which volumes.

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};

#[derive(Debug, Clone, serde::Serialize)]
pub struct VolumeRecord {
    pub name: String,
    pub driver: String,
    /// Unix seconds.
    pub created: i64,
    pub labels: std::collections::BTreeMap<String, String>,
    pub options: std::collections::BTreeMap<String, String>,
    pub anonymous: bool,
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<VolumeRecord> {
    let json = |s: String| serde_json::from_str(&s).unwrap_or_default();
    Ok(VolumeRecord {
        name: r.get(0)?,
        driver: r.get(1)?,
        created: r.get(2)?,
        labels: json(r.get(3)?),
        options: json(r.get(4)?),
        anonymous: r.get::<_, i64>(5)? != 0,
    })
}

const COLUMNS: &str = "name, driver, created, labels, options, anonymous";

impl Store {
    /// Adds a volume; false when one of that name exists already.
    pub fn add_volume(&mut self, v: &VolumeRecord) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO volumes (name, driver, created, labels, options, anonymous) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                v.name,
                v.driver,
                v.created,
                serde_json::to_string(&v.labels).unwrap_or_default(),
                serde_json::to_string(&v.options).unwrap_or_default(),
                v.anonymous as i64
            ],
        )?;
        Ok(n > 0)
    }

    pub fn volume(&self, name: &str) -> Result<Option<VolumeRecord>, StoreError> {
        Ok(self.conn.query_row(&format!("SELECT {COLUMNS} FROM volumes WHERE name=?1"), [name], row).optional()?)
    }

    pub fn volumes(&self) -> Result<Vec<VolumeRecord>, StoreError> {
        let mut st = self.conn.prepare(&format!("SELECT {COLUMNS} FROM volumes ORDER BY name"))?;
        let v = st.query_map([], row)?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    pub fn remove_volume(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM volumes WHERE name=?1", [name])? > 0)
    }

    /// Records that a container uses volumes.
    pub fn link_volumes(&mut self, container: &str, volumes: &[String]) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for v in volumes {
            tx.execute(
                "INSERT OR IGNORE INTO container_volumes (container_id, volume) VALUES (?1, ?2)",
                params![container, v],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The containers using a volume.
    pub fn volume_users(&self, name: &str) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT cv.container_id FROM container_volumes cv JOIN containers c ON c.id = cv.container_id WHERE cv.volume=?1",
        )?;
        let v = st.query_map([name], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// The volumes a container uses.
    pub fn container_volumes(&self, container: &str) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare("SELECT volume FROM container_volumes WHERE container_id=?1 ORDER BY volume")?;
        let v = st.query_map([container], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok(v)
    }
}
