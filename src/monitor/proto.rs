//! The attach protocol between a container's monitor and its clients (`ctr run`,
//! `attach`, `wait`, `start -a`): frames of [kind: u8][len: u32 big-endian][payload].

use std::io::{self, Read, Write};

pub const STDIN: u8 = 0;
pub const STDOUT: u8 = 1;
pub const STDERR: u8 = 2;
/// monitor -> client: the container runs; payload: its pid (decimal).
pub const STARTED: u8 = 3;
/// monitor -> client: the container exited (and, with --rm, is removed); payload: code.
pub const EXIT: u8 = 4;
/// monitor -> client: the container could not start; payload: "code\nmessage".
pub const ERROR: u8 = 5;
/// client -> monitor: terminal size; payload: rows u16, cols u16 (big-endian).
pub const RESIZE: u8 = 6;
/// client -> monitor: send this signal (decimal) to the container.
pub const SIGNAL: u8 = 7;
/// client -> monitor, first frame: what the client wants; payload: "attach" or "wait".
pub const HELLO: u8 = 8;
/// `ctr` -> a monitor it started before the container existed (`ctr __monitor -`), the
/// first frame: which container to run; payload: "ID\nNETNS" (NETNS: the network
/// namespace to join, or empty).
pub const START: u8 = 9;

pub fn write_frame(w: &mut impl Write, kind: u8, payload: &[u8]) -> io::Result<()> {
    let mut buf = Vec::with_capacity(5 + payload.len());
    buf.push(kind);
    buf.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    buf.extend_from_slice(payload);
    w.write_all(&buf)
}

/// Reads one frame; None at a clean end of stream.
pub fn read_frame(r: &mut impl Read) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut head = [0u8; 5];
    match r.read_exact(&mut head[..1]) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    r.read_exact(&mut head[1..])?;
    let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
    if len > 16 << 20 {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "attach frame too large"));
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload)?;
    Ok(Some((head[0], payload)))
}

/// Accumulates bytes from a non-blocking socket and yields whole frames.
#[derive(Default)]
pub struct FrameBuffer {
    buf: Vec<u8>,
}

impl FrameBuffer {
    pub fn push(&mut self, data: &[u8]) {
        self.buf.extend_from_slice(data);
    }

    pub fn next_frame(&mut self) -> Option<(u8, Vec<u8>)> {
        if self.buf.len() < 5 {
            return None;
        }
        let len = u32::from_be_bytes([self.buf[1], self.buf[2], self.buf[3], self.buf[4]]) as usize;
        if self.buf.len() < 5 + len {
            return None;
        }
        let kind = self.buf[0];
        let payload = self.buf[5..5 + len].to_vec();
        self.buf.drain(..5 + len);
        Some((kind, payload))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_split() {
        let mut v = Vec::new();
        write_frame(&mut v, STDOUT, b"hello").unwrap();
        write_frame(&mut v, EXIT, b"7").unwrap();
        let mut fb = FrameBuffer::default();
        fb.push(&v[..3]);
        assert_eq!(fb.next_frame(), None);
        fb.push(&v[3..]);
        assert_eq!(fb.next_frame(), Some((STDOUT, b"hello".to_vec())));
        assert_eq!(fb.next_frame(), Some((EXIT, b"7".to_vec())));
        let mut r = &v[..];
        assert_eq!(read_frame(&mut r).unwrap(), Some((STDOUT, b"hello".to_vec())));
    }
}
