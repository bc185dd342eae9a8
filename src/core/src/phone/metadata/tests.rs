use super::*;

#[test]
fn lengths_parse_ranges_and_lists() {
    assert_eq!(parse_lengths("7,9-10"), (1 << 7) | (1 << 9) | (1 << 10));
}

#[test]
fn a_group_fills_every_dollar_one_and_keeps_other_dollars() {
    assert_eq!(with_group("9$1", "15"), "915");
    assert_eq!(with_group("$1-$1", "7"), "7-7");
    assert_eq!(with_group("", "7"), "");
    assert_eq!(with_group("a$2b$", "7"), "a$2b$");
    assert_eq!(with_group("x$1y", "7"), "x$1y".replace("$1", "7"));
}

#[test]
fn a_malformed_line_reads_as_nothing_rather_than_panicking() {
    // Fetched table files (feature `fetched-tables`) come over the network: a broken one must not trap the
    // config checker.
    assert_eq!(parse_lengths("7,x-10,9"), (1 << 7) | (1 << 9));
    let info = parse_line("GB\tforty-four\t7-10");
    assert_eq!(info.calling_code, 0);
    assert_eq!(
        info.possible_lengths,
        (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10)
    );
}

#[test]
fn grouped_national_prefixes_expand() {
    let pairs = parse_national_prefixes("0{11|220}15>9$1,0");
    assert_eq!(
        pairs,
        vec![
            ("022015".to_string(), "9220".to_string()),
            ("01115".to_string(), "911".to_string()),
            ("0".to_string(), String::new()),
        ]
    );
}

#[test]
fn every_region_is_usable() {
    assert!(regions().count() > 240);
    for region in regions() {
        assert!(
            region.min_length() >= 2 && region.max_length() <= 17,
            "{}",
            region.region
        );
        assert!(!regions_for_calling_code_number(region.calling_code).is_empty());
    }
    assert_eq!(region_info("gb").map(|r| r.calling_code), Some(44));
}

#[test]
fn every_prefix_trie_is_well_formed() {
    for region in regions() {
        assert!(
            super::super::prefixes::is_well_formed(region.prefixes),
            "{}: {}",
            region.region,
            region.prefixes
        );
    }
}

#[test]
fn leading_digits_no_number_has_are_refused() {
    let us = region_info("US").unwrap();
    assert!(us.is_valid_number("2015550123"));
    assert!(
        !us.is_valid_number("1872155230"),
        "no NANP area code starts with 1"
    );
    assert!(!us.is_valid_number("0872155230"), "nor with 0");
    let cn = region_info("CN").unwrap();
    assert!(cn.is_valid_number("13912345678"));
    assert!(!cn.is_valid_number("123456789"));
    let gb = region_info("GB").unwrap();
    assert!(!gb.has_numbers_starting_with("0"));
    assert!(gb.has_numbers_starting_with("7911"));
    let ru = region_info("RU").unwrap();
    assert!(ru.has_numbers_starting_with("8"), "8 800 …");
    assert!(!ru.has_numbers_starting_with("0"));
}

#[test]
#[cfg(not(feature = "fetched-tables"))]
fn lines_are_found_at_compile_time_and_sorted_by_calling_code() {
    let data_lines: Vec<&str> = METADATA_TEXT
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .collect();
    assert_eq!(LINE_COUNT, data_lines.len());
    for (index, expected) in data_lines.iter().enumerate() {
        assert_eq!(line(index), *expected);
        let mut fields = expected.split('\t');
        assert_eq!(
            &expected[..usize::from(LINES[index].region_len)],
            fields.next().unwrap()
        );
        assert_eq!(
            LINES[index].calling_code.to_string(),
            fields.next().unwrap()
        );
    }
    assert!(
        LINES
            .windows(2)
            .all(|pair| pair[0].calling_code <= pair[1].calling_code),
        "binary search needs calling-code order"
    );
}

#[test]
fn a_calling_code_gives_all_its_regions_and_only_them() {
    let family: Vec<&str> = regions_for_calling_code_number(44)
        .iter()
        .map(|region| region.region)
        .collect();
    assert_eq!(family, ["GB", "GG", "IM", "JE"]);
    assert_eq!(
        regions_for_calling_code_number(7)
            .iter()
            .map(|r| r.region)
            .collect::<Vec<_>>(),
        ["RU", "KZ"]
    );
    assert!(regions_for_calling_code_number(1).len() > 20);
    assert!(regions_for_calling_code_number(999).is_empty());
    assert!(regions_for_calling_code("044").is_none());
    for region in regions() {
        assert!(
            regions_for_calling_code_number(region.calling_code)
                .iter()
                .any(|r| std::ptr::eq(*r, region)),
            "{}",
            region.region
        );
    }
}
