-- SPDX-License-Identifier: GPL-2.0
--
-- "p99 of TRNG_RND64 forwarded calls across the fleet, per kernel, this
-- week", over the Distributed tables (docs/fleet/distributed.sql): the
-- calls forwarded to the VMM (location 'user') of sessions created since
-- Monday (created is ISO 8601 UTC, so it compares as text), the p99 by
-- nearest rank as in percentiles.sql. GLOBAL IN: the sessions are looked
-- up once, across the shards, and the list sent to each.

SELECT kernel, calls,
	if(length(v) = 0, NULL,
	   v[greatest(1, intDiv(length(v) * 990 + 999, 1000))]) AS p99_ns
FROM (
	SELECT kernel, count() AS calls, arraySort(groupArray(total_ns)) AS v
	FROM smccctrace.calls_all
	WHERE name = 'TRNG_RND64' AND location = 'user'
	  AND (host, session) GLOBAL IN (
		SELECT host, session FROM smccctrace.sessions_all
		WHERE created >= toString(toMonday(today())))
	GROUP BY kernel
)
ORDER BY kernel;
