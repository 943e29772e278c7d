# The builtins written in jq, with gojq 0.12.11's semantics.  Names that
# start with '_' are private.  A top-level definition starts a line with
# "def " (`builtins` lists them from that); helpers are nested or indented.
# Closures take the fast value natives of stdlib/natives.def where they can.

# ---- assignment operators (the front end lowers `=`, `|=`, `+=` ... to these)
# `paths = value`: for each output of value (evaluated first, on the input),
# every path set to it in one native call, so the input is copied at most once.
def _assign(paths; $value): _assign_paths([path(paths)]; $value);
# The first output of f replaces the value at each path; when f yields
# nothing the path is deleted (all deletions happen at the end, as in gojq).
# One path (`.[$k] |= f`, `.a += 1` in a loop) is updated by one native call
# that owns the input, so no copy is made; several paths go through the state
# [value, paths to delete], which the natives update in place.  (`limit`
# may let more than two through: a ?// alternative in paths catches its
# break, as in gojq.)
def _modify(paths; f):
  [limit(2; path(paths))] as $first
  | if ($first | length) >= 2 then
      reduce path(paths) as $p ([., []]; _modify_apply($p; [first(.[0] | getpath($p) | f)]))
      | _modify_finish
    elif $first == [] then .
    else _modify_one($first[0]; [first(getpath($first[0]) | f)])
    end;

# ---- basic filters
def select(f): if f then . else empty end;
def map(f): [.[] | f];
def map_values(f): .[] |= f;
def recurse(f): def r: ., (f | r); r;
def recurse(f; cond): def r: ., (f | select(cond) | r); r;
def recurse: recurse(.[]?);
def error($message): $message | error;
def halt_error: halt_error(5);
def range($end): range(0; $end);
def in(xs): . as $x | xs | has($x);
def inside(xs): . as $x | xs | contains($x);
def add(f): reduce f as $x (null; . + $x);
def toarray: if type == "array" then . else [.] end;

# ---- type selectors
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type | . == "array" or . == "object");
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def nulls: select(. == null);
def values: select(. != null);
def scalars: select(type | . != "array" and . != "object");
def finites: select(isfinite);
def normals: select(isnormal);

# ---- generators and control
def first: .[0];
def last: .[-1];
def first(f): label $out | f | ., break $out;
def last(f): reduce f as $x (null; $x);
def isempty(g): label $out | (g | false, break $out), true;
def nth($n): .[$n];
def nth($n; f):
  if $n < 0 then error("nth doesn't support negative indices")
  else label $out | foreach f as $x ($n + 1; . - 1; if . <= 0 then $x, break $out else empty end)
  end;
def limit($n; f):
  if $n > 0 then label $out | foreach f as $x ($n; . - 1; $x, if . <= 0 then break $out else empty end)
  elif $n == 0 then empty
  else f
  end;
def skip($n; f):
  if $n > 0 then foreach f as $x ($n + 1; . - 1; if . <= 0 then $x else empty end)
  elif $n == 0 then f
  else error("skip doesn't support negative count")
  end;
def until(cond; update): def _until: if cond then . else update | _until end; _until;
def while(cond; update): def _while: if cond then ., (update | _while) else empty end; _while;
# gojq's repeat: f's outputs, again and again, on the same input.
def repeat(f): def _repeat: f, _repeat; _repeat;
def all: all(.[]; .);
def all(f): all(.[]; f);
def all(g; cond): isempty(g | select(cond | not));
def any: any(.[]; .);
def any(f): any(.[]; f);
def any(g; cond): isempty(g | select(cond)) | not;
def combinations:
  if length == 0 then []
  else .[0][] as $x | [$x] + (.[1:] | combinations)
  end;
def combinations(n): [limit(n; repeat(.))] | combinations;
def inputs: try repeat(input) catch if . == "break" or . == "No more inputs" then empty else error end;

# ---- sorting and grouping by a key (natives do the work on the keys)
def sort_by(f): _sort_by(map([f]));
def group_by(f): _group_by(map([f]));
def unique_by(f): _unique_by(map([f]));
def min_by(f): _min_by(map([f]));
def max_by(f): _max_by(map([f]));

# ---- paths
def paths: path(..) | select(length > 0);
def paths(node_filter): paths as $p | select(getpath($p) | node_filter) | $p;
def leaf_paths: paths(scalars);
def del(f): delpaths([path(f)]);
def pick(pathexps): . as $top | reduce path(pathexps) as $p (null; setpath($p; $top | getpath($p)));
def with_entries(f): to_entries | map(f) | from_entries;
def walk(f):
  def w: if type == "object" then map_values(last(w)) elif type == "array" then map(w) else . end | f;
  w;
def tostream: path(def r: (.[]? | r), .; r) as $p | getpath($p) | reduce path(.[]?) as $q ([$p, .]; [$p + $q]);
def fromstream(f):
  { x: null, e: false } as $init
  | foreach f as $i ($init;
      if .e then $init end
      | if $i | length == 2
        then setpath(["e"]; $i[0] | length == 0) | setpath(["x"] + $i[0]; $i[1])
        else setpath(["e"]; $i[0] | length == 1)
        end;
      if .e then .x else empty end);
def truncate_stream(stream): . as $n | null | stream | if .[0] | length > $n then .[0] |= .[$n:] else empty end;

# ---- strings and regular expressions
def todate: strftime("%Y-%m-%dT%H:%M:%SZ");
def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%S%z") | mktime;
def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
def fromdate: fromdateiso8601;
def date: todate;
def dateadd(u; n): . + n;
def datesub(u; n): . - n;
def match($re): match($re; null);
def match($re; $flags): _match($re; $flags; false) | .[];
def test($re): _match($re; null; true);
def test($re; $flags): _match($re; $flags; true);
def capture($re): capture($re; null);
def capture($re; $flags): match($re; $flags) | _capture;
def scan($re): scan($re; null);
def scan($re; $flags):
  match($re; $flags + "g")
  | if .captures == [] then .string else [.captures[].string] end;
def splits($re): splits($re; null);
def splits($re; $flags): split($re; $flags) | .[];
def sub($re; str): sub($re; str; null);
# Every combination of the outputs of str (evaluated on each match's named
# captures, the last match first and outermost, as gojq does) gives one
# result; _sub_splice assembles it in one pass.
def sub($re; str; $flags):
  . as $in
  | [match($re; $flags)] as $matches
  | if $matches == [] then $in
    else
      def _replacements($i):
        if $i < 0 then []
        else ($matches[$i] | _capture | str) as $r | _replacements($i - 1) + [$r]
        end;
      _replacements($matches | length - 1) as $r | $in | _sub_splice($matches; $r)
    end;
def gsub($re; str): sub($re; str; "g");
def gsub($re; str; $flags): sub($re; str; $flags + "g");

# ---- SQL-style helpers
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | tostring] = $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
