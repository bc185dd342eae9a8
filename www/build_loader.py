#!/usr/bin/env python3
"""Fills in www/loader.js for dist (make build): the widget's stylesheet and the launcher's label in every
language with a file in www/i18n/ (and the greeting's dismiss button), so the loader draws the launcher without fetching anything else (issue 15).

    python3 www/build_loader.py OUT      writes the filled-in loader to OUT (esbuild minifies it afterwards), with
                                         the launcher's part of widget.css (above its `/*@dialog` mark), and
                                         dialog.css (the rest) beside it

The loader's source marks the two places: `/*@widget.css*/''` and `/*@launcher labels*/{...}`. A missing mark
is an error, so the loader cannot ship without its styles."""
import json
import pathlib
import re
import sys

WWW = pathlib.Path(__file__).resolve().parent


def labels():
    table = {}
    for path in sorted((WWW / "i18n").glob("*.txt")):
        strings = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                key, value = line.split("\t", 1)
                strings[key] = value
        if "launcher.label" in strings and "launcher.label_unnamed" in strings:
            table[path.stem] = [strings["launcher.label"], strings["launcher.label_unnamed"],
                                strings.get("greeting.dismiss", "Dismiss")]
    if "en" not in table:
        sys.exit("build_loader: www/i18n/en.txt has no launcher.label / launcher.label_unnamed")
    return table


def minify_css(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)  # comments cost bytes on every page
    return re.sub(r"\s+", " ", css).strip()


def main():
    source = (WWW / "loader.js").read_text(encoding="utf-8")
    launcher_css, dialog_css = (WWW / "widget.css").read_text(encoding="utf-8").split("/*@dialog", 1)
    css = minify_css(launcher_css)
    # The dialog's rules: adopted by the loader with the dialog bundle, beside the loader (dialog.css).
    out = pathlib.Path(sys.argv[1])
    (out.parent / "dialog.css").write_text(minify_css("/*" + dialog_css), encoding="utf-8")
    filled, count_css = re.subn(r"/\*@widget\.css\*/''", lambda _: json.dumps(css, ensure_ascii=False), source)
    filled, count_labels = re.subn(r"/\*@launcher labels\*/[^\n]*?(?=;\n)",
                                   lambda _: json.dumps(labels(), ensure_ascii=False), filled)
    if count_css != 1 or count_labels != 1:
        sys.exit("build_loader: www/loader.js lost its /*@widget.css*/ or /*@launcher labels*/ mark")
    out.write_text(filled, encoding="utf-8")


if __name__ == "__main__":
    main()
