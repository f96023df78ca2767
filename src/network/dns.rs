//! The DNS server of user networks, run by the network namespace holder: one UDP socket
//! on port 53 of every address in the holder's namespace (each bridge's gateway is one).
//! A query is answered from the records of the bridge it arrived on, so a container
//! learns only the names of its own networks; other names go to slirp4netns's resolver
//! (which asks the host's), except on `--internal` networks, which have no way out.
//!
//! Records are files the network helper writes, `RUNROOT/netns/dns/<bridge>/<veth>`: one
//! line `IP NAME...` per attachment (the container's name, its short id, its aliases). A
//! file whose veth is gone (the container stopped) is skipped. The files are read per
//! query: a few small reads, far under the 1 ms a lookup may take, and never stale.
//! Messages are parsed and built with hickory-proto.

use std::net::{Ipv4Addr, SocketAddrV4, UdpSocket};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::{RData, Record, RecordType, rdata::A};

/// slirp4netns's resolver, as seen from the holder's namespace.
const UPSTREAM: SocketAddrV4 = SocketAddrV4::new(Ipv4Addr::new(10, 0, 2, 3), 53);
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(5);
/// Records change as containers come and go: clients should not keep them long.
const TTL: u32 = 5;

/// The records of `bridge`: (address, names) of each attachment whose veth still exists.
fn records(state: &Path, bridge: &str) -> Vec<(Ipv4Addr, Vec<String>)> {
    let mut out = Vec::new();
    let Ok(dir) = std::fs::read_dir(state.join("dns").join(bridge)) else { return out };
    for e in dir.flatten() {
        let veth = e.file_name();
        if nix::net::if_::if_nametoindex(veth.as_os_str()).is_err() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
        for line in text.lines() {
            let mut f = line.split_whitespace();
            if let Some(Ok(ip)) = f.next().map(str::parse) {
                out.push((ip, f.map(|n| n.to_ascii_lowercase()).collect()));
            }
        }
    }
    out
}

/// The records a query from `from` on `bridge` sees: those of every network the asking
/// container is on (docker's: a container resolves the names of all its networks),
/// found through its record on `bridge` (the file named by its veth, `vc<8 of the
/// container id><5 of the network id>`).
fn visible(state: &Path, bridge: &str, from: Ipv4Addr) -> Vec<(Ipv4Addr, Vec<String>)> {
    let mut out = records(state, bridge);
    let dns = state.join("dns");
    // Only live records: a stopped or removed container's file may still hold the same
    // address (it is given out again), and taking its veth's name for the asker's would
    // hide the asker's other networks.
    let asker = std::fs::read_dir(dns.join(bridge)).ok().and_then(|d| {
        d.flatten().find_map(|e| {
            nix::net::if_::if_nametoindex(e.file_name().as_os_str()).ok()?;
            let text = std::fs::read_to_string(e.path()).ok()?;
            let ip: Ipv4Addr = text.split_whitespace().next()?.parse().ok()?;
            (ip == from).then(|| e.file_name().to_string_lossy().chars().take(10).collect::<String>())
        })
    });
    let Some(prefix) = asker.filter(|p| p.len() == 10) else { return out };
    for b in std::fs::read_dir(&dns).into_iter().flatten().flatten() {
        let name = b.file_name().to_string_lossy().into_owned();
        if name == bridge {
            continue;
        }
        let on = std::fs::read_dir(b.path())
            .into_iter()
            .flatten()
            .flatten()
            .any(|v| v.file_name().to_string_lossy().starts_with(&prefix));
        if on {
            out.extend(records(state, &name));
        }
    }
    out
}

/// What to do with one query: an answer to send, or a query to pass upstream.
enum Reply {
    Answer(Vec<u8>),
    Forward,
    Refuse(Vec<u8>),
}

fn answer(state: &Path, bridge: &str, from: Ipv4Addr, internal: bool, packet: &[u8]) -> Option<Reply> {
    let q = Message::from_vec(packet).ok()?;
    if q.metadata.message_type != MessageType::Query {
        return None;
    }
    let mut resp = Message::response(q.metadata.id, q.metadata.op_code);
    resp.metadata.recursion_desired = q.metadata.recursion_desired;
    resp.metadata.recursion_available = true;
    let Some(query) = q.queries.first().filter(|_| q.metadata.op_code == OpCode::Query && q.queries.len() == 1) else {
        resp.metadata.response_code = ResponseCode::NotImp;
        return resp.to_vec().ok().map(Reply::Refuse);
    };
    resp.add_query(query.clone());
    let name = query.name().to_lowercase().to_ascii();
    let name = name.trim_end_matches('.');
    let found: Vec<Ipv4Addr> = visible(state, bridge, from)
        .into_iter()
        .filter(|(_, names)| names.iter().any(|n| n == name))
        .map(|(ip, _)| ip)
        .collect();
    if found.is_empty() {
        if internal {
            // No way out: a name not on the network does not exist for it.
            resp.metadata.response_code = ResponseCode::NXDomain;
            return resp.to_vec().ok().map(Reply::Refuse);
        }
        return Some(Reply::Forward);
    }
    resp.metadata.authoritative = true;
    // A known name has no other records: AAAA and the rest get an empty answer (not
    // NXDOMAIN, which would make a resolver drop the A answer too).
    if query.query_type() == RecordType::A {
        for ip in found {
            resp.add_answer(Record::from_rdata(query.name().clone(), TTL, RData::A(A(ip))));
        }
    }
    resp.to_vec().ok().map(Reply::Answer)
}

/// Serves DNS forever on port 53 of every address of this network namespace. `state` is
/// `RUNROOT/netns`. Returns only if the socket can't be made.
pub fn serve(state: PathBuf) -> std::io::Result<()> {
    let sock = UdpSocket::bind("0.0.0.0:53")?;
    nix::sys::socket::setsockopt(&sock, nix::sys::socket::sockopt::Ipv4PacketInfo, &true)
        .map_err(std::io::Error::from)?;
    let mut buf = [0u8; 4096];
    loop {
        let Ok((n, from, info)) = recv(&sock, &mut buf) else { continue };
        let Ok(bridge) = nix::net::if_::if_indextoname(info.ipi_ifindex as u32) else { continue };
        let bridge = bridge.to_string_lossy().into_owned();
        if !super::bridge::is_bridge(&bridge) {
            continue;
        }
        let internal = super::bridge::is_internal(&bridge);
        match answer(&state, &bridge, *from.ip(), internal, &buf[..n]) {
            Some(Reply::Answer(r)) | Some(Reply::Refuse(r)) => {
                let _ = send(&sock, &r, from, &info);
            }
            Some(Reply::Forward) => {
                let query = buf[..n].to_vec();
                let reply_sock = match sock.try_clone() {
                    Ok(s) => s,
                    Err(_) => continue,
                };
                std::thread::spawn(move || {
                    if let Some(r) = forward(&query) {
                        let _ = send(&reply_sock, &r, from, &info);
                    }
                });
            }
            None => {}
        }
    }
}

/// Passes a query to slirp4netns's resolver and returns its answer.
fn forward(query: &[u8]) -> Option<Vec<u8>> {
    let s = UdpSocket::bind("0.0.0.0:0").ok()?;
    s.set_read_timeout(Some(UPSTREAM_TIMEOUT)).ok()?;
    s.send_to(query, UPSTREAM).ok()?;
    let mut buf = vec![0u8; 4096];
    let n = s.recv(&mut buf).ok()?;
    buf.truncate(n);
    Some(buf)
}

fn recv(sock: &UdpSocket, buf: &mut [u8]) -> std::io::Result<(usize, SocketAddrV4, libc::in_pktinfo)> {
    use nix::sys::socket::{ControlMessageOwned, MsgFlags, SockaddrIn, recvmsg};
    let mut iov = [std::io::IoSliceMut::new(buf)];
    let mut cmsg = nix::cmsg_space!(libc::in_pktinfo);
    let msg = recvmsg::<SockaddrIn>(sock.as_raw_fd(), &mut iov, Some(&mut cmsg), MsgFlags::empty())?;
    let from = msg.address.ok_or_else(|| std::io::Error::other("no source address"))?;
    let mut info = None;
    for c in msg.cmsgs()? {
        if let ControlMessageOwned::Ipv4PacketInfo(i) = c {
            info = Some(i);
        }
    }
    let info = info.ok_or_else(|| std::io::Error::other("no packet info"))?;
    Ok((msg.bytes, SocketAddrV4::new(from.ip(), from.port()), info))
}

/// Replies from the address the query was sent to (the gateway it asked).
fn send(sock: &UdpSocket, data: &[u8], to: SocketAddrV4, info: &libc::in_pktinfo) -> std::io::Result<()> {
    use nix::sys::socket::{ControlMessage, MsgFlags, SockaddrIn, sendmsg};
    let reply = libc::in_pktinfo { ipi_ifindex: 0, ipi_spec_dst: info.ipi_addr, ipi_addr: libc::in_addr { s_addr: 0 } };
    let iov = [std::io::IoSlice::new(data)];
    let dest = SockaddrIn::from(to);
    sendmsg(sock.as_raw_fd(), &iov, &[ControlMessage::Ipv4PacketInfo(&reply)], MsgFlags::empty(), Some(&dest))?;
    Ok(())
}

/// A query for `name`, as a resolver sends it.
#[cfg(test)]
fn query_for(name: &str, t: RecordType) -> Vec<u8> {
    use hickory_proto::op::Query;
    use hickory_proto::rr::Name;
    let mut m = Message::new(7, MessageType::Query, OpCode::Query);
    m.metadata.recursion_desired = true;
    m.add_query(Query::query(Name::from_ascii(name).unwrap(), t));
    m.to_vec().unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_names_of_the_bridge_and_forwards_the_rest() {
        let dir = std::env::temp_dir().join(format!("ctr-dns-{}", std::process::id()));
        let b = dir.join("dns").join("ctr-test");
        std::fs::create_dir_all(&b).unwrap();
        // "lo" exists in every namespace: it stands for a live veth.
        std::fs::write(b.join("lo"), "10.89.0.2 web 0123456789ab alias1\n").unwrap();
        std::fs::write(b.join("vcgone"), "10.89.0.3 old\n").unwrap();
        let ip: Ipv4Addr = "10.89.0.9".parse().unwrap();
        let parse = |r: Option<Reply>| match r {
            Some(Reply::Answer(v)) => Message::from_vec(&v).unwrap(),
            Some(Reply::Refuse(_)) => panic!("refused"),
            Some(Reply::Forward) => panic!("forwarded"),
            None => panic!("no reply"),
        };
        let m = parse(answer(&dir, "ctr-test", ip, false, &query_for("WEB.", RecordType::A)));
        assert_eq!(m.answers.len(), 1);
        assert_eq!(m.answers[0].data, RData::A(A("10.89.0.2".parse().unwrap())));
        assert_eq!(m.metadata.id, 7);
        let m = parse(answer(&dir, "ctr-test", ip, false, &query_for("alias1", RecordType::AAAA)));
        assert!(m.answers.is_empty() && m.metadata.response_code == ResponseCode::NoError);
        assert!(matches!(answer(&dir, "ctr-test", ip, false, &query_for("old", RecordType::A)), Some(Reply::Forward)));
        assert!(matches!(answer(&dir, "ctr-other", ip, false, &query_for("web", RecordType::A)), Some(Reply::Forward)));
        match answer(&dir, "ctr-test", ip, true, &query_for("example.com", RecordType::A)) {
            Some(Reply::Refuse(v)) => {
                assert_eq!(Message::from_vec(&v).unwrap().metadata.response_code, ResponseCode::NXDomain)
            }
            _ => panic!("an internal network forwarded"),
        }
        assert!(answer(&dir, "ctr-test", ip, false, b"garbage").is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
