//! Detach keys: the byte sequence on an attached stdin that ends the attach and leaves the
//! container running (docker's `--detach-keys`, the API's `detachKeys`; default ctrl-p
//! ctrl-q).

/// docker's default.
pub const DEFAULT: &str = "ctrl-p,ctrl-q";

/// Parses docker's format: comma-separated keys, each one character or `ctrl-X` (X one of
/// a-z, @, [, \, ], ^, _). An empty string means no detach keys.
pub fn parse(s: &str) -> Result<Vec<u8>, String> {
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let bad = |k: &str| {
        format!(
            "invalid detach keys {s:?}: {k:?} is not a key; write keys like ctrl-p,ctrl-q or a,ctrl-@ (ctrl-a..ctrl-z, ctrl-@, ctrl-[, ctrl-\\, ctrl-], ctrl-^, ctrl-_, or one character)"
        )
    };
    s.split(',')
        .map(|k| {
            let lower = k.to_ascii_lowercase();
            if let Some(c) = lower.strip_prefix("ctrl-") {
                match c.as_bytes() {
                    [b @ b'a'..=b'z'] => Ok(b - b'a' + 1),
                    [b'@'] => Ok(0),
                    [b @ (b'[' | b'\\' | b']' | b'^' | b'_')] => Ok(b - b'[' + 27),
                    _ => Err(bad(k)),
                }
            } else if k.len() == 1 {
                Ok(k.as_bytes()[0])
            } else {
                Err(bad(k))
            }
        })
        .collect()
}

/// Finds the sequence in a stream read in pieces: bytes that may begin it are held back
/// until the next piece tells.
#[derive(Debug, Clone)]
pub struct Matcher {
    seq: Vec<u8>,
    matched: usize,
}

impl Matcher {
    pub fn new(seq: Vec<u8>) -> Matcher {
        Matcher { seq, matched: 0 }
    }

    /// The bytes of `input` to pass on, and whether the sequence was completed (then the
    /// rest of `input` is dropped, as docker does).
    pub fn feed(&mut self, input: &[u8]) -> (Vec<u8>, bool) {
        let mut out = Vec::with_capacity(input.len());
        if self.seq.is_empty() {
            out.extend_from_slice(input);
            return (out, false);
        }
        for &b in input {
            if b == self.seq[self.matched] {
                self.matched += 1;
                if self.matched == self.seq.len() {
                    self.matched = 0;
                    return (out, true);
                }
                continue;
            }
            if self.matched > 0 {
                out.extend_from_slice(&self.seq[..self.matched]);
                self.matched = 0;
                if b == self.seq[0] {
                    self.matched = 1;
                    if self.seq.len() == 1 {
                        self.matched = 0;
                        return (out, true);
                    }
                    continue;
                }
            }
            out.push(b);
        }
        (out, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_as_docker_writes_them() {
        assert_eq!(parse(DEFAULT).unwrap(), [16, 17]);
        assert_eq!(parse("a,ctrl-@,ctrl-[,ctrl-_").unwrap(), [b'a', 0, 27, 31]);
        assert_eq!(parse("").unwrap(), Vec::<u8>::new());
        for bad in ["ctrl-", "ctrl-1", "ab", "ctrl-p,", ","] {
            assert!(parse(bad).unwrap_err().contains("invalid detach keys"), "{bad}");
        }
    }

    #[test]
    fn the_sequence_is_found_across_pieces() {
        let mut m = Matcher::new(parse(DEFAULT).unwrap());
        assert_eq!(m.feed(b"ab\x10"), (b"ab".to_vec(), false));
        assert_eq!(m.feed(b"c"), (b"\x10c".to_vec(), false), "a held byte goes on when the next one is not the key");
        assert_eq!(m.feed(b"x\x10\x10"), (b"x\x10".to_vec(), false));
        assert_eq!(m.feed(b"\x11rest"), (Vec::new(), true));
        let mut none = Matcher::new(Vec::new());
        assert_eq!(none.feed(b"\x10\x11"), (b"\x10\x11".to_vec(), false));
    }
}
