//! The state database (SQLite in WAL mode): images, layers, tags and the records later
//! features add. Every change is one IMMEDIATE transaction, so two `ctr` processes at once
//! serialise on the database lock instead of losing each other's writes.

use std::path::Path;
use std::time::Duration;

pub(crate) mod containers;
pub(crate) mod networks;
pub(crate) mod pods;
pub(crate) mod volumes;

pub use containers::{ContainerRecord, ContainerState};
pub use networks::{EndpointRecord, NetworkRecord};
pub use pods::PodRecord;
pub use volumes::VolumeRecord;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("state database {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("state database: {0}")]
    Sql(#[from] rusqlite::Error),
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS layers (
    diff_id     TEXT PRIMARY KEY,
    blob_digest TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    blob_size   INTEGER NOT NULL,
    diff_size   INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    created     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    id              TEXT PRIMARY KEY,
    manifest_digest TEXT NOT NULL,
    manifest_type   TEXT NOT NULL,
    created         INTEGER NOT NULL,
    size            INTEGER NOT NULL,
    architecture    TEXT NOT NULL,
    os              TEXT NOT NULL,
    stored          INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS image_layers (
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,
    diff_id  TEXT NOT NULL,
    PRIMARY KEY (image_id, idx)
);
CREATE INDEX IF NOT EXISTS image_layers_diff ON image_layers(diff_id);
CREATE TABLE IF NOT EXISTS tags (
    name     TEXT PRIMARY KEY,
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS tags_image ON tags(image_id);
CREATE TABLE IF NOT EXISTS repo_digests (
    repo     TEXT NOT NULL,
    digest   TEXT NOT NULL,
    image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
    PRIMARY KEY (repo, digest)
);
CREATE TABLE IF NOT EXISTS containers (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    image_id TEXT NOT NULL,
    created  INTEGER NOT NULL
);
";

/// Schema changes after the first, in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    SCHEMA,
    "ALTER TABLE containers ADD COLUMN image_name TEXT NOT NULL DEFAULT '';
     ALTER TABLE containers ADD COLUMN config TEXT NOT NULL DEFAULT '{}';
     ALTER TABLE containers ADD COLUMN state TEXT NOT NULL DEFAULT 'created';
     ALTER TABLE containers ADD COLUMN pid INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE containers ADD COLUMN monitor_pid INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE containers ADD COLUMN exit_code INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE containers ADD COLUMN started_at INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE containers ADD COLUMN finished_at INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE containers ADD COLUMN oom_killed INTEGER NOT NULL DEFAULT 0;
     CREATE INDEX IF NOT EXISTS containers_image ON containers(image_id);",
    // The manifest a tag was pulled or loaded with (one config can come in several).
    "ALTER TABLE tags ADD COLUMN manifest_digest TEXT NOT NULL DEFAULT '';",
    "CREATE TABLE IF NOT EXISTS volumes (
         name      TEXT PRIMARY KEY,
         driver    TEXT NOT NULL,
         created   INTEGER NOT NULL,
         labels    TEXT NOT NULL,
         options   TEXT NOT NULL,
         anonymous INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE IF NOT EXISTS container_volumes (
         container_id TEXT NOT NULL,
         volume       TEXT NOT NULL,
         PRIMARY KEY (container_id, volume)
     );
     CREATE INDEX IF NOT EXISTS container_volumes_volume ON container_volumes(volume);",
    // `ctr build`'s cache: a step's key (parent, instruction, content) -> the image it made.
    "CREATE TABLE IF NOT EXISTS build_cache (
         key      TEXT NOT NULL,
         image_id TEXT NOT NULL,
         created  INTEGER NOT NULL,
         PRIMARY KEY (key, image_id)
     );
     CREATE INDEX IF NOT EXISTS build_cache_image ON build_cache(image_id);",
    // `ctr build`: the content digest of a context file, valid while its stat is the same.
    "CREATE TABLE IF NOT EXISTS build_hashes (
         path   TEXT PRIMARY KEY,
         stat   TEXT NOT NULL,
         sha256 TEXT NOT NULL
     );",
    // Restart policies: how often the monitor restarted a container, and whether the
    // user stopped it (which ends its policy).
    "ALTER TABLE containers ADD COLUMN restart_count INTEGER NOT NULL DEFAULT 0;
     ALTER TABLE containers ADD COLUMN stopped_by_user INTEGER NOT NULL DEFAULT 0;",
    // User networks (IPv4) and the containers' addresses on them; an address is taken
    // once per network.
    "CREATE TABLE IF NOT EXISTS networks (
         id       TEXT PRIMARY KEY,
         name     TEXT NOT NULL UNIQUE,
         driver   TEXT NOT NULL,
         subnet   TEXT NOT NULL,
         gateway  TEXT NOT NULL,
         ip_range TEXT NOT NULL DEFAULT '',
         internal INTEGER NOT NULL DEFAULT 0,
         labels   TEXT NOT NULL,
         options  TEXT NOT NULL,
         created  INTEGER NOT NULL
     );
     CREATE TABLE IF NOT EXISTS network_endpoints (
         network_id   TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
         container_id TEXT NOT NULL,
         ip           TEXT NOT NULL,
         mac          TEXT NOT NULL,
         aliases      TEXT NOT NULL,
         PRIMARY KEY (network_id, container_id),
         UNIQUE (network_id, ip)
     );
     CREATE INDEX IF NOT EXISTS network_endpoints_container ON network_endpoints(container_id);",
    // `--userns auto`: the slice of the id pool each container holds (offset and size,
    // the same for uids and gids).
    "CREATE TABLE IF NOT EXISTS userns_ranges (
         container_id TEXT PRIMARY KEY,
         offset       INTEGER NOT NULL,
         size         INTEGER NOT NULL
     );",
    // Pods: a group of containers sharing namespaces held by its infra container (whose
    // id, like the members', is in `config`; members name their pod in their own config).
    "CREATE TABLE IF NOT EXISTS pods (
         id      TEXT PRIMARY KEY,
         name    TEXT NOT NULL UNIQUE,
         created INTEGER NOT NULL,
         config  TEXT NOT NULL
     );",
];

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version = |c: &Connection| c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    if version(conn)? as usize >= MIGRATIONS.len() {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        // Another ctr may have migrated while we waited for the lock.
        let v = version(conn)? as usize;
        for m in &MIGRATIONS[v.min(MIGRATIONS.len())..] {
            conn.execute_batch(m)?;
        }
        conn.pragma_update(None, "user_version", MIGRATIONS.len() as i64)
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT"),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// An open state database.
pub struct Store {
    pub(crate) conn: Connection,
}

/// A layer as recorded when it was unpacked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LayerRecord {
    pub diff_id: String,
    pub blob_digest: String,
    pub media_type: String,
    pub blob_size: u64,
    pub diff_size: u64,
    pub size: u64,
}

/// An image's row plus its tags, digests and layers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImageRecord {
    pub id: String,
    pub manifest_digest: String,
    pub manifest_type: String,
    pub created: i64,
    pub size: u64,
    pub architecture: String,
    pub os: String,
    pub stored: i64,
    pub tags: Vec<String>,
    pub repo_digests: Vec<String>,
    pub layers: Vec<String>,
}

/// What to record for a new image.
pub struct NewImage<'a> {
    pub id: &'a str,
    pub manifest_digest: &'a str,
    pub manifest_type: &'a str,
    pub created: i64,
    pub architecture: &'a str,
    pub os: &'a str,
    pub layers: &'a [LayerRecord],
    pub tags: &'a [String],
    pub repo_digest: Option<(&'a str, &'a str)>,
}

pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // Switching a new database to WAL needs the lock without waiting in the busy
        // handler: several `ctr` starting on a fresh store at once retry, not fail.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            match Self::open_once(path) {
                Err(StoreError::Open { source: rusqlite::Error::SqliteFailure(e, _), .. })
                    if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
                r => return r,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open { path: path.display().to_string(), source };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(30)).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        // Every ctr command is short-lived and often the only connection: closing must not
        // checkpoint (an fsync per command), and the WAL must stay short, because the next
        // first connection reads all of it to rebuild its index. Measured: a 9.5 MB WAL made
        // `ctr images` 3x slower.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).map_err(open_err)?;
        conn.pragma_update(None, "wal_autocheckpoint", 64).map_err(open_err)?;
        conn.pragma_update(None, "journal_size_limit", 1 << 20).map_err(open_err)?;
        migrate(&conn).map_err(open_err)?;
        Ok(Store { conn })
    }

    /// On the path of a container's start (`ctr run`, the monitor until the process
    /// runs): this connection never checkpoints, which would fsync in the middle of the
    /// start. The monitor checkpoints once the run has ended and its client has the answer
    /// (`checkpoint`), and every other command's connection checkpoints past 64 pages.
    pub fn defer_checkpoints(&self) {
        let _ = self.conn.pragma_update(None, "wal_autocheckpoint", 0);
    }

    /// Copies the write-ahead log into the database as far as no reader needs it
    /// (PRAGMA wal_checkpoint(PASSIVE): never waits for other connections).
    pub fn checkpoint(&self) {
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }

    pub fn layer(&self, diff_id: &str) -> Result<Option<LayerRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT diff_id, blob_digest, media_type, blob_size, diff_size, size FROM layers WHERE diff_id=?1",
                [diff_id],
                layer_row,
            )
            .optional()?)
    }

    /// Records that `repo@digest` names an image (a push).
    pub fn add_repo_digest(&mut self, repo: &str, digest: &str, image_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO repo_digests (repo, digest, image_id) VALUES (?1, ?2, ?3)",
            params![repo, digest, image_id],
        )?;
        Ok(())
    }

    /// Records a layer on its own (a pull records each as it lands, so a pull killed
    /// midway keeps what it finished).
    pub fn add_layer(&self, l: &LayerRecord) -> Result<(), StoreError> {
        insert_layer(&self.conn, l)
    }

    /// Records an image, its layers and tags in one transaction. Tags move from any image
    /// that had them (that image stays, untagged, like docker's `<none>`).
    pub fn add_image(&mut self, img: &NewImage) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let size: u64 = img.layers.iter().map(|l| l.size).sum();
        for l in img.layers {
            insert_layer(&tx, l)?;
        }
        tx.execute(
            "INSERT INTO images (id, manifest_digest, manifest_type, created, size, architecture, os, stored)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(id) DO UPDATE SET manifest_digest=excluded.manifest_digest,
                 manifest_type=excluded.manifest_type",
            params![
                img.id,
                img.manifest_digest,
                img.manifest_type,
                img.created,
                size as i64,
                img.architecture,
                img.os,
                now()
            ],
        )?;
        tx.execute("DELETE FROM image_layers WHERE image_id=?1", [img.id])?;
        for (i, l) in img.layers.iter().enumerate() {
            tx.execute(
                "INSERT INTO image_layers (image_id, idx, diff_id) VALUES (?1, ?2, ?3)",
                params![img.id, i as i64, l.diff_id],
            )?;
        }
        for t in img.tags {
            tx.execute(
                "INSERT INTO tags (name, image_id, manifest_digest) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET image_id=excluded.image_id, manifest_digest=excluded.manifest_digest",
                params![t, img.id, img.manifest_digest],
            )?;
        }
        if let Some((repo, digest)) = img.repo_digest {
            tx.execute(
                "INSERT OR REPLACE INTO repo_digests (repo, digest, image_id) VALUES (?1, ?2, ?3)",
                params![repo, digest, img.id],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn tag(&mut self, name: &str, image_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO tags (name, image_id) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET image_id=excluded.image_id",
            params![name, image_id],
        )?;
        Ok(())
    }

    pub fn untag(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM tags WHERE name=?1", [name])? > 0)
    }

    /// The manifest a tag came with ("" when unknown).
    pub fn tag_manifest(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT manifest_digest FROM tags WHERE name=?1", [name], |r| r.get::<_, String>(0))
            .optional()?
            .filter(|d| !d.is_empty()))
    }

    pub fn image_by_tag(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT image_id FROM tags WHERE name=?1", [name], |r| r.get(0)).optional()?)
    }

    pub fn image_by_repo_digest(&self, repo: &str, digest: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT image_id FROM repo_digests WHERE repo=?1 AND digest=?2", [repo, digest], |r| r.get(0))
            .optional()?)
    }

    /// Image ids starting with `prefix` (a full or short `sha256:` hex id).
    pub fn images_by_id_prefix(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let hex = crate::digest::hex(prefix);
        let mut st = self.conn.prepare("SELECT id FROM images WHERE id >= ?1 AND id < ?2")?;
        let lo = format!("sha256:{hex}");
        let hi = format!("sha256:{hex}\u{10FFFF}");
        let ids = st.query_map([lo, hi], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(ids)
    }

    /// All images with their tags, digests and layers, newest first.
    pub fn images(&self) -> Result<Vec<ImageRecord>, StoreError> {
        let mut imgs: Vec<ImageRecord> = {
            let mut st = self.conn.prepare(
                "SELECT id, manifest_digest, manifest_type, created, size, architecture, os, stored
                 FROM images ORDER BY created DESC, id",
            )?;
            st.query_map([], image_row)?.collect::<Result<_, _>>()?
        };
        let mut index = std::collections::HashMap::new();
        for (i, im) in imgs.iter().enumerate() {
            index.insert(im.id.clone(), i);
        }
        let mut st = self.conn.prepare("SELECT image_id, name FROM tags ORDER BY name")?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            if let Some(&i) = index.get(&id) {
                imgs[i].tags.push(name);
            }
        }
        let mut st = self.conn.prepare("SELECT image_id, repo, digest FROM repo_digests ORDER BY repo")?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
            let (id, repo, digest) = row?;
            if let Some(&i) = index.get(&id) {
                imgs[i].repo_digests.push(format!("{repo}@{digest}"));
            }
        }
        let mut st = self.conn.prepare("SELECT image_id, diff_id FROM image_layers ORDER BY image_id, idx")?;
        for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (id, diff) = row?;
            if let Some(&i) = index.get(&id) {
                imgs[i].layers.push(diff);
            }
        }
        Ok(imgs)
    }

    pub fn image(&self, id: &str) -> Result<Option<ImageRecord>, StoreError> {
        let Some(mut im) = self
            .conn
            .query_row(
                "SELECT id, manifest_digest, manifest_type, created, size, architecture, os, stored
                 FROM images WHERE id=?1",
                [id],
                image_row,
            )
            .optional()?
        else {
            return Ok(None);
        };
        im.tags = self.strings("SELECT name FROM tags WHERE image_id=?1 ORDER BY name", id)?;
        im.repo_digests =
            self.strings("SELECT repo || '@' || digest FROM repo_digests WHERE image_id=?1 ORDER BY repo", id)?;
        im.layers = self.strings("SELECT diff_id FROM image_layers WHERE image_id=?1 ORDER BY idx", id)?;
        Ok(Some(im))
    }

    fn strings(&self, sql: &str, arg: &str) -> Result<Vec<String>, StoreError> {
        let mut st = self.conn.prepare(sql)?;
        let v = st.query_map([arg], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(v)
    }

    pub fn layers_of(&self, image_id: &str) -> Result<Vec<LayerRecord>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT l.diff_id, l.blob_digest, l.media_type, l.blob_size, l.diff_size, l.size
             FROM image_layers il JOIN layers l ON l.diff_id = il.diff_id
             WHERE il.image_id=?1 ORDER BY il.idx",
        )?;
        let v = st.query_map([image_id], layer_row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// Names of containers using an image.
    pub fn containers_using(&self, image_id: &str) -> Result<Vec<String>, StoreError> {
        self.strings("SELECT name FROM containers WHERE image_id=?1 ORDER BY name", image_id)
    }

    /// Deletes an image and every layer no other image needs; returns the removed layers.
    pub fn remove_image(&mut self, id: &str) -> Result<Vec<LayerRecord>, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM images WHERE id=?1", [id])?;
        tx.execute("DELETE FROM build_cache WHERE image_id=?1", [id])?;
        let orphans: Vec<LayerRecord> = {
            let mut st = tx.prepare(
                "SELECT diff_id, blob_digest, media_type, blob_size, diff_size, size FROM layers
                 WHERE diff_id NOT IN (SELECT diff_id FROM image_layers)",
            )?;
            st.query_map([], layer_row)?.collect::<Result<_, _>>()?
        };
        for l in &orphans {
            tx.execute("DELETE FROM layers WHERE diff_id=?1", [&l.diff_id])?;
        }
        tx.commit()?;
        Ok(orphans)
    }

    /// The image a build step with this cache key made, if it is still here.
    pub fn build_cache_get(&self, key: &str) -> Result<Option<String>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT b.image_id FROM build_cache b JOIN images i ON i.id = b.image_id WHERE b.key=?1 ORDER BY b.created DESC, b.rowid DESC LIMIT 1")?;
        let mut rows = st.query([key])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    pub fn build_cache_put(&self, key: &str, image_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO build_cache (key, image_id, created) VALUES (?1, ?2, ?3)",
            rusqlite::params![key, image_id, now()],
        )?;
        Ok(())
    }

    /// A context file's digest recorded for this stat (inode, size, mtime, ctime).
    pub fn build_hash(&self, path: &str, stat: &str) -> Result<Option<String>, StoreError> {
        let mut st = self.conn.prepare_cached("SELECT sha256 FROM build_hashes WHERE path=?1 AND stat=?2")?;
        let mut rows = st.query([path, stat])?;
        Ok(match rows.next()? {
            Some(r) => Some(r.get(0)?),
            None => None,
        })
    }

    pub fn set_build_hash(&self, path: &str, stat: &str, sha: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO build_hashes (path, stat, sha256) VALUES (?1, ?2, ?3)",
            rusqlite::params![path, stat, sha],
        )?;
        Ok(())
    }

    /// Images that exist only as intermediate build steps (the build cache): not a
    /// build's result (key `result:ID`), not tagged.
    pub fn build_cache_images(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        Ok(self
            .strings(
                "SELECT DISTINCT b.image_id FROM build_cache b WHERE b.key NOT LIKE ?1
                   AND b.image_id NOT IN (SELECT image_id FROM build_cache WHERE key LIKE ?1)
                   AND b.image_id NOT IN (SELECT image_id FROM tags)",
                "result:%",
            )?
            .into_iter()
            .collect())
    }

    /// Every blob digest an image or layer refers to (config, manifest, layer blobs).
    pub fn referenced_blobs(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut set = std::collections::HashSet::new();
        for sql in ["SELECT id FROM images", "SELECT manifest_digest FROM images", "SELECT blob_digest FROM layers"] {
            let mut st = self.conn.prepare(sql)?;
            for r in st.query_map([], |r| r.get::<_, String>(0))? {
                set.insert(r?);
            }
        }
        Ok(set)
    }

    /// Every recorded layer.
    pub fn all_layers(&self) -> Result<Vec<LayerRecord>, StoreError> {
        let mut st =
            self.conn.prepare("SELECT diff_id, blob_digest, media_type, blob_size, diff_size, size FROM layers")?;
        let v = st.query_map([], layer_row)?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    pub fn layer_ids(&self) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut st = self.conn.prepare("SELECT diff_id FROM layers")?;
        let v = st.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<_, _>>()?;
        Ok(v)
    }
}

/// A layer row, unless the layer is recorded already.
fn insert_layer(conn: &Connection, l: &LayerRecord) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO layers (diff_id, blob_digest, media_type, blob_size, diff_size, size, created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![l.diff_id, l.blob_digest, l.media_type, l.blob_size as i64, l.diff_size as i64, l.size as i64, now()],
    )?;
    Ok(())
}

fn layer_row(r: &rusqlite::Row) -> rusqlite::Result<LayerRecord> {
    Ok(LayerRecord {
        diff_id: r.get(0)?,
        blob_digest: r.get(1)?,
        media_type: r.get(2)?,
        blob_size: r.get::<_, i64>(3)? as u64,
        diff_size: r.get::<_, i64>(4)? as u64,
        size: r.get::<_, i64>(5)? as u64,
    })
}

fn image_row(r: &rusqlite::Row) -> rusqlite::Result<ImageRecord> {
    Ok(ImageRecord {
        id: r.get(0)?,
        manifest_digest: r.get(1)?,
        manifest_type: r.get(2)?,
        created: r.get(3)?,
        size: r.get::<_, i64>(4)? as u64,
        architecture: r.get(5)?,
        os: r.get(6)?,
        stored: r.get(7)?,
        tags: Vec::new(),
        repo_digests: Vec::new(),
        layers: Vec::new(),
    })
}
