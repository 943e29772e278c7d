#!/usr/bin/env python3
"""The layering check: the README's table "The tree is the architecture" is
the single source of which folder may include which, and of the namespace
each folder's code is in.  Fails (exit 1, one line per problem) when

  - a file includes a project header its folder may not depend on;
  - a file opens a `riposte` namespace other than its folder's (or one nested
    in it);
  - a folder holding C++ code has no row (its own or a parent's), or a row
    names a folder that does not exist;
  - the table is malformed (unknown columns, a row without a code span).

Usage: check_layers.py [--root DIR]
"""
import argparse
import os
import re
import sys

TABLE_HEADING = "## The tree is the architecture"
COLUMNS = ["folder", "namespace", "holds", "may depend on"]
CODE_SPAN = re.compile(r"`([^`]+)`")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
NAMESPACE = re.compile(r"^\s*namespace\s+(riposte(?:::[A-Za-z_]\w*)*)\s*\{", re.M)
FORWARD_ONLY = re.compile(r"\s*(?:(?:class|struct)\s+\w+\s*;[ \t]*(?://[^\n]*)?\s*)+\}")
SOURCE_EXT = (".h", ".cpp", ".def", ".inc")
SKIP_DIRS = {".git", ".ci", "docs", "samples", "scripts", "cmake"}


class TableError(Exception):
    pass


def read_table(readme):
    """Rows {folder: (namespace or None for any, [allowed prefixes], any_ok)}."""
    lines = open(readme, encoding="utf-8").read().split("\n")
    try:
        start = lines.index(TABLE_HEADING)
    except ValueError:
        raise TableError(f"{readme}: no heading {TABLE_HEADING!r}")
    i = start + 1
    while i < len(lines) and not lines[i].startswith("|"):
        i += 1
    if i >= len(lines):
        raise TableError(f"{readme}: no table under {TABLE_HEADING!r}")
    header = [c.strip() for c in lines[i].strip().strip("|").split("|")]
    if header != COLUMNS:
        raise TableError(f"{readme}:{i + 1}: table columns are {header}, expected {COLUMNS}")
    rows = {}
    for n in range(i + 2, len(lines)):
        line = lines[n]
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        where = f"{readme}:{n + 1}"
        if len(cells) != len(COLUMNS):
            raise TableError(f"{where}: {len(cells)} cells, expected {len(COLUMNS)}")
        folder = CODE_SPAN.fullmatch(cells[0])
        if not folder or not folder.group(1).endswith("/"):
            raise TableError(f"{where}: the folder cell must be one code span ending in '/': {cells[0]!r}")
        ns = CODE_SPAN.fullmatch(cells[1])
        if not ns and cells[1] != "any":
            raise TableError(f"{where}: the namespace cell must be a code span or 'any': {cells[1]!r}")
        deps = CODE_SPAN.findall(cells[3])
        name = folder.group(1)
        if name in rows:
            raise TableError(f"{where}: folder {name} listed twice")
        rows[name] = (ns.group(1) if ns else None, [d for d in deps if d != "*"], "*" in deps)
    if not rows:
        raise TableError(f"{readme}: the table has no rows")
    return rows


def row_of(path, rows):
    """The longest row folder that is a prefix of `path` (relative, '/')."""
    best = None
    for folder in rows:
        if path.startswith(folder) and (best is None or len(folder) > len(best)):
            best = folder
    return best


def check(root):
    problems = []
    rows = read_table(os.path.join(root, "README.md"))
    for folder in rows:
        if not os.path.isdir(os.path.join(root, folder)):
            problems.append(f"README.md: row {folder}: no such folder")
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(d for d in dirnames
                             if not (rel_dir == "" and (d in SKIP_DIRS or d.startswith("build") or d.startswith(".")))
                             and d != "node_modules")
        for name in sorted(filenames):
            if not name.endswith(SOURCE_EXT):
                continue
            path = rel_dir + name
            row = row_of(path, rows)
            if row is None:
                problems.append(f"{path}: its folder has no row in the README's table")
                continue
            ns, allowed, any_ok = rows[row]
            text = open(os.path.join(root, path), encoding="utf-8", errors="replace").read()
            for m in INCLUDE.finditer(text):
                inc = m.group(1)
                if "/" not in inc:
                    continue  # a generated file of the build (JqParser.h, builtins_jq.inc)
                line = text.count("\n", 0, m.start()) + 1
                target = row_of(inc, rows)
                if target is None:
                    if not os.path.exists(os.path.join(root, inc)):
                        continue  # a library's header (fmt/format.h as "..." is not used, but be lenient)
                    problems.append(f"{path}:{line}: includes {inc}, which no row of the table covers")
                    continue
                if any_ok or target == row:
                    continue
                if any(inc == a or (a.endswith("/") and inc.startswith(a) and row_of(inc, rows) == a) for a in allowed):
                    continue
                problems.append(f"{path}:{line}: {row} may not include {inc} ({target} is not in its row's "
                                f"'may depend on')")
            if ns is None:
                continue
            for m in NAMESPACE.finditer(text):
                opened = m.group(1)
                if FORWARD_ONLY.match(text, m.end()):
                    continue  # `namespace riposte::x { class Y; }`: a name, not a definition
                if opened != ns and not opened.startswith(ns + "::"):
                    line = text.count("\n", 0, m.start()) + 1
                    problems.append(f"{path}:{line}: namespace {opened}, but {row} is namespace {ns}")
    problems += check_test_mirror(root, rows)
    return problems


def check_test_mirror(root, rows):
    """tests/unit/<name>/ tests the folder <name>/ ('_' for '/' below the top)."""
    problems = []
    unit = os.path.join(root, "tests", "unit")
    for name in sorted(os.listdir(unit)) if os.path.isdir(unit) else []:
        if not os.path.isdir(os.path.join(unit, name)):
            continue
        folder = name.replace("_", "/") + "/"
        if folder not in rows or rows[folder][0] is None:
            problems.append(f"tests/unit/{name}/: mirrors no source folder of the table ({folder})")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    try:
        problems = check(root)
    except TableError as e:
        print(f"layers: {e}", file=sys.stderr)
        return 1
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"layers: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("layers: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
