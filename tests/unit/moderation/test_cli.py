import io
import json

from services.moderation.cli import main, run_classify


def _run(lines: list[str], policy: str = "eskilstuna") -> tuple[int, list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_classify(policy, io.StringIO("\n".join(lines) + "\n"), out, err)
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_classify_reads_and_writes_json_lines() -> None:
    code, rows, _ = _run([json.dumps({"id": "a", "text": "Jag ska döda dig, jävla idiot"}),
                          json.dumps({"id": 2, "text": "När öppnar biblioteket?"})])
    assert code == 0
    assert [r["id"] for r in rows] == ["a", 2]
    assert set(rows[0]) >= {"id", "categories", "intents", "spans", "actions"}
    assert rows[0]["categories"] == ["personal_attack", "threat", "profanity"]
    assert {"action": "remove", "category": "threat"}.items() <= rows[0]["actions"][1].items()
    assert rows[1]["intents"] == ["question"] and rows[1]["categories"] == []
    assert all(r["text"] == "Jag ska döda dig, jävla idiot"[r["start"]:r["end"]] for r in rows[0]["spans"])


def test_categories_are_reported_even_where_the_pack_allows_them() -> None:
    _, rows, _ = _run([json.dumps({"id": 1, "text": "Fan vad bra"})], policy="knivsta")
    assert rows[0]["categories"] == ["profanity"] and rows[0]["actions"] == []


def test_a_bad_line_is_reported_and_the_rest_still_classified() -> None:
    code, rows, err = _run(["not json", json.dumps({"text": "no id"}), json.dumps({"id": "ok", "text": "Hej"})])
    assert code == 1
    assert rows[0]["error"].startswith("not valid JSON") and rows[1]["error"].startswith("each line needs")
    assert rows[2]["id"] == "ok" and rows[2]["categories"] == []
    assert "line 1" in err


def test_unknown_pack_is_a_clear_error(capsys) -> None:
    assert main(["classify", "--policy", "atlantis"]) == 2
    assert "no policy pack named 'atlantis'" in capsys.readouterr().err
