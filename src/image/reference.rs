//! Image references parsed like docker/podman (distribution/reference grammar).
//! Normalises familiar names ("busybox") to full ones ("docker.io/library/busybox:latest").

use std::fmt;
use std::str::FromStr;

const DEFAULT_REGISTRY: &str = "docker.io";
const LEGACY_REGISTRY: &str = "index.docker.io";
const OFFICIAL_PREFIX: &str = "library/";
const DEFAULT_TAG: &str = "latest";
const NAME_MAX: usize = 255;
const TAG_MAX: usize = 128;
const SHAPE: &str = "a valid reference looks like [registry[:port]/]name[:tag][@digest], e.g. busybox:1.36";
const DIGEST_SHAPE: &str = "a digest looks like sha256:<64 lowercase hex digits>";

/// A normalised reference: `docker.io/library/busybox:latest`, `[::1]:5000/x@sha256:...`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    pub registry: String,
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("invalid reference {input:?}: {problem}; {SHAPE}")]
    Invalid { input: String, problem: Problem },
    #[error("invalid digest {digest:?}: {reason}; {DIGEST_SHAPE}")]
    Digest { digest: String, reason: String },
}

/// What is wrong with a reference, so callers can match on it rather than on text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("it is empty")]
    Empty,
    #[error("character {0:?} is not allowed")]
    Character(char),
    #[error("it looks like an image id, not a repository name (write docker.io/<hex> to mean one)")]
    LooksLikeId,
    #[error("the repository name is missing")]
    MissingName,
    #[error("registry {0:?} has no repository after it")]
    MissingRepository(String),
    #[error("repository name must be lowercase")]
    Uppercase,
    #[error("registry {0:?} is not a valid host[:port] with a numeric port")]
    Registry(String),
    #[error("the name has an empty path component")]
    EmptyComponent,
    #[error("path component {0:?} must be [a-z0-9]+ parts joined by '.', '_', '__' or dashes")]
    Component(String),
    #[error("the name is {0} characters long, more than {NAME_MAX}")]
    TooLong(usize),
    #[error("the tag after ':' is empty")]
    EmptyTag,
    #[error("tag {0:?} must be 1 to {TAG_MAX} of [A-Za-z0-9_.-], not starting with '.' or '-'")]
    Tag(String),
    #[error("digest {digest:?} is invalid: {reason} ({DIGEST_SHAPE})")]
    Digest { digest: String, reason: String },
}

impl Reference {
    /// Parse and normalise: "busybox" -> docker.io/library/busybox:latest; a name with neither tag nor digest gets tag "latest".
    pub fn parse(s: &str) -> Result<Reference, ReferenceError> {
        let fail = |problem| Err(ReferenceError::Invalid { input: s.to_owned(), problem });
        if s.is_empty() {
            return fail(Problem::Empty);
        }
        // distribution refuses a bare 64-hex name: `docker run <id>` must never pull.
        if s.len() == 64 && is_lower_hex(s) {
            return fail(Problem::LooksLikeId);
        }
        let (rest, digest) = match s.split_once('@') {
            Some((rest, digest)) => (rest, Some(digest)),
            None => (s, None),
        };
        let allowed = |c: char| c.is_ascii_alphanumeric() || "._-/:[]".contains(c);
        if let Some(ch) = rest.chars().find(|&c| !allowed(c)) {
            return fail(Problem::Character(ch));
        }
        if rest.starts_with('[') && !rest.contains('/') {
            return fail(Problem::MissingRepository(rest.to_owned()));
        }
        // A ':' after the last '/' starts the tag; earlier ones belong to a registry port.
        let (name, tag) = match rest.rfind(':') {
            Some(i) if !rest[i..].contains('/') => (&rest[..i], Some(&rest[i + 1..])),
            _ => (rest, None),
        };
        if name.is_empty() {
            return fail(Problem::MissingName);
        }
        let (registry, path) = match name.split_once('/') {
            Some((LEGACY_REGISTRY, path)) => (DEFAULT_REGISTRY, path),
            Some((first, path)) if first == "localhost" || first.contains(['.', ':']) => (first, path),
            _ => (DEFAULT_REGISTRY, name),
        };
        if path.is_empty() {
            return fail(Problem::MissingRepository(registry.to_owned()));
        }
        // Like podman (not newer docker), an uppercase first component is a bad name, not a registry.
        if path.bytes().any(|b| b.is_ascii_uppercase()) {
            return fail(Problem::Uppercase);
        }
        if !is_registry(registry) {
            return fail(Problem::Registry(registry.to_owned()));
        }
        let repository = if registry == DEFAULT_REGISTRY && !path.contains('/') {
            format!("{OFFICIAL_PREFIX}{path}")
        } else {
            path.to_owned()
        };
        for component in repository.split('/') {
            if component.is_empty() {
                return fail(Problem::EmptyComponent);
            }
            if !is_path_component(component) {
                return fail(Problem::Component(component.to_owned()));
            }
        }
        // podman counts the normalised name, registry included.
        let len = registry.len() + 1 + repository.len();
        if len > NAME_MAX {
            return fail(Problem::TooLong(len));
        }
        match tag {
            Some("") => return fail(Problem::EmptyTag),
            Some(t) if !is_tag(t) => return fail(Problem::Tag(t.to_owned())),
            _ => {}
        }
        if let Some(d) = digest
            && let Err(reason) = check_digest(d)
        {
            return fail(Problem::Digest { digest: d.to_owned(), reason });
        }
        let tag = match (tag, digest) {
            (None, None) => Some(DEFAULT_TAG),
            (tag, _) => tag,
        };
        Ok(Reference {
            registry: registry.to_owned(),
            repository,
            tag: tag.map(str::to_owned),
            digest: digest.map(str::to_owned),
        })
    }

    /// registry/repository, e.g. "docker.io/library/busybox"
    pub fn name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }

    /// Like `name()` but the familiar short form docker shows: "busybox", "user/app", "localhost:5000/x/y".
    /// The short form always reads back as this name: a Docker Hub repository whose first
    /// component would be taken for a registry ("docker.io/a.b/c") or a name that would be
    /// taken for an image id keeps its registry.
    pub fn familiar_name(&self) -> String {
        if self.registry != DEFAULT_REGISTRY {
            return self.name();
        }
        let short = match self.repository.strip_prefix(OFFICIAL_PREFIX) {
            Some(short) if !short.contains('/') => short,
            _ => &self.repository,
        };
        let looks_like_registry = match short.split_once('/') {
            Some((first, _)) => first == "localhost" || first.contains(['.', ':']),
            None => false,
        };
        if looks_like_registry || (short.len() == 64 && is_lower_hex(short)) {
            return self.name();
        }
        short.to_owned()
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

impl FromStr for Reference {
    type Err = ReferenceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Reference::parse(s)
    }
}

/// Validate a digest string "algorithm:encoded" (sha256 must be 64 lowercase hex; sha512 128). Returns it back.
pub fn parse_digest(s: &str) -> Result<String, ReferenceError> {
    let digest = s.to_owned();
    match check_digest(s) {
        Ok(()) => Ok(digest),
        Err(reason) => Err(ReferenceError::Digest { digest, reason }),
    }
}

/// True if `s` is a 1 to 64 character lowercase hex image-id prefix, optionally prefixed "sha256:".
pub fn is_id_prefix(s: &str) -> bool {
    let hex = s.strip_prefix("sha256:").unwrap_or(s);
    (1..=64).contains(&hex.len()) && is_lower_hex(hex)
}

fn is_lower_hex(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The algorithms go-digest registers; anything else cannot be verified.
fn check_digest(d: &str) -> Result<(), String> {
    let Some((algorithm, hex)) = d.split_once(':') else {
        return Err("it has no algorithm prefix".to_owned());
    };
    let want = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ if is_algorithm(algorithm) => {
            return Err(format!("algorithm {algorithm:?} is not supported"));
        }
        _ => return Err(format!("algorithm {algorithm:?} is malformed")),
    };
    if hex.len() != want {
        return Err(format!("{algorithm} needs {want} hex digits, it has {}", hex.len()));
    }
    if !is_lower_hex(hex) {
        return Err("the hex digits must be lowercase 0-9a-f".to_owned());
    }
    Ok(())
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_algorithm(a: &str) -> bool {
    a.split(['.', '+', '_', '-']).all(|part| !part.is_empty() && part.bytes().all(is_lower_alnum))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_path_component(c: &str) -> bool {
    let bytes = c.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&first), Some(&last)) if is_lower_alnum(first) && is_lower_alnum(last) => c
            .split(|ch: char| ch.is_ascii() && is_lower_alnum(ch as u8))
            .filter(|sep| !sep.is_empty())
            .all(|sep| matches!(sep, "." | "_" | "__") || sep.bytes().all(|b| b == b'-')),
        _ => false,
    }
}

/// host[:port] where host is a DNS-ish name, an IPv4 address or a bracketed IPv6 address.
fn is_registry(r: &str) -> bool {
    let (host_ok, port) = match r.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, port)) => (!ip.is_empty() && ip.bytes().all(|b| b.is_ascii_hexdigit() || b == b':'), port),
            None => return false,
        },
        None => {
            let (host, port) = r.split_at(r.find(':').unwrap_or(r.len()));
            (host.split('.').all(is_domain_component), port)
        }
    };
    host_ok && (port.is_empty() || port.strip_prefix(':').is_some_and(is_number))
}

fn is_domain_component(c: &str) -> bool {
    !c.is_empty()
        && !c.starts_with('-')
        && !c.ends_with('-')
        && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_tag(t: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    t.len() <= TAG_MAX && t.bytes().next().is_some_and(word) && t.bytes().all(|b| word(b) || b == b'.' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";

    /// Each line of `table` is an input and what it parses to: the full reference, or the
    /// `Problem` (as `{:?}`) it is refused with. `<hex>` stands for HEX.
    fn check(table: &str) {
        for line in table.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let line = line.replace("<hex>", HEX);
            let (input, want) = line.split_once(' ').unwrap();
            let got = match Reference::parse(input) {
                Ok(r) => r.to_string(),
                Err(ReferenceError::Invalid { input: i, problem }) if i == input => {
                    format!("{problem:?}")
                }
                Err(e) => panic!("{input:?}: {e:?}"),
            };
            assert_eq!(got, want.trim(), "{input:?}");
        }
    }

    fn message(s: &str) -> String {
        Reference::parse(s).unwrap_err().to_string()
    }

    #[test]
    fn familiar_names_normalise_to_docker_hub() {
        check(
            "busybox                      docker.io/library/busybox:latest
            user/app:1.0                  docker.io/user/app:1.0
            docker.io/busybox             docker.io/library/busybox:latest
            index.docker.io/busybox       docker.io/library/busybox:latest
            index.docker.io/user/app      docker.io/user/app:latest
            docker.io/library/foo/bar     docker.io/library/foo/bar:latest
            registry-1.docker.io/x        registry-1.docker.io/x:latest",
        );
    }

    #[test]
    fn first_component_is_a_registry_only_with_dot_colon_or_localhost() {
        check(
            "localhost/busybox            localhost/busybox:latest
            quay.io/x/y                   quay.io/x/y:latest
            myhost:5000/x                 myhost:5000/x:latest
            localhost:5000/x/y:tag        localhost:5000/x/y:tag
            Example.COM/app               Example.COM/app:latest
            test_com/foo                  docker.io/test_com/foo:latest
            localhost                     docker.io/library/localhost:latest
            localhost:5000                docker.io/library/localhost:5000
            192.168.1.1:5000              docker.io/library/192.168.1.1:5000",
        );
        let r = Reference::parse("localhost:5000/x/y:tag").unwrap();
        let parts = (r.registry.as_str(), r.repository.as_str(), r.tag.as_deref());
        assert_eq!(parts, ("localhost:5000", "x/y", Some("tag")));
    }

    #[test]
    fn ipv6_registries_and_numeric_ports() {
        check(
            r#"[::1]:5000/x                 [::1]:5000/x:latest
            [2001:db8::1]/repo:tag        [2001:db8::1]/repo:tag
            [::1]                         MissingRepository("[::1]")
            [::1]:5000                    MissingRepository("[::1]:5000")
            [fe80::1%eth0]:5000/x         Character('%')
            [::192.0.2.33]:5000/x         Registry("[::192.0.2.33]:5000")
            localhost:abc/x               Registry("localhost:abc")
            host:/x                       Registry("host:")
            fc00::1:5000/debian           Registry("fc00::1:5000")
            https://github.com/x          Registry("https:")
            -docker.io/x                  Registry("-docker.io")"#,
        );
    }

    #[test]
    fn uppercase_is_refused_in_the_repository_only() {
        check(
            "Busybox                      Uppercase
            docker.io/Library/x           Uppercase
            Docker/docker                 Uppercase
            localhost:5000/Up/low:tag     Uppercase
            busybox:Latest                docker.io/library/busybox:Latest",
        );
        let want = r#"invalid reference "Busybox": repository name must be lowercase; "#;
        assert!(message("Busybox").starts_with(want));
    }

    #[test]
    fn path_components_follow_the_grammar() {
        for good in "a-b a--b a_b a__b a.b x/dock---er a1.b2_c3".split(' ') {
            assert!(Reference::parse(good).is_ok(), "{good}");
        }
        for bad in "a..b a___b -a a- _a a. a_.b a-.b ____/____".split(' ') {
            assert!(message(bad).contains("path component"), "{bad}");
        }
        check(
            r#"a//b                         EmptyComponent
            a/                            EmptyComponent
            /a                            EmptyComponent
            quay.io/                      MissingRepository("quay.io")
            a:b:c                         Component("a:b")"#,
        );
    }

    #[test]
    fn tags_follow_the_grammar() {
        let longest = "t".repeat(TAG_MAX);
        check(&format!(
            r#"busybox:{longest}            docker.io/library/busybox:{longest}
            busybox:{longest}t            Tag("{longest}t")
            busybox:_a.b-C                docker.io/library/busybox:_a.b-C
            busybox:                      EmptyTag
            busybox:-x                    Tag("-x")"#
        ));
    }

    #[test]
    fn name_is_at_most_255_characters() {
        let longest = format!("quay.io/{}", "a".repeat(NAME_MAX - 8));
        // A familiar name counts with its docker.io/library/ prefix: 18 + 240.
        let familiar = "a".repeat(240);
        check(&format!(
            "{longest} {longest}:latest
            {longest}a TooLong(256)
            {familiar} TooLong(258)"
        ));
    }

    #[test]
    fn bare_64_hex_is_an_image_id_not_a_name() {
        check(
            "<hex>                        LooksLikeId
            <hex>:v1                      docker.io/library/<hex>:v1
            docker.io/<hex>               docker.io/library/<hex>:latest",
        );
        check(&format!("{0} docker.io/library/{0}:latest", &HEX[1..]));
        assert!(message(HEX).contains("looks like an image id"));
    }

    #[test]
    fn digests_with_and_without_tag() {
        check(
            "busybox@sha256:<hex>         docker.io/library/busybox@sha256:<hex>
            localhost:5000/x:1@sha256:<hex> localhost:5000/x:1@sha256:<hex>
            quay.io/a@sha512:<hex><hex>   quay.io/a@sha512:<hex><hex>",
        );
        let r = Reference::parse(&format!("busybox@sha256:{HEX}")).unwrap();
        assert_eq!((r.tag, r.digest), (None, Some(format!("sha256:{HEX}"))));
        let good = format!("sha256:{HEX}");
        assert_eq!(parse_digest(&good).unwrap(), good);
        assert!(parse_digest(&format!("sha384:{}", "0".repeat(96))).is_ok());
    }

    #[test]
    fn invalid_digests_are_refused() {
        let bad = "sha256:<hex>0 sha256:<HEX> sha512:<hex> md5:<hex> SHA256:<hex> sha256+b64:<hex> \
                   <hex> sha256: sha256:<hex>@sha256:<hex>";
        for digest in bad.split(' ').chain([""]) {
            let digest = digest.replace("<hex>", HEX).replace("<HEX>", &HEX.to_uppercase());
            let msg = parse_digest(&digest).unwrap_err().to_string();
            let want = format!("invalid digest {digest:?}: ");
            assert!(msg.starts_with(&want) && msg.ends_with(DIGEST_SHAPE), "{msg}");
            let msg = message(&format!("busybox@{digest}"));
            assert!(msg.contains(&format!("digest {digest:?} is invalid: ")), "{msg}");
        }
    }

    #[test]
    fn empty_missing_name_and_whitespace() {
        check(
            "@sha256:<hex>                MissingName
            :tag                          MissingName",
        );
        let empty = Reference::parse("");
        assert!(matches!(empty, Err(ReferenceError::Invalid { problem: Problem::Empty, .. })));
        for (input, ch) in [(" a", ' '), ("a b", ' '), ("a\n", '\n'), ("\ta", '\t')] {
            let msg = message(input);
            assert!(msg.contains(&format!("character {ch:?} is not allowed")), "{msg}");
        }
    }

    #[test]
    fn errors_name_the_input_and_the_expected_shape() {
        let odd = "Busybox a//b busybox: :tag [::1] x:y/z a@sha256:ab".split(' ');
        for s in odd.chain(["", " a", HEX]) {
            let msg = message(s);
            let want = format!("invalid reference {s:?}: ");
            assert!(msg.starts_with(&want) && msg.ends_with(SHAPE), "{msg}");
        }
    }

    #[test]
    fn names_display_and_from_str() {
        let familiar = |s: &str| Reference::parse(s).unwrap().familiar_name();
        assert_eq!(familiar("docker.io/library/busybox:1"), "busybox");
        assert_eq!(familiar("user/app"), "user/app");
        assert_eq!(familiar("docker.io/library/foo/bar"), "library/foo/bar");
        assert_eq!(familiar("localhost:5000/x/y"), "localhost:5000/x/y");
        // Found by fuzzing (fuzz/fuzz_targets/reference.rs): short forms that read back as
        // another name (a registry "a.b", an image id) keep docker.io.
        assert_eq!(familiar("docker.io/a.b/c"), "docker.io/a.b/c");
        assert_eq!(familiar("docker.io/localhost/c"), "docker.io/localhost/c");
        assert_eq!(familiar(&format!("docker.io/library/{HEX}")), format!("docker.io/library/{HEX}"));
        assert_eq!(familiar("docker.io/library/a.b"), "a.b");
        for s in ["docker.io/a.b/c", "docker.io/localhost/c", &format!("docker.io/{HEX}")] {
            let r = Reference::parse(s).unwrap();
            assert_eq!(Reference::parse(&r.familiar_name()).unwrap().name(), r.name(), "{s}");
        }
        let name = Reference::parse("busybox").unwrap().name();
        assert_eq!(name, "docker.io/library/busybox");
        let digested = format!("quay.io/a/b:1@sha256:{HEX}");
        for s in ["busybox", "[::1]:5000/x:v", &digested] {
            let r: Reference = s.parse().unwrap();
            assert_eq!(r.to_string().parse::<Reference>().unwrap(), r);
        }
    }

    #[test]
    fn id_prefixes() {
        for good in "a 86e0e0 <hex> sha256:<hex> sha256:86e".split(' ') {
            assert!(is_id_prefix(&good.replace("<hex>", HEX)), "{good}");
        }
        for bad in "sha256: 86E0 busybox sha512:86e <hex>0 x".split(' ').chain([""]) {
            assert!(!is_id_prefix(&bad.replace("<hex>", HEX)), "{bad}");
        }
    }
}
