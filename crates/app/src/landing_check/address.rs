//! Which IP addresses the landing page checker may connect to (R25; server-side request forgery).
//!
//! A partner types the landing page URL, so the checker must never be turned against the
//! operator's own network: the cloud metadata service (169.254.169.254), the database on
//! 127.0.0.1, an intranet on 10.0.0.0/8. Only globally routable unicast addresses are reached in
//! production; the test configuration also allows loopback (and nothing else), so tests can run
//! servers of their own on 127.0.0.1.
//!
//! The policy is a table of refused ranges (IANA's special-purpose registries, simplified to
//! refuse rather than allow when in doubt). IPv6 is allow-listed: only global unicast `2000::/3`,
//! minus its special ranges, plus IPv4 addresses written in IPv6 form (`::ffff:a.b.c.d`,
//! `64:ff9b::a.b.c.d`), which are judged as the IPv4 address they carry.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address may not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// 127.0.0.0/8, `::1`.
    Loopback,
    /// 10/8, 172.16/12, 192.168/16, IPv6 unique local `fc00::/7`.
    Private,
    /// 169.254/16 (which holds the cloud metadata service), `fe80::/10`.
    LinkLocal,
    /// 100.64/10, carrier-grade NAT.
    SharedAddressSpace,
    /// 0.0.0.0, `::`.
    Unspecified,
    /// 224/4, `ff00::/8`.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, `2001:db8::/32`, `3fff::/20`.
    Documentation,
    /// Anything else that is not globally routable unicast: 0/8, 192.0.0/24, 198.18/15,
    /// 240/4, IPv6 outside `2000::/3`, 6to4, Teredo, ...
    Reserved,
}

impl Refusal {
    /// The loopback refusal is the one lifted by the test configuration.
    pub fn is_loopback(self) -> bool {
        self == Self::Loopback
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Loopback => "loopback",
            Self::Private => "private",
            Self::LinkLocal => "link-local",
            Self::SharedAddressSpace => "shared (carrier-grade NAT)",
            Self::Unspecified => "unspecified",
            Self::Multicast => "multicast",
            Self::Broadcast => "broadcast",
            Self::Documentation => "documentation",
            Self::Reserved => "reserved, non-public",
        })
    }
}

/// Refused IPv4 ranges: (network, prefix length, why). The first match wins, so the narrower
/// ranges come before the wider ones holding them.
const V4_REFUSED: &[(Ipv4Addr, u8, Refusal)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 32, Refusal::Unspecified),
    (Ipv4Addr::new(0, 0, 0, 0), 8, Refusal::Reserved),
    (Ipv4Addr::new(10, 0, 0, 0), 8, Refusal::Private),
    (
        Ipv4Addr::new(100, 64, 0, 0),
        10,
        Refusal::SharedAddressSpace,
    ),
    (Ipv4Addr::new(127, 0, 0, 0), 8, Refusal::Loopback),
    (Ipv4Addr::new(169, 254, 0, 0), 16, Refusal::LinkLocal),
    (Ipv4Addr::new(172, 16, 0, 0), 12, Refusal::Private),
    (Ipv4Addr::new(192, 0, 0, 0), 24, Refusal::Reserved),
    (Ipv4Addr::new(192, 0, 2, 0), 24, Refusal::Documentation),
    (Ipv4Addr::new(192, 88, 99, 0), 24, Refusal::Reserved),
    (Ipv4Addr::new(192, 168, 0, 0), 16, Refusal::Private),
    (Ipv4Addr::new(198, 18, 0, 0), 15, Refusal::Reserved),
    (Ipv4Addr::new(198, 51, 100, 0), 24, Refusal::Documentation),
    (Ipv4Addr::new(203, 0, 113, 0), 24, Refusal::Documentation),
    (Ipv4Addr::new(224, 0, 0, 0), 4, Refusal::Multicast),
    (Ipv4Addr::new(255, 255, 255, 255), 32, Refusal::Broadcast),
    (Ipv4Addr::new(240, 0, 0, 0), 4, Refusal::Reserved),
];

/// Refused IPv6 ranges inside global unicast `2000::/3` (everything outside it is refused too).
const V6_REFUSED_IN_GLOBAL: &[(Ipv6Addr, u8, Refusal)] = &[
    (
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
        32,
        Refusal::Documentation,
    ),
    // IETF protocol assignments, Teredo (2001::/32) among them.
    (
        Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0),
        23,
        Refusal::Reserved,
    ),
    // 6to4 carries an IPv4 address a relay would reach; refused outright (deprecated).
    (
        Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0),
        16,
        Refusal::Reserved,
    ),
    (
        Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0),
        20,
        Refusal::Documentation,
    ),
];

fn in_v4(ip: Ipv4Addr, network: Ipv4Addr, prefix: u8) -> bool {
    let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    u32::from(ip) & mask == u32::from(network) & mask
}

fn in_v6(ip: Ipv6Addr, network: Ipv6Addr, prefix: u8) -> bool {
    let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
    u128::from(ip) & mask == u128::from(network) & mask
}

/// Why `ip` may not be reached, or `None` when it is a public address.
pub fn refusal(ip: IpAddr) -> Option<Refusal> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => refusal_v6(v6),
    }
}

fn refusal_v4(ip: Ipv4Addr) -> Option<Refusal> {
    V4_REFUSED
        .iter()
        .find(|(network, prefix, _)| in_v4(ip, *network, *prefix))
        .map(|(_, _, why)| *why)
}

fn refusal_v6(ip: Ipv6Addr) -> Option<Refusal> {
    if ip.is_unspecified() {
        return Some(Refusal::Unspecified);
    }
    if ip.is_loopback() {
        return Some(Refusal::Loopback);
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return refusal_v4(v4);
    }
    // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
    let nat64 = Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0);
    if in_v6(ip, nat64, 96) {
        let [.., a, b, c, d] = ip.octets();
        return refusal_v4(Ipv4Addr::new(a, b, c, d));
    }
    let fixed = [
        (
            Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0),
            7,
            Refusal::Private,
        ),
        (
            Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0),
            10,
            Refusal::LinkLocal,
        ),
        (
            Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0),
            8,
            Refusal::Multicast,
        ),
    ];
    if let Some((_, _, why)) = fixed.iter().find(|(n, p, _)| in_v6(ip, *n, *p)) {
        return Some(*why);
    }
    let global_unicast = Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0);
    if !in_v6(ip, global_unicast, 3) {
        return Some(Refusal::Reserved);
    }
    V6_REFUSED_IN_GLOBAL
        .iter()
        .find(|(network, prefix, _)| in_v6(ip, *network, *prefix))
        .map(|(_, _, why)| *why)
}

/// May the checker connect to `ip`? Loopback only when `allow_loopback` (test configuration).
pub fn permitted(ip: IpAddr, allow_loopback: bool) -> Result<(), Refusal> {
    match refusal(ip) {
        None => Ok(()),
        Some(why) if why.is_loopback() && allow_loopback => Ok(()),
        Some(why) => Err(why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v4(bits: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from(bits))
    }

    /// An address inside `network/prefix`, the host bits taken from `noise`.
    fn inside(network: Ipv4Addr, prefix: u8, noise: u32) -> u32 {
        let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
        (u32::from(network) & mask) | (noise & !mask)
    }

    #[test]
    fn the_named_dangerous_addresses_are_refused_r25() {
        let cases = [
            ("127.0.0.1", Refusal::Loopback),
            ("10.0.0.1", Refusal::Private),
            ("172.31.255.255", Refusal::Private),
            ("192.168.1.1", Refusal::Private),
            ("169.254.169.254", Refusal::LinkLocal),
            ("100.64.0.1", Refusal::SharedAddressSpace),
            ("0.0.0.0", Refusal::Unspecified),
            ("224.0.0.1", Refusal::Multicast),
            ("255.255.255.255", Refusal::Broadcast),
            ("203.0.113.7", Refusal::Documentation),
            ("::1", Refusal::Loopback),
            ("::", Refusal::Unspecified),
            ("fd00::1", Refusal::Private),
            ("fe80::1", Refusal::LinkLocal),
            ("ff02::1", Refusal::Multicast),
            ("2001:db8::1", Refusal::Documentation),
            ("::ffff:127.0.0.1", Refusal::Loopback),
            ("::ffff:169.254.169.254", Refusal::LinkLocal),
            ("::ffff:10.1.2.3", Refusal::Private),
            ("64:ff9b::a00:1", Refusal::Private),
            ("::10.0.0.1", Refusal::Reserved),
        ];
        for (text, expected) in cases {
            let ip: IpAddr = text.parse().unwrap();
            assert_eq!(refusal(ip), Some(expected), "{text}");
        }
        for public in ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700::1111"] {
            let ip: IpAddr = public.parse().unwrap();
            assert_eq!(refusal(ip), None, "{public}");
        }
    }

    proptest! {
        /// Every address of every refused IPv4 range is refused, for the range's reason or a
        /// narrower one listed before it.
        #[test]
        fn every_address_in_a_refused_v4_range_is_refused(
            index in 0..V4_REFUSED.len(),
            noise in any::<u32>(),
        ) {
            let (network, prefix, _) = V4_REFUSED[index];
            let ip = v4(inside(network, prefix, noise));
            prop_assert!(refusal(ip).is_some(), "{ip}");
            prop_assert!(permitted(ip, false).is_err());
        }

        /// Whatever the standard library knows to be special is refused.
        #[test]
        fn what_std_calls_special_is_refused(bits in any::<u32>()) {
            let ip = Ipv4Addr::from(bits);
            let special = ip.is_private()
                || ip.is_loopback()
                || ip.is_link_local()
                || ip.is_broadcast()
                || ip.is_documentation()
                || ip.is_multicast()
                || ip.is_unspecified();
            if special {
                prop_assert!(refusal(IpAddr::V4(ip)).is_some(), "{ip}");
            }
        }

        /// The neighbours just outside the refused ranges stay public.
        #[test]
        fn the_edges_of_refused_ranges_stay_public(low in 0u32..=255, mid in 0u32..=255) {
            let public = [
                [1, 2, low, mid],
                [9, 255, low, mid],
                [11, 0, low, mid],
                [100, 63, low, mid],
                [100, 128, low, mid],
                [126, 255, low, mid],
                [128, 0, low, mid],
                [169, 253, low, mid],
                [169, 255, low, mid],
                [172, 15, low, mid],
                [172, 32, low, mid],
                [192, 167, low, mid],
                [192, 169, low, mid],
                [198, 17, low, mid],
                [198, 20, low, mid],
                [223, 255, low, mid],
            ];
            for octets in public {
                let octets = octets.map(|o| u8::try_from(o).unwrap());
                let ip = IpAddr::V4(Ipv4Addr::from(octets));
                prop_assert_eq!(refusal(ip), None, "{}", ip);
            }
        }

        /// An IPv4 address written as IPv4-mapped IPv6 gets the IPv4 verdict.
        #[test]
        fn mapped_v6_is_judged_as_its_v4(bits in any::<u32>()) {
            let ip = Ipv4Addr::from(bits);
            prop_assert_eq!(
                refusal(IpAddr::V6(ip.to_ipv6_mapped())),
                refusal(IpAddr::V4(ip))
            );
        }

        /// The test configuration lifts the loopback refusal and no other.
        #[test]
        fn test_configuration_allows_loopback_only(bits in any::<u32>()) {
            let ip = v4(bits);
            let loopback = Ipv4Addr::from(bits).is_loopback();
            prop_assert_eq!(
                permitted(ip, true).is_ok(),
                permitted(ip, false).is_ok() || loopback
            );
        }

        /// IPv6 outside global unicast 2000::/3 is refused (except mapped/NAT64 IPv4).
        #[test]
        fn v6_outside_global_unicast_is_refused(bits in any::<u128>()) {
            let ip = Ipv6Addr::from(bits);
            let global = bits >> 125 == 0b001;
            let carries_v4 = ip.to_ipv4_mapped().is_some() || bits >> 32 == 0x64_ff9b_u128 << 64;
            if !global && !carries_v4 {
                prop_assert!(refusal(IpAddr::V6(ip)).is_some(), "{ip}");
            }
        }
    }
}
