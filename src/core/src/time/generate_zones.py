#!/usr/bin/env python3
"""Generates src/core/hours/zones.txt: each country's UTC offsets in January and July, from the IANA tz database.

    python3 src/core/hours/generate_zones.py > src/core/hours/zones.txt

One line per country: `CC <TAB> jan/jul,jan/jul,...` in minutes, one pair per distinct offset pattern of its
zones (the US has several, France one). The first pair is the zone of the country's capital or largest city. `core::hours` turns a pair into the offset on a date with the country's summer-time rule family.
"""
import collections
import datetime
import sys
import zoneinfo

def offsets(zone):
    tz = zoneinfo.ZoneInfo(zone)
    jan = datetime.datetime(2026, 1, 15, 12, tzinfo=tz).utcoffset()
    jul = datetime.datetime(2026, 7, 15, 12, tzinfo=tz).utcoffset()
    return int(jan.total_seconds() // 60), int(jul.total_seconds() // 60)

# Where a country spans several zones, its capital's (or largest city's) zone comes first.
MAIN_ZONES = {"RU": "Europe/Moscow", "US": "America/New_York", "CA": "America/Toronto", "AU": "Australia/Sydney",
              "BR": "America/Sao_Paulo", "MX": "America/Mexico_City", "ID": "Asia/Jakarta", "KZ": "Asia/Almaty",
              "CN": "Asia/Shanghai", "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago",
              "UA": "Europe/Kyiv", "MN": "Asia/Ulaanbaatar", "CD": "Africa/Kinshasa", "PT": "Europe/Lisbon",
              "ES": "Europe/Madrid", "EC": "America/Guayaquil", "NZ": "Pacific/Auckland", "DE": "Europe/Berlin"}


def main():
    by_country = collections.defaultdict(list)
    with open("/usr/share/zoneinfo/zone.tab", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            by_country[fields[0]].append(fields[2])
    print("# UTC offsets (minutes) in January/July per country, from the IANA tz database via generate_zones.py")
    for country in sorted(by_country):
        counts = collections.Counter(offsets(zone) for zone in by_country[country])
        main_zone = MAIN_ZONES.get(country, by_country[country][0])
        first = offsets(main_zone)
        ordered = [first] + [pair for pair, _ in counts.most_common() if pair != first]
        region = "america" if main_zone.startswith("America/") else "other"
        print(f"{country}\t{region}\t" + ",".join(f"{a}/{b}" for a, b in ordered))

if __name__ == "__main__":
    sys.exit(main())
