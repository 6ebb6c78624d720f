"""Pure algorithms over plain data: the referral path search and the centrality maths.

No database and no web here: graph/ fetches the data and stores the results, and the
benchmarks and evaluations (seed/) call these directly.
"""
