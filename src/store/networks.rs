//! Network records and their endpoints (a container's address on a network). Subnets and
//! addresses are chosen inside the transaction that records them, so two `ctr` at once
//! never get the same one.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NetworkRecord {
    /// 64 hex digits, like docker's.
    pub id: String,
    pub name: String,
    pub driver: String,
    /// `A.B.C.D/N`.
    pub subnet: String,
    pub gateway: String,
    /// The part of the subnet containers' addresses come from (`A.B.C.D/N`), if limited.
    pub ip_range: Option<String>,
    pub internal: bool,
    pub labels: BTreeMap<String, String>,
    pub options: BTreeMap<String, String>,
    /// Unix nanoseconds.
    pub created: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EndpointRecord {
    pub network_id: String,
    pub container_id: String,
    pub ip: String,
    pub mac: String,
    pub aliases: Vec<String>,
}

const NET_COLUMNS: &str = "id, name, driver, subnet, gateway, ip_range, internal, labels, options, created";
const EP_COLUMNS: &str = "network_id, container_id, ip, mac, aliases";

fn net_row(r: &rusqlite::Row) -> rusqlite::Result<NetworkRecord> {
    let json = |s: String| serde_json::from_str(&s).unwrap_or_default();
    Ok(NetworkRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        driver: r.get(2)?,
        subnet: r.get(3)?,
        gateway: r.get(4)?,
        ip_range: Some(r.get::<_, String>(5)?).filter(|s| !s.is_empty()),
        internal: r.get::<_, i64>(6)? != 0,
        labels: json(r.get(7)?),
        options: json(r.get(8)?),
        created: r.get(9)?,
    })
}

fn ep_row(r: &rusqlite::Row) -> rusqlite::Result<EndpointRecord> {
    Ok(EndpointRecord {
        network_id: r.get(0)?,
        container_id: r.get(1)?,
        ip: r.get(2)?,
        mac: r.get(3)?,
        aliases: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
    })
}

fn all_networks(conn: &rusqlite::Connection) -> Result<Vec<NetworkRecord>, StoreError> {
    let mut st = conn.prepare(&format!("SELECT {NET_COLUMNS} FROM networks ORDER BY name"))?;
    let v = st.query_map([], net_row)?.collect::<Result<_, _>>()?;
    Ok(v)
}

fn endpoints_of(conn: &rusqlite::Connection, network_id: &str) -> Result<Vec<EndpointRecord>, StoreError> {
    let mut st =
        conn.prepare(&format!("SELECT {EP_COLUMNS} FROM network_endpoints WHERE network_id=?1 ORDER BY container_id"))?;
    let v = st.query_map([network_id], ep_row)?.collect::<Result<_, _>>()?;
    Ok(v)
}

impl Store {
    /// Records a new network in one IMMEDIATE transaction: `make` sees every network
    /// recorded (after any other writer's commit) and returns the record to add, or an
    /// error that leaves the store as it was.
    pub fn add_network<E: From<StoreError>>(
        &mut self,
        make: impl FnOnce(&[NetworkRecord]) -> Result<NetworkRecord, E>,
    ) -> Result<NetworkRecord, E> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let existing = all_networks(&tx)?;
        let n = make(&existing)?;
        tx.execute(
            &format!("INSERT INTO networks ({NET_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
            params![
                n.id,
                n.name,
                n.driver,
                n.subnet,
                n.gateway,
                n.ip_range.clone().unwrap_or_default(),
                n.internal as i64,
                serde_json::to_string(&n.labels).unwrap_or_default(),
                serde_json::to_string(&n.options).unwrap_or_default(),
                n.created
            ],
        )
        .map_err(StoreError::from)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(n)
    }

    pub fn networks(&self) -> Result<Vec<NetworkRecord>, StoreError> {
        all_networks(&self.conn)
    }

    pub fn network_by_name(&self, name: &str) -> Result<Option<NetworkRecord>, StoreError> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {NET_COLUMNS} FROM networks WHERE name=?1"), [name], net_row)
            .optional()?)
    }

    /// Networks whose id starts with `prefix`.
    pub fn networks_by_id_prefix(&self, prefix: &str) -> Result<Vec<NetworkRecord>, StoreError> {
        let mut st = self.conn.prepare(&format!("SELECT {NET_COLUMNS} FROM networks WHERE id >= ?1 AND id < ?2"))?;
        let hi = format!("{prefix}\u{10FFFF}");
        let v = st.query_map([prefix, hi.as_str()], net_row)?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// Deletes a network, unless a container is on it; false when it was in use or gone.
    pub fn remove_network(&mut self, id: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if !endpoints_of(&tx, id)?.is_empty() {
            return Ok(false);
        }
        let n = tx.execute("DELETE FROM networks WHERE id=?1", [id])?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// A container's endpoints on every network.
    pub fn container_endpoints(&self, container_id: &str) -> Result<Vec<EndpointRecord>, StoreError> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {EP_COLUMNS} FROM network_endpoints WHERE container_id=?1 ORDER BY rowid"))?;
        let v = st.query_map([container_id], ep_row)?.collect::<Result<_, _>>()?;
        Ok(v)
    }

    /// The endpoints on a network.
    pub fn network_endpoints(&self, network_id: &str) -> Result<Vec<EndpointRecord>, StoreError> {
        endpoints_of(&self.conn, network_id)
    }

    /// Records a container's endpoint on a network in one IMMEDIATE transaction: `make`
    /// sees the network (None if it was removed meanwhile) and its endpoints, and returns
    /// the endpoint to add (its address chosen among the free ones) or an error.
    pub fn add_endpoint<E: From<StoreError>>(
        &mut self,
        network_id: &str,
        make: impl FnOnce(Option<&NetworkRecord>, &[EndpointRecord]) -> Result<EndpointRecord, E>,
    ) -> Result<EndpointRecord, E> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let net = tx
            .query_row(&format!("SELECT {NET_COLUMNS} FROM networks WHERE id=?1"), [network_id], net_row)
            .optional()
            .map_err(StoreError::from)?;
        let eps = endpoints_of(&tx, network_id)?;
        let ep = make(net.as_ref(), &eps)?;
        tx.execute(
            &format!("INSERT INTO network_endpoints ({EP_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"),
            params![
                ep.network_id,
                ep.container_id,
                ep.ip,
                ep.mac,
                serde_json::to_string(&ep.aliases).unwrap_or_default()
            ],
        )
        .map_err(StoreError::from)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(ep)
    }

    /// Drops a container's endpoint on a network; false when there was none.
    pub fn remove_endpoint(&mut self, network_id: &str, container_id: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM network_endpoints WHERE network_id=?1 AND container_id=?2",
            [network_id, container_id],
        )? > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, name: &str, subnet: &str) -> NetworkRecord {
        NetworkRecord {
            id: id.into(),
            name: name.into(),
            driver: "bridge".into(),
            subnet: subnet.into(),
            gateway: String::new(),
            ip_range: None,
            internal: false,
            labels: BTreeMap::from([("k".into(), "v".into())]),
            options: BTreeMap::new(),
            created: 1,
        }
    }

    #[test]
    fn records_networks_and_endpoints() {
        let dir = std::env::temp_dir().join(format!("ctr-store-net-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut s = Store::open(&dir.join("t.db")).unwrap();
        let a = s.add_network(|_| Ok::<_, StoreError>(rec("aa11", "a", "10.89.0.0/24"))).unwrap();
        assert_eq!(s.network_by_name("a").unwrap().unwrap(), a);
        // `make` sees what is recorded; its error leaves nothing behind.
        let r: Result<NetworkRecord, StoreError> = s.add_network(|seen| {
            assert_eq!(seen, std::slice::from_ref(&a));
            Err(StoreError::Sql(rusqlite::Error::InvalidQuery))
        });
        assert!(r.is_err());
        assert_eq!(s.networks().unwrap().len(), 1);
        // The name is unique in the schema too.
        assert!(s.add_network(|_| Ok::<_, StoreError>(rec("bb22", "a", "10.89.1.0/24"))).is_err());
        assert_eq!(s.networks_by_id_prefix("aa").unwrap(), vec![a.clone()]);
        assert!(s.networks_by_id_prefix("ab").unwrap().is_empty());
        let ep = EndpointRecord {
            network_id: "aa11".into(),
            container_id: "c1".into(),
            ip: "10.89.0.2".into(),
            mac: "02:00:00:00:00:01".into(),
            aliases: vec!["web".into()],
        };
        s.add_endpoint("aa11", |n, eps| {
            assert!(n.is_some() && eps.is_empty());
            Ok::<_, StoreError>(ep.clone())
        })
        .unwrap();
        // The same address twice on one network is refused by the schema.
        let dup = EndpointRecord { container_id: "c2".into(), ..ep.clone() };
        assert!(s.add_endpoint("aa11", |_, _| Ok::<_, StoreError>(dup.clone())).is_err());
        assert_eq!(s.network_endpoints("aa11").unwrap(), vec![ep.clone()]);
        assert_eq!(s.container_endpoints("c1").unwrap(), vec![ep]);
        assert!(!s.remove_network("aa11").unwrap(), "in use");
        assert!(s.remove_endpoint("aa11", "c1").unwrap());
        assert!(s.remove_network("aa11").unwrap());
        assert!(s.networks().unwrap().is_empty());
        drop(s);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
