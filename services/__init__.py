"""Use cases: one public function per user action, shared by the API, the web pages and
the CLI. Each takes a `Context` (graph, rules, clock, actor), runs in one write
transaction where it writes, and is the only place that combines domain rules, storage
and events (the outbox). Entry points parse input, call one of these, and render.
"""

import graph  # noqa: F401  # first: it imports the Neo4j driver without pyarrow (see there)
