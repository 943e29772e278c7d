#!/usr/bin/env python3
"""Checks stdlib/builtins.jq against gojq 0.12.11's own builtins, in gojq.

Each case is a program using builtins and an input.  It runs twice under
gojq: once as is (gojq's builtins) and once after the definitions of
builtins.jq (ours shadow gojq's), and the outputs (or errors) must agree.
`_modify`/`_assign` cannot shadow gojq's operators, so their cases call them
by name and compare with the operator form.

  check_builtins_jq.py [-v]
  check_builtins_jq.py --write-cases   # (re)writes cases/jq_defined.txt from gojq

cases/jq_defined.txt holds each case's gojq form (a case table,
docs/testing.md: program, input, gojq's outputs and error);
builtins_jq_test.cpp runs them through our pipeline.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import case_table  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BUILTINS = os.path.join(HERE, "..", "..", "..", "stdlib", "builtins.jq")

# jq versions of our private natives that gojq lacks (for this check only).
SHIMS = """
def _modify_apply($p; $r): if $r == [] then .[1] += [$p] else .[0] |= setpath($p; $r[0]) end;
def _modify_finish: . as [$v, $d] | $v | delpaths($d);
def _assign_paths($ps; $v): reduce $ps[] as $p (.; setpath($p; $v));
def _modify_one($p; $r): if $r == [] then delpaths([$p]) else setpath($p; $r[0]) end;
def _sub_splice($ms; $rs):
  . as $in
  | reduce range($ms | length - 1; -1; -1) as $i ({s: "", next: null};
      {s: ($rs[$i] + $in[$ms[$i].offset + $ms[$i].length:.next] + .s), next: $ms[$i].offset})
  | $in[:.next] + .s;
"""

# (ours, reference, input): when reference is None it is the same program.
CASES = [
    ("map(.+1)", None, "[1,2,3]"),
    ("map_values(.+1)", None, '{"a":1,"b":2}'),
    ("map_values(empty)", None, "[1,2,3]"),
    ("[.[] | select(. > 1)]", None, "[1,2,3]"),
    ("[recurse]", None, '{"a":[1,{"b":2}]}'),
    ("[..]", None, '{"a":[1,{"b":2}]}'),
    ("[recurse(if . < 3 then .+1 else empty end)]", None, "0"),
    ("[recurse(. * .; . < 20)]", None, "2"),
    ("try error(\"x\") catch .", None, "null"),
    ("try error({a:1}) catch .", None, "null"),
    ("[range(5)], [range(1,2)]", None, "null"),
    ("[.[] | in({\"a\":1})]", None, '["a","b"]'),
    ("[.[] | inside(\"foobar\")]", None, '["foo","baz"]'),
    ("[.[] | arrays], [.[] | objects], [.[] | iterables], [.[] | booleans], [.[] | numbers]", None,
     '[1,"a",null,true,[],{}]'),
    ("[.[] | strings], [.[] | nulls], [.[] | values], [.[] | scalars]", None, '[1,"a",null,true,[],{}]'),
    ("[.[] | finites], [.[] | normals]", None, "[1, 0, 1e-310]"),
    ("first, last, first(.[]), last(.[]), first(empty), [last(empty)]", None, "[1,2,3]"),
    ("[isempty(empty), isempty(1,error(\"x\"))]", None, "null"),
    ("nth(1), nth(1; .[]), [nth(5; .[])], try nth(-1; .[]) catch .", None, "[1,2,3]"),
    ("[limit(2; .[])], [limit(0; .[])], [limit(-1; .[])], [limit(1; 1, error(\"x\"))]", None, "[1,2,3]"),
    ("[.[] | until(. > 100; . * 2)]", None, "[1,2,3]"),
    ("[while(. < 100; . * 2)]", None, "1"),
    ("[limit(5; repeat(. * 2))]", None, "1"),
    ("[repeat(.*2, error)?]", None, "1"),
    ("[all, any], [all(. > 0), any(. > 2)], [all(.[]; . > 1), any(.[]; . > 5)]", None, "[1,2,3]"),
    ("[all, any]", None, "[]"),
    ("[any(true, error(\"x\"); .)], [all(false, error(\"x\"); .)]", None, "null"),
    ("[combinations]", None, "[[1,2],[3,4]]"),
    ("[combinations(2)]", None, "[0,1]"),
    ("sort_by(.a), group_by(.a), unique_by(.a), min_by(.a), max_by(.a)", None,
     '[{"a":2,"b":1},{"a":1,"b":2},{"a":2,"b":3}]'),
    ("sort_by(.a, .b), sort_by(-.b)", None, '[{"a":2,"b":1},{"a":1,"b":2},{"a":2,"b":3}]'),
    ("[paths], [paths(type == \"number\")], [leaf_paths]", None, '{"a":[1,{"b":2}],"c":"x"}'),
    ("del(.a), del(.[\"b\",\"c\"]), del(.x.y)", None, '{"a":1,"b":2,"c":3}'),
    ("del(.[1,2]), del(.[] | select(. > 1))", None, "[1,2,3]"),
    ("to_entries, with_entries(.value += 1), with_entries(select(.key != \"a\"))", None, '{"a":1,"b":2}'),
    ("walk(if type == \"number\" then . + 1 else . end)", None, '[1,{"a":2,"b":[3]}]'),
    ("walk(if type == \"object\" then del(.a) else . end)", None, '{"a":1,"b":{"a":2,"c":3}}'),
    ("[tostream]", None, '{"a":[1,{"b":2}],"c":[]}'),
    ("fromstream(tostream)", None, '{"a":[1,{"b":2}],"c":[]}'),
    ("[1 | truncate_stream([[0],1],[[1,0],2],[[1,0]],[[1]])]", None, "null"),
    ("fromstream(1 | truncate_stream([[0],1],[[1,0],2],[[1,0]],[[1]]))", None, "null"),
    ("todate, (todate | fromdate), todateiso8601, (todateiso8601 | fromdateiso8601)", None, "1425599507"),
    ("[match(\"a\"; \"g\")], [match(\"(?<x>b)\")], test(\"B\"), test(\"B\"; \"i\")", None, '"abab"'),
    ("capture(\"(?<x>a)(?<y>b)\"), [capture(\"(?<x>a)\"; \"g\")]", None, '"abab"'),
    ("[scan(\"a.\")], [scan(\"(a)(.)\")], [scan(\"A\"; \"i\")]", None, '"abacad"'),
    ("[splits(\", *\")], [splits(\"A\"; \"i\")]", None, '"a, b,cAd"'),
    ("sub(\"a\"; \"x\"), gsub(\"a\"; \"x\"), gsub(\"(?<l>[a-z])\"; \"<\\(.l)>\"), gsub(\"A\"; \"y\"; \"i\")", None,
     '"abcabc"'),
    ("[sub(\"(?<x>a)\"; \"\\(.x)1\", \"\\(.x)2\")], [gsub(\"a\"; \"x\", \"y\")]", None, '"aba"'),
    ("gsub(\"\"; \"-\"), gsub(\"^\"; \">\"), sub(\"$\"; \"!\")", None, '"abc"'),
    ("[gsub(\"(?<x>.)\"; \"\\(.x)1\", \"\\(.x)2\")]", None, '"abc"'),
    ("try gsub(\"b\"; 1) catch ., try gsub(\"b\"; {}) catch ., gsub(\"b\"; null)", None, '"abcbd"'),
    ("[limit(3; gsub(\"a\"; \"x\", \"y\"))], first(sub(\"b\"; \"1\", error(\"e\")))", None, '"abab"'),
    ("try sub(\"a\"; \"x\") catch ., [sub(\"z\"; \"x\")], gsub(\"\\\\s+\"; \" \")", None, '"a  b \\t c"'),
    ("gsub(\"é\"; \"e\"), [match(\"ö\"; \"g\") | .offset]", None, '"héllö wörld é"'),
    ("INDEX(.id), INDEX(.[]; .id)", None, '[{"id":1,"v":"a"},{"id":2,"v":"b"}]'),
    ("JOIN({\"1\":\"x\"}; .[]; tostring), [JOIN({\"1\":\"x\"}; tostring)]", None, "[1,2]"),
    ("[JOIN({\"1\":\"x\"}; .[]; tostring; add)]", None, '["1"]'),
    ("[.[] | IN(2, 3)], IN(.[]; 5, 1)", None, "[1,2,3]"),
    ("[limit(3; inputs)]", None, "null"),
    ("getpath([\"a\",\"b\"]), [paths(..)]", None, '{"a":{"b":1}}'),
    ("splits(\"a\"; null)", None, '"bab"'),
    # assignment operators: ours by name against gojq's operators
    ("_modify(.a; . + 1)", ".a |= . + 1", '{"a":1}'),
    ("_modify(.[]; . * 2)", ".[] |= . * 2", "[1,2,3]"),
    ("_modify(.[]; empty)", ".[] |= empty", "[1,2,3,4]"),
    ("_modify(.[] | select(. > 1); empty)", "(.[] | select(. > 1)) |= empty", "[1,2,3,4]"),
    ("_modify(.a, .b; . + 1, . + 10)", "(.a, .b) |= (. + 1, . + 10)", '{"a":1,"b":2}'),
    ("_modify(.x.y; 5)", ".x.y |= 5", "null"),
    ("_modify(..; if type == \"number\" then . + 1 else . end)", ".. |= if type == \"number\" then . + 1 else . end",
     '[1,[2,{"a":3}]]'),
    ("try _modify(.a; error(\"boom\")) catch .", "try (.a |= error(\"boom\")) catch .", '{"a":1}'),
    ("_modify(.[1:]; map(. * 10))", ".[1:] |= map(. * 10)", "[1,2,3]"),
    ("_modify(.a; empty), _modify(empty; 1), _modify(.[0]; empty)", ".a |= empty, (empty |= 1), (.[0] |= empty)", '{"a":1}'),
    ("[1,2,3] | _modify(.[0]; empty), _modify(.[-1]; . + 1), _modify(.[5]; 1)", "[1,2,3] | (.[0] |= empty), (.[-1] |= . + 1), (.[5] |= 1)", "null"),
    ("try _modify(.a, error(\"p\"); 1) catch .", "try ((.a, error(\"p\")) |= 1) catch .", '{"a":0}'),
    ("reduce range(5) as $i ({}; _modify(.[$i % 2 | tostring]; . + 1))", "reduce range(5) as $i ({}; .[$i % 2 | tostring] += 1)", "null"),
    ("_assign(.a; 5)", ".a = 5", '{"a":1}'),
    ("[_assign(.a, .b; 1, 2)]", "[(.a, .b) = (1, 2)]", "{}"),
    ("_assign(.[]; .[0])", ".[] = .[0]", "[1,2,3]"),
    ("try _assign(.a; 1) catch .", "try (.a = 1) catch .", "[1]"),
    ("[_assign(.a, .b; .b, .a)]", "[(.a, .b) = (.b, .a)]", '{"a":1,"b":2}'),
    ("try _assign(.a; error(\"v\")) catch .", "try (.a = error(\"v\")) catch .", '{"a":1}'),
    ("[_assign(empty; 1)], [_assign(.a; empty)]", "[empty = 1], [.a = empty]", '{"a":1}'),
]


def run(prog, inp):
    r = subprocess.run(["gojq", "-c", prog], input=inp, capture_output=True, text=True)
    return r.stdout + ("ERR " + r.stderr if r.returncode else "")


ERROR_KEY = '{"\\u0000error":'


def write_cases():
    # one case per line: program, input, then gojq's outputs (compact JSON)
    # and "!" with the error value when it fails
    rows = []
    for ours, ref, inp in CASES:
        prog = ref or ours
        if "_modify(" in prog or "_assign(" in prog:
            continue
        r = subprocess.run(["gojq", "-c", 'try (%s) catch {"\\u0000error": .}' % prog], input=inp,
                           capture_output=True, text=True)
        if r.returncode:
            raise SystemExit("gojq failed on %s: %s" % (prog, r.stderr))
        results = []
        for line in filter(None, r.stdout.split("\n")):
            if line.startswith(ERROR_KEY):
                results.append(case_table.Result("error", line[len(ERROR_KEY):-1]))
            else:
                results.append(case_table.Result("output", line))
        rows.append(case_table.format_row([prog, inp], results))
    path = os.path.join(HERE, "cases", "jq_defined.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The jq-defined builtins (stdlib/builtins.jq) on gojq 0.12.11's outputs,\n"
                "# written by check_builtins_jq.py --write-cases.\n"
                "#! columns: program input results\n" + "\n".join(rows) + "\n")
    case_table.read(path, ["program", "input"], True)  # raises on a malformed line
    print("wrote %d cases" % len(rows))


def main():
    if "--write-cases" in sys.argv:
        write_cases()
        return 0
    verbose = "-v" in sys.argv
    prelude = SHIMS + open(BUILTINS, encoding="utf-8").read()
    bad = 0
    for ours, ref, inp in CASES:
        want = run(ref or ours, inp)
        got = run(prelude + "\n" + ours, inp)
        if got != want:
            bad += 1
            print("MISMATCH %s  (input %s)\n  ours  %s\n  gojq  %s" % (ours, inp, got.strip(), want.strip()))
        elif verbose:
            print("ok %s -> %s" % (ours, got.strip()))
    print("%d case(s), %d mismatch(es)" % (len(CASES), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
