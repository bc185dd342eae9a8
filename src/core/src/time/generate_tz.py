#!/usr/bin/env python3
"""Generates src/core/src/time/tz.txt: every IANA zone of zone.tab with the POSIX TZ rule its TZif file ends with.

    python3 src/core/src/time/generate_tz.py > src/core/src/time/tz.txt

One line per zone: `Europe/London <TAB> GMT0BST,M3.5.0/1,M10.5.0`. The rule (the footer of a TZif v2+ file,
RFC 8536 section 3.3) gives the zone's current standard offset and, where it has one, its summer-time rule;
`core::time::zone` reads it. Past rule changes are not kept: the widget asks about now and the next days.
"""
import sys

ZONEINFO = "/usr/share/zoneinfo"
# Names a browser or a site owner commonly uses that zone.tab does not list (links in tzdata's `backward`).
EXTRA = ["UTC", "Etc/UTC", "Europe/Kiev", "Asia/Calcutta", "Asia/Saigon", "Asia/Katmandu", "America/Buenos_Aires"]


def footer(zone):
    with open(f"{ZONEINFO}/{zone}", "rb") as f:
        data = f.read()
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


def main():
    zones = []
    with open(f"{ZONEINFO}/zone.tab", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            zones.append(line.rstrip("\n").split("\t")[2])
    print("# IANA zone <TAB> POSIX TZ rule (the TZif footer), from the tz database via generate_tz.py")
    for zone in sorted(set(zones + EXTRA)):
        print(f"{zone}\t{footer(zone)}")


if __name__ == "__main__":
    sys.exit(main())
