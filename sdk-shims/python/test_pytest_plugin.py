"""The pytest plugin under real pytest: an inner session (pytester) uses the fixtures the way a
project's tests would, and these tests check what it printed and wrote.

Run: DYNEMU_BIN=build/emulator/dynemu python3 -m pytest -p pytester sdk-shims/python/test_pytest_plugin.py

The inner tests' request units are worked out by hand from DynamoDB's on-demand rules (item size =
attribute name bytes + value bytes; writes in 1 KB steps, doubled in a transaction; reads in 4 KB
steps, halved when eventually consistent; a Scan page charged for all the bytes it read).
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

INNER_TESTS = '''
def create(client):
    client.create_table(TableName="Priced", BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])


def item(pk, data_bytes):
    return {"pk": {"S": pk}, "data": {"S": "x" * data_bytes}}


def test_writes_and_reads(dynemu):
    create(dynemu)
    dynemu.put_item(TableName="Priced", Item=item("a", 1490))  # 3 + 1494 = 1497 B: 2 WRU
    key = {"pk": {"S": "a"}}
    assert dynemu.get_item(TableName="Priced", Key=key, ConsistentRead=True)["Item"]  # 1 RRU
    assert dynemu.get_item(TableName="Priced", Key=key)["Item"]                       # 0.5 RRU


def test_transaction_and_scan(dynemu):
    create(dynemu)
    dynemu.transact_write_items(TransactItems=[{"Put": {"TableName": "Priced", "Item": item("b", 500)}}])  # 507 B: 1 x 2
    dynemu.put_item(TableName="Priced", Item=item("c", 5000))  # 5007 B: 5 WRU
    page = dynemu.scan(TableName="Priced", FilterExpression="pk = :b",
                       ExpressionAttributeValues={":b": {"S": "b"}})  # 5514 B read: 2 x 4 KB, halved: 1 RRU
    assert (page["ScannedCount"], page["Count"]) == (2, 1)


def test_that_never_calls_dynamodb():
    assert True
'''


def run_inner(pytester, monkeypatch, *args):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (HERE, os.environ.get("PYTHONPATH")) if p))
    monkeypatch.delenv("DYNEMU_SEED", raising=False)
    pytester.makeconftest('pytest_plugins = ["dynemu_pytest"]\n')
    pytester.makepyfile(test_inner=INNER_TESTS)
    return pytester.runpytest_subprocess(*args)


def entries(report):
    return {t["name"]: t for t in report["tests"]}


def test_the_session_prints_the_cost_report(pytester, monkeypatch):
    monkeypatch.delenv("DYNEMU_REPORT", raising=False)
    result = run_inner(pytester, monkeypatch)
    result.assert_outcomes(passed=3)
    out = result.stdout.str()
    assert "- dynemu cost report -" in out, out
    # Run: 1.5 + 1 RRU, 2 + 7 WRU -> 2.5 x 0.25 + 9 x 1.25 = 11.875 dollars per million runs.
    result.stdout.fnmatch_lines([
        "dynemu cost report: 2 tests, 8 requests, 2.5 RRU, 9 WRU: $11.875 per million runs *",
        "  most expensive tests:",
        "*$/million runs*RRU*WRU*reqs*test",
        "*$9 * 1 * 7 * 4  test_inner.py::test_transaction_and_scan",
        "*$2.875 * 1.5 * 2 * 4  test_inner.py::test_writes_and_reads",
        "  tests that scanned:",
        "    test_inner.py::test_transaction_and_scan: 1 Scan, 2 items scanned, 1 returned",
    ])
    assert "test_that_never_calls_dynamodb" not in out


def test_dynemu_report_writes_json_and_markdown_merged_with_an_earlier_report(pytester, monkeypatch, tmp_path):
    base = tmp_path / "cost"
    earlier = {"format": "dynemu-cost-report/1", "tests": [
        {"name": "Cpp.Suite", "requests": 2, "operations": {"Query": 2}, "touched": ["Users/ByEmail"],
         "scans": 0, "itemsScanned": 0, "itemsReturned": 0, "readRequestUnits": 1, "writeRequestUnits": 0},
        {"name": "test_inner.py::test_writes_and_reads", "requests": 99, "readRequestUnits": 99}]}
    (tmp_path / "cost.json").write_text(json.dumps(earlier))
    monkeypatch.setenv("DYNEMU_REPORT", str(base) + ".json")
    result = run_inner(pytester, monkeypatch)
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines([f"dynemu cost report written to {base}.json and {base}.md"])

    report = json.loads((tmp_path / "cost.json").read_text())
    tests = entries(report)
    assert set(tests) == {"Cpp.Suite", "test_inner.py::test_writes_and_reads", "test_inner.py::test_transaction_and_scan"}
    assert tests["Cpp.Suite"]["readRequestUnits"] == 1  # kept from the earlier report
    writes = tests["test_inner.py::test_writes_and_reads"]  # replaced by this run
    assert (writes["requests"], writes["readRequestUnits"], writes["writeRequestUnits"]) == (4, 1.5, 2)
    assert writes["operations"] == {"CreateTable": 1, "PutItem": 1, "GetItem": 2}
    assert writes["costPerMillionRuns"] == 2.875
    scan = tests["test_inner.py::test_transaction_and_scan"]
    assert (scan["readRequestUnits"], scan["writeRequestUnits"], scan["costPerMillionRuns"]) == (1, 7, 9)
    assert (scan["scans"], scan["itemsScanned"], scan["itemsReturned"]) == (1, 2, 1)
    assert scan["touched"] == ["Priced"]
    assert report["run"]["readRequestUnits"] == 1 + 1.5 + 1
    assert report["rates"] == {"currency": "USD", "readRequestUnitsPerMillion": 0.25, "writeRequestUnitsPerMillion": 1.25}

    markdown = (tmp_path / "cost.md").read_text()
    assert "| test_inner.py::test_transaction_and_scan | $9 | 1 | 7 | 4 |" in markdown, markdown
    assert "| Cpp.Suite | $0.25 | 1 | 0 | 2 | Query 2 | Users/ByEmail | none |" in markdown
    assert "- test_inner.py::test_transaction_and_scan: 1 Scan, 2 items scanned, 1 returned (Priced)" in markdown


def test_prices_come_from_the_environment(pytester, monkeypatch):
    monkeypatch.delenv("DYNEMU_REPORT", raising=False)
    monkeypatch.setenv("DYNEMU_READ_UNIT_PRICE", "1")
    monkeypatch.setenv("DYNEMU_WRITE_UNIT_PRICE", "2")
    result = run_inner(pytester, monkeypatch, "-k", "transaction")
    result.assert_outcomes(passed=1, deselected=2)
    # 1 RRU x $1 + 7 WRU x $2
    result.stdout.fnmatch_lines([
        "dynemu cost report: 1 test, 4 requests, 1 RRU, 7 WRU: $15 per million runs ($1 per million read *",
        "*$15 * 1 * 7 * 4  test_inner.py::test_transaction_and_scan",
    ])
