from graph.schema import STATEMENTS, describe_schema, ensure_schema


def test_schema_is_created_and_idempotent(graph):
    before = describe_schema(graph)
    assert ensure_schema(graph) == 0  # everything is there: nothing runs
    after = describe_schema(graph)
    assert before == after
    assert len(after["constraints"]) + len(after["indexes"]) >= len(STATEMENTS)
    graph.execute("DROP INDEX person_email")
    assert ensure_schema(graph) == 1  # only what is missing is created again
    assert describe_schema(graph) == before
    assert {"person_id", "company_id", "introduction_id", "api_key_hash"} <= set(after["constraints"])
    assert {"person_search", "company_search", "person_email", "person_linkedin"} <= set(after["indexes"])


def test_person_id_is_unique(graph):
    import pytest
    from neo4j.exceptions import ConstraintError

    graph.execute("CREATE (:Person {id: 'p-1', name: 'Ann'})")
    with pytest.raises(ConstraintError):
        graph.execute("CREATE (:Person {id: 'p-1', name: 'Bob'})")


def test_fulltext_index_finds_names(graph):
    graph.execute("CREATE (:Person {id: 'p-1', name: 'Dana Lee', email: 'dana@acme.com'})")
    graph.execute("CALL db.awaitIndexes(10)")
    rows = graph.query(
        "CALL db.index.fulltext.queryNodes('person_search', $q) YIELD node RETURN node.id AS id",
        q="dana*",
    )
    assert [r["id"] for r in rows] == ["p-1"]


def test_processes_starting_at_once_each_ensure_the_schema_without_failing(graph):
    """gunicorn boots its workers at once and each app ensures the schema: when some rules
    are missing they race to create them, and a worker whose statement lost the race must
    still boot (an exception there would make gunicorn exit)."""
    from tests.concurrency import at_once

    before = describe_schema(graph)
    for name in ("person_email", "person_linkedin", "company_search"):
        graph.execute(f"DROP INDEX {name}")
    _created, errors = at_once(lambda _i: ensure_schema(graph), 6)
    assert errors == [] and describe_schema(graph) == before
