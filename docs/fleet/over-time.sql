-- SPDX-License-Identifier: GPL-2.0
--
-- Calls over time: each session's calls per second from its first call
-- (time stamps are the trace clock's nanoseconds, which start anew with
-- each host's boot, so seconds count from the session's first time stamp),
-- with how many went to the VMM and the slowest latency in that second.

SELECT host, session, intDiv(t_exit - session_first_ns, 1000000000) AS second,
	count() AS calls, countIf(location = 'user') AS forwarded,
	max(total_ns) AS max_ns
FROM smccctrace.calls
WHERE t_exit IS NOT NULL
GROUP BY host, session, session_first_ns, second
ORDER BY host, session, second;
