import io
import json

from commons.screening.cli import main, screen_jsonl

KEYS = {"id", "decision", "flags", "scores", "spans"}


def run(lines):
    stdin = io.StringIO("".join(line + "\n" for line in lines))
    stdout = io.StringIO()
    code = screen_jsonl(stdin, stdout)
    return code, [json.loads(line) for line in stdout.getvalue().splitlines()]


def test_cli_writes_one_result_per_input_in_order():
    code, out = run(
        [
            json.dumps({"id": 1, "text": "we crushed quota"}),
            json.dumps(
                {"id": "b", "text": "her cell is 415-555-0132", "context": {"where": "comment"}}
            ),
            json.dumps({"id": 3, "text": "DM me to 3x your pipeline"}),
        ]
    )
    assert code == 0
    assert [o["id"] for o in out] == [1, "b", 3]
    assert all(set(o) == KEYS for o in out)
    assert [o["decision"] for o in out] == ["allow", "block", "nudge"]
    assert out[1]["spans"] == [{"category": "doxing", "kind": "phone", "start": 12, "end": 24}]


def test_cli_scores_cover_the_six_categories():
    _, [out] = run([json.dumps({"id": 1, "text": "hello"})])
    assert set(out["scores"]) == {
        "harassment",
        "hate",
        "threat",
        "sexual",
        "doxing",
        "solicitation",
    }
    assert out["flags"] == [] and out["decision"] == "allow"


def test_cli_context_is_optional_and_applied():
    _, out = run(
        [
            json.dumps(
                {
                    "id": 1,
                    "text": "DM me to 3x your pipeline",
                    "context": {"post_kind": "pitch_practice"},
                }
            ),
            json.dumps({"id": 2, "text": "DM me to 3x your pipeline"}),
        ]
    )
    assert [o["decision"] for o in out] == ["allow", "nudge"]


def test_cli_malformed_lines_get_error_lines_and_the_run_goes_on():
    code, out = run(
        [
            "not json",
            json.dumps({"id": "x", "text": 5}),
            json.dumps([1, 2]),
            json.dumps({"id": 7, "text": "hi", "context": "post"}),
            json.dumps({"id": 8, "text": "hello"}),
        ]
    )
    assert code == 1
    assert out[0] == {"id": None, "line": 1, "error": out[0]["error"]}
    assert out[1]["id"] == "x" and out[1]["line"] == 2 and "text" in out[1]["error"]
    assert out[2]["line"] == 3
    assert out[3]["id"] == 7 and "context" in out[3]["error"]
    assert out[4]["id"] == 8 and out[4]["decision"] == "allow"


def test_cli_skips_blank_lines_but_counts_them():
    _, out = run(["", json.dumps({"id": 1, "text": "hello"}), "   ", "{"])
    assert out[0]["id"] == 1
    assert out[1]["line"] == 4


def test_cli_keeps_order_across_batches():
    lines = [json.dumps({"id": i, "text": f"message number {i}"}) for i in range(600)]
    lines.insert(300, "garbage")
    _, out = run(lines)
    assert len(out) == 601
    assert out[300]["line"] == 301
    assert [o["id"] for o in out if "error" not in o] == list(range(600))


def test_cli_main_dispatches_screen(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": 1, "text": "hi"}) + "\n"))
    assert main(["screen"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == 1
