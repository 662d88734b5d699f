"""jq on the console host, as Debian bookworm's jq 1.6 answers (src/main.c, src/parser.y, src/builtin.c,
src/builtin.jq, src/jv_print.c, src/jv_parse.c at tag jq-1.6).

Every expected text below was transcribed from jq 1.6 run by hand on the same program and input: what
it printed on stdout, then on stderr, and its exit status.
"""
from __future__ import annotations

import pytest

from clusters import Cluster
from clusters.console import programs


@pytest.fixture(scope="module")
def learner():
    return Cluster(seed=1)


def jq(cluster, argv: list[str], stdin: str) -> tuple[str, int]:
    """Run the console's jq with exactly this stdin (no shell between), as a pipe would feed it."""
    out: list[str] = []
    err: list[str] = []
    ctx = programs.Context(cluster.console, stdin, out.append, err.append)
    code = programs.find("jq")(ctx, argv)
    return "".join(out) + "".join(err), code


LANGUAGE = [
    ('identity_pretty_prints_with_two_spaces_in_key_order', ['.'], '{"b":[1,2.0,"x",null,true,{}],"a":{}}',
     '{\n  "b": [\n    1,\n    2,\n    "x",\n    null,\n    true,\n    {}\n  ],\n  "a": {}\n}\n', 0),
    ('compact_output_is_one_line_per_value', ['-c', '.'], '{"a": [1, 2]}\n[3]\n"s"',
     '{"a":[1,2]}\n[3]\n"s"\n', 0),
    ('numbers_print_as_jv_dtoa_fmt_does', ['-c', '.'], '[1.0, 0.1, 1e1000, -1e1000, 100000000000000000000, 1e17, 1e-5, 123456789012345678, 3.14159, -0, 0.001]',
     '[1,0.1,1.7976931348623157e+308,-1.7976931348623157e+308,1e+20,1e+17,1e-05,123456789012345680,3.14159,-0,0.001]\n', 0),
    ('field_paths_and_optional_fields', ['-c', '.a, .a.b, .["a"], .x?, ."a"'], '{"a":{"b":1}}',
     '{"b":1}\n1\n{"b":1}\nnull\n{"b":1}\n', 0),
    ('array_index_negative_index_and_slices', ['-c', '.[0], .[-1], .[2:4], .[:-1], .[5]'], '[1,2,3,4,5]',
     '1\n5\n[3,4]\n[1,2,3,4]\nnull\n', 0),
    ('string_slices_count_codepoints', ['-c', '.[2:4], .[-2:]'], '"abcdef"',
     '"cd"\n"ef"\n', 0),
    ('iterate_arrays_and_objects', ['-c', '.[]'], '{"a":1,"b":[2]}',
     '1\n[2]\n', 0),
    ('optional_iterate_ignores_non_iterables', ['-c', '[.[] | .foo[]?]'], '[{"foo":[1,2]},{"foo":3},{}]',
     '[1,2]\n', 0),
    ('recurse_visits_every_value_depth_first', ['-c', '[..]'], '[1,[2,{"a":3}]]',
     '[[1,[2,{"a":3}]],1,[2,{"a":3}],2,{"a":3},3]\n', 0),
    ('comma_pipe_and_parentheses', ['-c', '(.a, .b) | . * 10'], '{"a":1,"b":2}',
     '10\n20\n', 0),
    ('arithmetic_on_numbers_strings_arrays_objects', ['-c', '1 + 2 * 3, 10 % 3, 5 / 2, "a" + "b", [1,2,1] - [1], {"a":{"b":1}} * {"a":{"c":2}}, "x" * 3, "a,b" / ",", null + 1'], 'null',
     '7\n1\n2.5\n"ab"\n[2]\n{"a":{"b":1,"c":2}}\n"xxx"\n["a","b"]\n1\n', 0),
    ('comparisons_order_values_as_jq_does', ['-c', '[1 < 2, "a" < "b", [] < {}, null < false, false < true, {"a":1} == {"a":1.0}]'], 'null',
     '[true,true,true,true,true,true]\n', 0),
    ('and_or_not_and_alternative', ['-c', '(true and null), (false or 1), (null // "d"), (.a // 5), ([false, 1] | map(not))'], '{"a":false}',
     'false\ntrue\n"d"\n5\n[true,false]\n', 0),
    ('object_construction_shorthand_and_computed_keys', ['-c', '{name: .metadata.name, ns: .metadata.namespace}, {a, b}, {(.k): .v}, {"x\\(.v)": 1}'], '{"metadata":{"name":"web","namespace":"default"},"a":1,"b":2,"k":"key","v":7}',
     '{"name":"web","ns":"default"}\n{"a":1,"b":2}\n{"key":7}\n{"x7":1}\n', 0),
    ('object_construction_multiplies_outputs', ['-c', '{a: (1,2), b: (3,4)}'], 'null',
     '{"a":1,"b":3}\n{"a":1,"b":4}\n{"a":2,"b":3}\n{"a":2,"b":4}\n', 0),
    ('array_construction_collects_a_stream', ['-c', '[.items[].metadata.name]'], '{"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}',
     '["a","b"]\n', 0),
    ('string_interpolation_uses_tostring', ['-c', '"\\(.a)-\\(.b) \\([1]) \\({"k":null})"'], '{"a":1,"b":"x"}',
     '"1-x [1] {\\"k\\":null}"\n', 0),
    ('if_elif_else', ['-c', '[.[] | if . > 2 then "big" elif . == 2 then "two" else "small" end]'], '[1,2,3]',
     '["small","two","big"]\n', 0),
    ('try_catch_catches_errors_by_value', ['-c', '.[] | try (if . == 2 then error("two") else . end) catch "caught \\(.)"'], '[1,2,3]',
     '1\n"caught two"\n3\n', 0),
    ('as_bindings_and_destructuring', ['-c', '. as [$a, {b: $b}] | [$a, $b], (.[1] as {$b} | $b)'], '[1,{"b":2}]',
     '[1,2]\n2\n', 0),
    ('reduce_and_foreach', ['-c', 'reduce .[] as $x (0; . + $x), [foreach .[] as $x (0; . + $x)]'], '[1,2,3]',
     '6\n[1,3,6]\n', 0),
    ('def_with_filter_and_value_parameters', ['-c', 'def f(g): [g, g]; def inc($n): . + $n; f(.[]), (.[0] | inc(10)), [.[] | inc(1,2)]'], '[1,2]',
     '[1,2,1,2]\n11\n[2,3,3,4]\n', 0),
    ('recursive_def', ['-c', 'def fac: if . <= 1 then 1 else . * (. - 1 | fac) end; map(fac)'], '[1,5,10]',
     '[1,120,3628800]\n', 0),
    ('length_keys_values_has_in', ['-c', 'length, keys, keys_unsorted, [.[] | values], has("a"), ("a" | in({"a":1})), ([.[] | length])'], '{"b":"xyz","a":null,"c":[1,2]}',
     '3\n["a","b","c"]\n["b","a","c"]\n["xyz",[1,2]]\ntrue\ntrue\n[3,0,2]\n', 0),
    ('map_map_values_select_empty', ['-c', 'map(. * 2), map_values(. + 1), map(select(. > 1)), [empty]'], '[1,2,3]',
     '[2,4,6]\n[2,3,4]\n[2,3]\n[]\n', 0),
    ('add_any_all_range', ['-c', 'add, any, all, (map(. > 1) | any, all), [range(3)], [range(1;4)], [range(0;10;4)]'], '[1,2,3]',
     '6\ntrue\ntrue\ntrue\nfalse\n[0,1,2]\n[1,2,3]\n[0,4,8]\n', 0),
    ('math_floor_sqrt_tostring_tonumber_type', ['-c', '[.[] | floor], (.[1] | sqrt), [.[] | tostring], ("12" | tonumber), [.[] | type]'], '[4.5, 16, 2]',
     '[4,16,2]\n4\n["4.5","16","2"]\n12\n["number","number","number"]\n', 0),
    ('sorting_grouping_and_extremes', ['-c', 'sort_by(.n), group_by(.g) | map(length), (unique_by(.g) | map(.n)), min_by(.n).n, max_by(.n).n, ([.[].n] | sort, unique, min, max, reverse)'], '[{"n":3,"g":"a"},{"n":1,"g":"b"},{"n":2,"g":"a"}]',
     '[2,2,2]\n[2,1]\n1\n3\n[1,2,3]\n[1,2,3]\n1\n3\n[3,2,1]\n[2,1]\njq: error (at <stdin>:0): Cannot index array with string "g"\n', 5),
    ('contains_inside_startswith_endswith_trims', ['-c', 'contains("bar"), ("bar" | inside("foobar")), startswith("foo"), endswith("x"), ltrimstr("foo"), rtrimstr("bar")'], '"foobar"',
     'true\ntrue\ntrue\nfalse\n"bar"\n"foo"\n', 0),
    ('split_join_ascii_case_explode_implode', ['-c', 'split(","), (split(",") | join("-")), ascii_upcase, (explode | implode), ([65,66] | implode)'], '"a,b,c"',
     '["a","b","c"]\n"a-b-c"\n"A,B,C"\n"a,b,c"\n"AB"\n', 0),
    ('regex_test_match_capture_sub_gsub_scan_splits', ['-c', 'test("[0-9]+"), [match("[0-9]+"; "g") | .string], capture("(?<word>[a-z]+) (?<num>[0-9]+)"), sub("[0-9]+"; "N"), gsub("[0-9]+"; "N"), [scan("[a-z]+")], [splits(" +")]'], '"web 12  db 345"',
     'true\n["12","345"]\n{"word":"web","num":"12"}\n"web N  db 345"\n"web N  db N"\n["web","db"]\n["web","12","db","345"]\n', 0),
    ('entries_round_trip', ['-c', 'to_entries, (to_entries | from_entries), with_entries(.value += 1), with_entries(select(.key != "a"))'], '{"a":1,"b":2}',
     '[{"key":"a","value":1},{"key":"b","value":2}]\n{"a":1,"b":2}\n{"a":2,"b":3}\n{"b":2}\n', 0),
    ('from_entries_takes_name_and_key_spellings', ['-c', 'from_entries'], '[{"name":"a","value":1},{"Key":"b","Value":2},{"k":"c"}]',
     'jq: error (at <stdin>:0): Cannot use null (null) as object key\n', 5),
    ('paths_getpath_setpath_del', ['-c', '[paths], [leaf_paths], getpath(["a","b"]), setpath(["a","c"]; 2), del(.a.b), del(.x[0])'], '{"a":{"b":1},"x":[1,2]}',
     '[["a"],["a","b"],["x"],["x",0],["x",1]]\n[["a","b"],["x",0],["x",1]]\n1\n{"a":{"b":1,"c":2},"x":[1,2]}\n{"a":{},"x":[1,2]}\n{"a":{"b":1},"x":[2]}\n', 0),
    ('assignments', ['-c', '.a += 1 | .b = 2 | .c |= 3 | .d //= 4 | .e[1] = true'], '{"a":1}',
     '{"a":2,"b":2,"c":3,"d":4,"e":[null,true]}\n', 0),
    ('update_with_empty_deletes_in_jq_1_6', ['-c', '.[] |= empty'], '[1,2,3]',
     '[2]\n', 0),
    ('tojson_fromjson_and_formats', ['-c', 'tojson, (tojson | fromjson), @json, @text, @csv, @tsv, @sh, @base64, (@base64 | @base64d), @html, @uri'], '[1,"a b",null,true]',
     '"[1,\\"a b\\",null,true]"\n[1,"a b",null,true]\n"[1,\\"a b\\",null,true]"\n"[1,\\"a b\\",null,true]"\n"1,\\"a b\\",,true"\n"1\\ta b\\t\\ttrue"\n"1 \'a b\' null true"\n"WzEsImEgYiIsbnVsbCx0cnVlXQ=="\n"[1,\\"a b\\",null,true]"\n"[1,&quot;a b&quot;,null,true]"\n"%5B1%2C%22a%20b%22%2Cnull%2Ctrue%5D"\n', 0),
    ('raw_output_of_formats', ['-r', '@csv, @tsv, @sh'], '["web-1","Running",3]',
     '"web-1","Running",3\nweb-1\tRunning\t3\n\'web-1\' \'Running\' 3\n', 0),
    ('base64d_decodes_secret_data', ['-r', '.data | map_values(@base64d)'], '{"data":{"password":"MWYyZDFlMmU2N2Rm","username":"YWRtaW4="}}',
     '{\n  "password": "1f2d1e2e67df",\n  "username": "admin"\n}\n', 0),
    ('first_last_limit_nth_flatten_indices', ['-c', 'first, last, [limit(2; .[])], nth(1), first(.[]), [.[] | numbers], ([[1,[2]],3] | flatten, flatten(1)), indices(2), index(2)'], '[1,2,3,2]',
     '1\n2\n[1,2]\n2\n1\n[1,2,3,2]\n[1,2,3]\n[1,[2],3]\n[1,3]\n1\n', 0),
    ('string_indices_count_bytes_as_jq_1_6_does', ['-c', 'indices(","), index(",")'], '"aé,b,c"',
     '[3,5]\n3\n', 0),
    ('label_break_and_input_inputs', ['-c', '[label $out | .[] | if . > 1 then ., break $out else . end], input, [inputs]'], '[1,2,3]\n4\n5\n6',
     '[1,2]\n4\n[5,6]\n', 0),
    ('env_and_dollar_env', ['-r', '$ENV.HOME, env.HOME'], 'null',
     '/root\n/root\n', 0),
    ('virtual_time_todate_fromdate', ['-c', 'todate, (todate | fromdate), gmtime, (gmtime | mktime), strftime("%A %B %d %Y")'], '1700000000',
     '"2023-11-14T22:13:20Z"\n1700000000\n[2023,10,14,22,13,20,2,317]\n1700000000\n"Tuesday November 14 2023"\n', 0),
    ('tostream_events', ['-c', 'tostream'], '{"a":[1,{"b":2}]}',
     '[["a",0],1]\n[["a",1,"b"],2]\n[["a",1,"b"]]\n[["a",1]]\n[["a"]]\n', 0),
    ('walk_transpose_combinations', ['-c', 'walk(if type == "number" then . + 1 else . end), ([[1,2],[3]] | transpose), ([[1,2],[3,4]] | [combinations])'], '[1,{"a":2}]',
     '[2,{"a":3}]\n[[1,3],[2,null]]\n[[1,3],[1,4],[2,3],[2,4]]\n', 0),
]

OPTIONS = [
    ('raw_output', ['-r', '.[]'], '["a\\nb", 1, [1]]',
     'a\nb\n1\n[\n  1\n]\n', 0),
    ('join_output', ['-j', '.[]'], '["a", 1, "b"]',
     'a1b', 0),
    ('null_input', ['-n', '1 + 1'], '',
     '2\n', 0),
    ('slurp', ['-s', '-c', '.'], '1 2\n[3]',
     '[1,2,[3]]\n', 0),
    ('sort_keys', ['-S', '.'], '{"b":1,"a":{"d":1,"c":2}}',
     '{\n  "a": {\n    "c": 2,\n    "d": 1\n  },\n  "b": 1\n}\n', 0),
    ('tab', ['--tab', '.'], '{"a":[1]}',
     '{\n\t"a": [\n\t\t1\n\t]\n}\n', 0),
    ('indent_1', ['--indent', '1', '.'], '{"a":[1]}',
     '{\n "a": [\n  1\n ]\n}\n', 0),
    ('indent_0_is_compact', ['--indent', '0', '.'], '{"a":[1]}',
     '{"a":[1]}\n', 0),
    ('ascii_output', ['-a', '-c', '.'], '["é😀"]',
     '["\\u00e9\\ud83d\\ude00"]\n', 0),
    ('arg_and_argjson', ['-n', '-c', '--arg', 'x', '1', '--argjson', 'y', '{"z":2}', '[$x, $y, $ARGS.named]'], '',
     '["1",{"z":2},{"x":"1","y":{"z":2}}]\n', 0),
    ('exit_status_false', ['-e', '.a'], '{"a":false}',
     'false\n', 1),
    ('exit_status_no_output', ['-e', 'empty'], '{}',
     '', 4),
    ('exit_status_value', ['-e', '.a'], '{"a":1}',
     '1\n', 0),
    ('color_output', ['-C', '-c', '.'], '{"a":[1,"x",null]}',
     '\x1b[1;39m{\x1b[0m\x1b[34;1m"a"\x1b[0m\x1b[1;39m:\x1b[0m\x1b[1;39m[\x1b[0;39m1\x1b[0m\x1b[1;39m,\x1b[0;32m"x"\x1b[0m\x1b[1;39m,\x1b[1;30mnull\x1b[0m\x1b[1;39m\x1b[1;39m]\x1b[0m\x1b[1;39m\x1b[1;39m}\x1b[0m\n', 0),
    ('raw_input', ['-R', '.'], 'a\nb\n',
     '"a"\n"b"\n', 0),
    ('raw_input_slurp', ['-R', '-s', '.'], 'a\nb\n',
     '"a\\nb\\n"\n', 0),
]

ERRORS = [
    ('index_error_names_stdin_line', ['.a.b'], '{"a":1}\n{"a":2}\n',
     'jq: error (at <stdin>:1): Cannot index number with string "b"\njq: error (at <stdin>:2): Cannot index number with string "b"\n', 5),
    ('cannot_index_array_with_string', ['.items.foo'], '{"items":[]}\n',
     'jq: error (at <stdin>:1): Cannot index array with string "foo"\n', 5),
    ('cannot_iterate_over_number', ['.[]'], '5',
     'jq: error (at <stdin>:0): Cannot iterate over number (5)\n', 5),
    ('type_error_truncates_the_value', ['. - 1'], '"abcdefghijklmnopqrstuvwxyz"',
     'jq: error (at <stdin>:0): string ("abcdefghij...) and number (1) cannot be subtracted\n', 5),
    ('error_with_an_object_is_not_a_string', ['error'], '{"a":1}',
     'jq: error (at <stdin>:0) (not a string): {"a":1}\n', 5),
    ('syntax_error_unexpected_end', ['.foo['], '{}',
     'jq: error: syntax error, unexpected $end (Unix shell quoting issues?) at <top-level>, line 1:\n.foo[    \njq: 1 compile error\n', 3),
    ('syntax_error_expecting', ['map(.x'], '{}',
     "jq: error: syntax error, unexpected $end, expecting ';' or ')' (Unix shell quoting issues?) at <top-level>, line 1:\nmap(.x    \njq: 1 compile error\n", 3),
    ('syntax_error_in_a_pattern', ['. as x | x'], '{}',
     "jq: error: syntax error, unexpected IDENT, expecting '$' or '[' or '{' (Unix shell quoting issues?) at <top-level>, line 1:\n. as x | x     \njq: 1 compile error\n", 3),
    ('unterminated_if_reports_two_errors', ['if . then 1'], '{}',
     "jq: error: syntax error, unexpected $end (Unix shell quoting issues?) at <top-level>, line 1:\nif . then 1          \njq: error: Possibly unterminated 'if' statement at <top-level>, line 1:\nif . then 1\njq: 2 compile errors\n", 3),
    ('undefined_function', ['.a | foo'], '{}',
     'jq: error: foo/0 is not defined at <top-level>, line 1:\n.a | foo     \njq: 1 compile error\n', 3),
    ('undefined_variable', ['$nope'], '{}',
     'jq: error: $nope is not defined at <top-level>, line 1:\n$nope\njq: 1 compile error\n', 3),
    ('constant_division_by_zero_is_a_compile_error', ['1 / 0'], '{}',
     'jq: error: Division by zero? at <top-level>, line 1:\n1 / 0\njq: 1 compile error\n', 3),
    ('table_piped_into_jq_is_invalid_json', ['.'], 'NAME    READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          5m\n',
     'parse error: Invalid numeric literal at line 1, column 5\n', 4),
    ('unfinished_json', ['.'], '{"a":[1,2',
     'parse error: Unfinished JSON term at EOF at line 1, column 9\n', 4),
    ('trailing_comma', ['.'], '[1,2,]',
     'parse error: Expected another array element at line 1, column 6\n', 4),
    ('values_before_a_parse_error_still_print', ['-c', '.'], '{"a":1}\n{"b":2}\nnope\n',
     '{"a":1}\n{"b":2}\nparse error: Invalid literal at line 4, column 0\n', 4),
    ('unknown_option', ['--frobnicate', '.'], '{}',
     'jq: Unknown option --frobnicate\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n', 2),
    ('arg_takes_two_parameters', ['--arg', 'x'], '{}',
     'jq: --arg takes two parameters (e.g. --arg varname value)\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n', 2),
    ('bad_argjson', ['--argjson', 'x', '{bad', '.'], '{}',
     'jq: invalid JSON text passed to --argjson\nUse jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://stedolan.github.io/jq\n', 2),
]


PATHS = [
    ('path_of_a_value_identical_to_the_one_at_the_path_is_kept', ['-c', 'path(.a | . as $x | $x | .b), path(.[0] | 1)'], '{"a":{"b":1}}',
     '["a","b"]\njq: error (at <stdin>:0): Cannot index object with number\n', 5),
    ('indexing_a_computed_value_in_a_path_is_refused', ['-c', 'path(tostring | .a)'], '[1]',
     'jq: error (at <stdin>:0): Invalid path expression near attempt to access element "a" of "[1]"\n', 5),
    ('iterating_a_computed_value_in_a_path_is_refused', ['-c', 'path(1 | .[])'], 'null',
     'jq: error (at <stdin>:0): Invalid path expression near attempt to iterate through 1\n', 5),
    ('a_computed_result_of_a_path_is_refused', ['-c', 'path(.a | map(.))'], '{"a":[1]}',
     'jq: error (at <stdin>:0): Invalid path expression with result [1]\n', 5),
    ('reduce_in_a_path_loses_the_path_after_its_first_pass', ['-c', 'path(reduce (1,2) as $x (.; .a))'], '{"a":{"a":1}}',
     'jq: error (at <stdin>:0): Invalid path expression near attempt to access element "a" of {"a":1}\n', 5),
    ('last_in_a_path_returns_a_value_not_a_path', ['-c', 'path(last(.[]))'], '[1,2,3]',
     'jq: error (at <stdin>:0): Invalid path expression with result 3\n', 5),
    ('foreach_after_an_empty_update_starts_from_null', ['-c', '[foreach (1,2,3) as $x (10; if $x == 1 then empty else . + $x end)]'], 'null',
     '[2,5]\n', 0),
    ('assignments_through_select', ['-c', '(.spec.containers[] | select(.name == "c") | .image) = "nginx:1.27"'], '{"spec":{"containers":[{"name":"c","image":"nginx"},{"name":"d","image":"x"}]}}',
     '{"spec":{"containers":[{"name":"c","image":"nginx:1.27"},{"name":"d","image":"x"}]}}\n', 0),
    ('del_through_select', ['-c', 'del(.items[] | select(.metadata.name == "b"))'], '{"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}}]}',
     '{"items":[{"metadata":{"name":"a"}}]}\n', 0),
]


@pytest.mark.parametrize("name,argv,stdin,expected,code", LANGUAGE, ids=[c[0] for c in LANGUAGE])
def test_the_language_answers_as_jq_1_6(learner, name, argv, stdin, expected, code):
    assert jq(learner, argv, stdin) == (expected, code)


@pytest.mark.parametrize("name,argv,stdin,expected,code", PATHS, ids=[c[0] for c in PATHS])
def test_path_expressions_keep_a_path_as_long_as_jq_1_6_does(learner, name, argv, stdin, expected, code):
    assert jq(learner, argv, stdin) == (expected, code)


@pytest.mark.parametrize("name,argv,stdin,expected,code", OPTIONS, ids=[c[0] for c in OPTIONS])
def test_the_options_format_output_as_jq_1_6_main_c(learner, name, argv, stdin, expected, code):
    assert jq(learner, argv, stdin) == (expected, code)


@pytest.mark.parametrize("name,argv,stdin,expected,code", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors_use_jq_1_6s_words_and_exit_codes(learner, name, argv, stdin, expected, code):
    assert jq(learner, argv, stdin) == (expected, code)


def test_now_is_the_clusters_virtual_clock(learner):
    now = learner.epoch + learner.clock.now
    text, code = jq(learner, ["-n", "now"], "")
    assert (float(text), code) == (now, 0)


@pytest.mark.parametrize("program", ["[range(1e9)]", "repeat(1)", "last(range(1e9))", "{} | until(false; .)",
                                     "reduce range(1e8) as $x (0; . + $x)"])
def test_a_program_that_never_ends_stops_at_the_consoles_bound(learner, program):
    text, code = jq(learner, ["-n", "-c", program], "")
    assert text.endswith("jq: error (at <unknown>): this console stops a jq program after 1000000 steps "
                         "(a generator without limit, such as range(1e9) or repeat, never ends here)\n")
    assert code == 5


def test_a_program_that_recurses_forever_stops_with_an_error(learner):
    assert jq(learner, ["-n", "def f: f; f"], "") == (
        "jq: error (at <unknown>): this console stops a jq program that recurses deeper than it can follow\n", 5)


def test_a_huge_repeated_string_is_refused(learner):
    text, code = jq(learner, ["-n", '"x" * 1e9'], "")
    assert (text, code) == ('jq: error (at <unknown>): string ("x") and number (1000000000) cannot be multiplied: '
                            "the result would be larger than this console holds\n", 5)


def test_with_no_program_at_the_terminal_it_prints_the_short_usage(learner):
    text, code = learner.run("jq").text, learner.run("jq").exit_code
    assert text.startswith("jq - commandline JSON processor [version 1.6]\n\nUsage:\tjq [options] <jq filter> [file...]\n")
    assert text.endswith("For a listing of options, use jq --help.\n") and code == 2


def test_with_no_program_on_a_pipe_it_runs_dot(learner):
    out = learner.run("echo '{\"a\": [1]}' | jq")
    assert (out.text, out.exit_code) == ('{\n  "a": [\n    1\n  ]\n}\n', 0)


def test_file_arguments_are_read_in_turn_and_a_missing_one_exits_2():
    c = Cluster(seed=1)
    c.run("echo '{\"n\": 1}' > a.json")
    out = c.run("jq -c .n a.json missing.json a.json")
    assert (out.text, out.exit_code) == ("1\njq: error: Could not open missing.json: No such file or directory\n1\n", 2)


def test_runtime_errors_name_the_file_and_line():
    c = Cluster(seed=1)
    c.run("printf '{}\\n[1]\\n' > in.json")
    out = c.run("jq .a in.json")
    assert (out.text, out.exit_code) == ("null\njq: error (at in.json:2): Cannot index array with string \"a\"\n", 5)


# -- with kubectl's output, as kubernetes.io pages and blog posts pipe it ---------------------------

@pytest.fixture(scope="module")
def running():
    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx --replicas=2")
    c.run("sim advance 60s")
    return c


def test_running_pod_names_from_kubectl_get_pods_o_json(running):
    names = running.run("kubectl get pods -o jsonpath='{.items[*].metadata.name}'").text.split()
    out = running.run("""kubectl get pods -o json | jq -r '.items[] | select(.status.phase=="Running") | .metadata.name'""")
    assert (out.text, out.exit_code) == ("".join(n + "\n" for n in names), 0)


def test_node_usage_from_the_metrics_api(running):
    raw = running.run("kubectl get --raw /apis/metrics.k8s.io/v1beta1/nodes").text
    import json
    usage = json.loads(raw)["items"][0]["usage"]
    out = running.run("kubectl get --raw /apis/metrics.k8s.io/v1beta1/nodes | jq '.items[0].usage'")
    assert (out.text, out.exit_code) == (f'{{\n  "cpu": "{usage["cpu"]}",\n  "memory": "{usage["memory"]}"\n}}\n', 0)


def test_container_images_of_a_deployment(running):
    out = running.run("kubectl get deploy web -o json | jq -c '.spec.template.spec.containers[] | {name, image}'")
    assert (out.text, out.exit_code) == ('{"name":"nginx","image":"nginx"}\n', 0)


def test_the_count_of_pods_and_a_tsv_of_nodes(running):
    assert running.run("kubectl get pods -o json | jq '.items | length'").text == "2\n"
    out = running.run("kubectl get nodes -o json | jq -r '.items[] | [.metadata.name, .status.nodeInfo.kubeletVersion] | @tsv'")
    assert out.text == "".join(f"{n}\tv1.32.0\n" for n in
                               running.run("kubectl get nodes -o jsonpath='{.items[*].metadata.name}'").text.split())


def test_a_table_piped_into_jq_is_a_parse_error(running):
    out = running.run("kubectl get pods | jq .")
    assert (out.text, out.exit_code) == ("parse error: Invalid numeric literal at line 1, column 5\n", 4)


def test_errors_in_a_pipeline_name_stdins_last_line(running):
    lines = running.run("kubectl get pods -o json | wc -l").text.strip()
    out = running.run("kubectl get pods -o json | jq '.items.name'")
    assert (out.text, out.exit_code) == (f'jq: error (at <stdin>:{lines}): Cannot index array with "name"\n'.replace(
        'with "name"', 'with string "name"'), 5)


def test_tab_completes_jq_and_then_file_names_as_bash_does_without_a_jq_completion():
    c = Cluster(seed=1)
    c.run("echo '{}' > pods.json")
    assert "jq" in c.console.complete("j")
    assert c.console.complete("jq . po") == ["pods.json"]


def test_dollar_loc_names_the_programs_line(learner):
    # jq 1.6: `jq -nc '\n\n$__loc__'` prints {"file":"<top-level>","line":3}
    assert jq(learner, ["-nc", "\n\n$__loc__"], "") == ('{"file":"<top-level>","line":3}\n', 0)


def test_a_path_through_a_computed_value_is_refused_in_jq_1_6s_words(learner):
    # jq 1.6: `printf '[1]' | jq -c 'path(tostring)'`, `printf null | jq -c 'del(.[] | select(. == 2))'`
    assert jq(learner, ["-c", "path(tostring)"], "[1]") == (
        'jq: error (at <stdin>:0): Invalid path expression with result "[1]"\n', 5)
    assert jq(learner, ["-c", "del(.[] | select(. == 2))"], "null") == (
        "jq: error (at <stdin>:0): Cannot iterate over null (null)\n", 5)
