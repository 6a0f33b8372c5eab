//! Which addresses a posting may be fetched from: the URL rules (scheme, credentials, host)
//! and the public-address classifier the resolver and the redirect policy share.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use tailor_domain::ports::FetchError;
use url::{Host, Url};

/// Longer addresses are refused before parsing; no posting needs one.
const MAX_URL_CHARS: usize = 4_096;

/// Why the fetcher stopped a request itself. It travels through reqwest as the source of a
/// reqwest error (from the resolver or the redirect policy) and is turned back into a
/// [`FetchError`] by downcasting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    InvalidUrl,
    RefusedAddress,
    TooManyRedirects,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidUrl => "not an http or https address",
            Self::RefusedAddress => "non-public address refused",
            Self::TooManyRedirects => "too many redirects",
        })
    }
}

impl std::error::Error for Refusal {}

impl From<Refusal> for FetchError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::InvalidUrl => Self::InvalidUrl,
            Refusal::RefusedAddress => Self::RefusedAddress,
            Refusal::TooManyRedirects => Self::TooManyRedirects,
        }
    }
}

/// Parses the caller's address: absolute, `http` or `https`, with a host and without
/// credentials.
pub(crate) fn parse_target(raw: &str) -> Result<Url, Refusal> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > MAX_URL_CHARS {
        return Err(Refusal::InvalidUrl);
    }
    let url = Url::parse(raw).map_err(|_| Refusal::InvalidUrl)?;
    check_url_shape(&url)?;
    Ok(url)
}

/// The rules every hop must meet before anything is sent: the scheme, no credentials, and
/// a host that is not a non-public IP literal or a `localhost` name. Hostnames are
/// resolved (and their addresses checked) by the resolver at connection time.
pub(crate) fn check_hop(url: &Url, allow_private: bool) -> Result<(), Refusal> {
    check_url_shape(url)?;
    if allow_private {
        return Ok(());
    }
    match url.host() {
        Some(Host::Ipv4(ip)) if !is_public_ip(IpAddr::V4(ip)) => Err(Refusal::RefusedAddress),
        Some(Host::Ipv6(ip)) if !is_public_ip(IpAddr::V6(ip)) => Err(Refusal::RefusedAddress),
        Some(Host::Domain(name)) if is_local_name(name) => Err(Refusal::RefusedAddress),
        Some(_) => Ok(()),
        None => Err(Refusal::InvalidUrl),
    }
}

fn check_url_shape(url: &Url) -> Result<(), Refusal> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refusal::InvalidUrl);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::InvalidUrl);
    }
    match url.host_str() {
        Some(host) if !host.is_empty() => Ok(()),
        _ => Err(Refusal::InvalidUrl),
    }
}

/// `localhost` and its subdomains always mean this machine (RFC 6761), whatever a
/// resolver says.
pub(crate) fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// Whether `ip` is an ordinary public unicast address a posting may be served from.
///
/// IPv4 refuses the special-purpose blocks of RFC 6890 and its successors; IPv6 accepts
/// only global unicast (`2000::/3`) outside its documentation and protocol blocks, and
/// judges the IPv4 address embedded in mapped, NAT64 and 6to4 forms by the IPv4 rules.
pub(crate) fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// IPv4 special-purpose blocks (RFC 6890 and later), as (network, prefix length).
const REFUSED_V4: &[(Ipv4Addr, u8)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8),       // "this network", unspecified
    (Ipv4Addr::new(10, 0, 0, 0), 8),      // private
    (Ipv4Addr::new(100, 64, 0, 0), 10),   // carrier-grade NAT
    (Ipv4Addr::new(127, 0, 0, 0), 8),     // loopback
    (Ipv4Addr::new(169, 254, 0, 0), 16),  // link-local (cloud metadata services)
    (Ipv4Addr::new(172, 16, 0, 0), 12),   // private
    (Ipv4Addr::new(192, 0, 0, 0), 24),    // IETF protocol assignments
    (Ipv4Addr::new(192, 0, 2, 0), 24),    // documentation
    (Ipv4Addr::new(192, 88, 99, 0), 24),  // 6to4 relay anycast
    (Ipv4Addr::new(192, 168, 0, 0), 16),  // private
    (Ipv4Addr::new(198, 18, 0, 0), 15),   // benchmarking
    (Ipv4Addr::new(198, 51, 100, 0), 24), // documentation
    (Ipv4Addr::new(203, 0, 113, 0), 24),  // documentation
    (Ipv4Addr::new(224, 0, 0, 0), 4),     // multicast
    (Ipv4Addr::new(240, 0, 0, 0), 4),     // reserved, and the broadcast address
];

/// IPv6 blocks refused inside global unicast (`2000::/3`).
const REFUSED_V6: &[(Ipv6Addr, u8)] = &[
    (Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23), // protocol assignments (Teredo, ORCHID, ...)
    (Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0), 32), // documentation
    (Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0), 20), // documentation
];

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let ip = u32::from(ip);
    !REFUSED_V4.iter().any(|&(network, prefix)| {
        let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
        ip & mask == u32::from(network) & mask
    })
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated) carry an IPv4 address.
    let mapped = segments[..6] == [0, 0, 0, 0, 0, 0xffff];
    let translated = segments[..6] == [0, 0, 0, 0, 0xffff, 0];
    // 64:ff9b::/96, the well-known NAT64 prefix, reaches the embedded IPv4 address.
    let nat64 = segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    if mapped || translated || nat64 {
        return is_public_v4(embedded_v4(segments[6], segments[7]));
    }
    // 2002::/16 (6to4) embeds an IPv4 address in its next 32 bits.
    if segments[0] == 0x2002 {
        return is_public_v4(embedded_v4(segments[1], segments[2]));
    }
    // Everything outside global unicast is refused: unspecified, loopback,
    // IPv4-compatible, discard-only, unique local (fc00::/7), link-local (fe80::/10),
    // site-local, multicast (ff00::/8) and the unassigned rest.
    if segments[0] & 0xe000 != 0x2000 {
        return false;
    }
    let ip = u128::from(ip);
    !REFUSED_V6.iter().any(|&(network, prefix)| {
        let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
        ip & mask == u128::from(network) & mask
    })
}

fn embedded_v4(high: u16, low: u16) -> Ipv4Addr {
    let [a, b] = high.to_be_bytes();
    let [c, d] = low.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_classifier_refuses_every_non_public_ipv4_block() {
        let cases: &[(&str, bool)] = &[
            ("0.0.0.0", false),
            ("0.1.2.3", false),
            ("10.0.0.1", false),
            ("10.255.255.255", false),
            ("100.63.255.255", true),
            ("100.64.0.1", false),
            ("100.127.255.255", false),
            ("100.128.0.0", true),
            ("127.0.0.1", false),
            ("127.255.0.1", false),
            ("169.254.169.254", false),
            ("169.253.0.1", true),
            ("172.15.255.255", true),
            ("172.16.0.1", false),
            ("172.31.255.255", false),
            ("172.32.0.0", true),
            ("192.0.0.8", false),
            ("192.0.2.10", false),
            ("192.0.3.1", true),
            ("192.88.99.1", false),
            ("192.168.1.1", false),
            ("192.169.0.1", true),
            ("198.18.0.1", false),
            ("198.19.255.255", false),
            ("198.20.0.1", true),
            ("198.51.100.7", false),
            ("203.0.113.9", false),
            ("224.0.0.1", false),
            ("239.255.255.250", false),
            ("240.0.0.1", false),
            ("255.255.255.255", false),
            ("1.1.1.1", true),
            ("8.8.8.8", true),
            ("93.184.215.14", true),
            ("223.255.255.255", true),
        ];
        for (raw, public) in cases {
            let ip: IpAddr = raw.parse().expect(raw);
            assert_eq!(is_public_ip(ip), *public, "{raw}");
        }
    }

    #[test]
    fn the_classifier_refuses_every_non_public_ipv6_block() {
        let cases: &[(&str, bool)] = &[
            ("::", false),
            ("::1", false),
            ("::127.0.0.1", false),
            ("::ffff:127.0.0.1", false),
            ("::ffff:10.1.2.3", false),
            ("::ffff:169.254.169.254", false),
            ("::ffff:8.8.8.8", true),
            ("::ffff:0:192.168.0.1", false),
            ("::ffff:0:8.8.8.8", true),
            ("64:ff9b::127.0.0.1", false),
            ("64:ff9b::8.8.8.8", true),
            ("64:ff9b:1::1", false),
            ("100::1", false),
            ("2002:7f00:1::", false),
            ("2002:c0a8:101::1", false),
            ("2002:808:808::1", true),
            ("2001::1", false),
            ("2001:db8::1", false),
            ("2001:db8:ffff::1", false),
            ("3fff::1", false),
            ("fc00::1", false),
            ("fd12:3456::1", false),
            ("fe80::1", false),
            ("febf::1", false),
            ("fec0::1", false),
            ("ff02::1", false),
            ("ff0e::1", false),
            ("2606:4700:4700::1111", true),
            ("2a00:1450:4001:80b::200e", true),
            ("2001:4860:4860::8888", true),
        ];
        for (raw, public) in cases {
            let ip: IpAddr = raw.parse().expect(raw);
            assert_eq!(is_public_ip(ip), *public, "{raw}");
        }
    }

    #[test]
    fn only_absolute_http_and_https_addresses_without_credentials_are_accepted() {
        let cases: &[(&str, Result<(), Refusal>)] = &[
            ("https://jobs.example.com/posting/1?ref=x#apply", Ok(())),
            ("  http://jobs.example.com/  ", Ok(())),
            ("ftp://jobs.example.com/", Err(Refusal::InvalidUrl)),
            ("file:///etc/passwd", Err(Refusal::InvalidUrl)),
            ("javascript:alert(1)", Err(Refusal::InvalidUrl)),
            ("data:text/html,hi", Err(Refusal::InvalidUrl)),
            ("/relative/path", Err(Refusal::InvalidUrl)),
            ("jobs.example.com", Err(Refusal::InvalidUrl)),
            ("", Err(Refusal::InvalidUrl)),
            (
                "https://user:secret@jobs.example.com/",
                Err(Refusal::InvalidUrl),
            ),
            ("https://user@jobs.example.com/", Err(Refusal::InvalidUrl)),
            ("http://", Err(Refusal::InvalidUrl)),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_target(raw).map(|_| ()), *expected, "{raw:?}");
        }
        assert_eq!(
            parse_target(&format!("https://a.example/{}", "x".repeat(5_000))).map(|_| ()),
            Err(Refusal::InvalidUrl)
        );
    }

    #[test]
    fn hops_to_non_public_literals_and_localhost_names_are_refused() {
        let cases: &[(&str, Result<(), Refusal>)] = &[
            ("http://127.0.0.1/", Err(Refusal::RefusedAddress)),
            ("http://2130706433/", Err(Refusal::RefusedAddress)),
            ("http://0x7f.1/", Err(Refusal::RefusedAddress)),
            ("http://10.0.0.1/", Err(Refusal::RefusedAddress)),
            ("http://[::1]/", Err(Refusal::RefusedAddress)),
            ("http://[::ffff:127.0.0.1]/", Err(Refusal::RefusedAddress)),
            ("http://[fe80::1]/", Err(Refusal::RefusedAddress)),
            (
                "http://169.254.169.254/latest/meta-data",
                Err(Refusal::RefusedAddress),
            ),
            ("http://localhost:1/", Err(Refusal::RefusedAddress)),
            ("http://LOCALHOST./", Err(Refusal::RefusedAddress)),
            ("http://api.localhost/", Err(Refusal::RefusedAddress)),
            ("http://8.8.8.8/", Ok(())),
            ("http://[2606:4700:4700::1111]/", Ok(())),
            ("https://jobs.example.com/", Ok(())),
            ("https://localhost.example.com/", Ok(())),
        ];
        for (raw, expected) in cases {
            let url = Url::parse(raw).expect(raw);
            assert_eq!(check_hop(&url, false), *expected, "{raw}");
            assert_eq!(check_hop(&url, true), Ok(()), "{raw} with private allowed");
        }
    }
}
