-- SPDX-License-Identifier: GPL-2.0
--
-- Sessions loaded more than once: the same identity (host, session id in
-- that host's database, first time stamp) in more than one row. Each load
-- adds the session's calls again, so its counts are doubled by a re-load;
-- this finds it before a figure is trusted.

SELECT host, session, first_ns, count() AS loads
FROM smccctrace.sessions
GROUP BY host, session, first_ns
HAVING loads > 1
ORDER BY host, session;
